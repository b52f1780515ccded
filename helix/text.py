"""Text editors type, kept free of characters HTML and XML cannot carry.

A control character in a title (pasted from a PDF, say) would be written raw
into every page, listing and feed that shows it: an HTML parse error, and a
feed that Django's generator refuses. So the text fields of pages, tags and
the content apps' models lose C0 control characters (but tab and newline)
as they are saved, whoever saves them: admin, import, shell or code.
"""

import hashlib
import re

from django.db import models

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Apps whose models hold text that readers see on public pages, feeds and the API.
CLEANED_APPS = {"wagtailcore", "taggit", "helix", "articles", "therapies", "sources"}


def strip_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def strip_control_characters_before_save(sender, instance, raw=False, **kwargs) -> None:
    """pre_save receiver: clean every char/text field of the models in ``CLEANED_APPS``."""
    if raw or sender._meta.app_label not in CLEANED_APPS:
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
                setattr(instance, field.attname, strip_control_characters(value))


def give_unsluggable_tags_a_slug(sender, instance, raw=False, **kwargs) -> None:
    """pre_save receiver for taggit's Tag: a name with no letter or digit ("'", "🧬")
    slugifies to "", which no tag URL can carry; give it a stable one instead."""
    if not raw and not instance.slug:
        digest = hashlib.sha256(instance.name.encode()).hexdigest()[:10]
        instance.slug = f"tag-{digest}"
