"""Text editors type, kept free of characters HTML and XML cannot carry.

A control character in a title (pasted from a PDF, say) would be written raw
into every page, listing and feed that shows it: an HTML parse error, and a
feed that Django's generator refuses. So the text fields of pages, tags and
the content apps' models lose C0 control characters (but tab and newline)
as they are saved, whoever saves them: admin, import, shell or code.
"""

import hashlib
import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from wagtail.fields import StreamField

#: What no page or feed can carry: C0 controls but tab and newline (a carriage return
#: becomes a newline first), DEL, C1 controls, lone surrogates and U+FFFE/U+FFFF.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# The C0, DEL and C1 controls as JSON escapes them (StreamField), after an even run of
# backslashes. (Escaped surrogates are left alone: a pair is a valid character.)
ESCAPED_CONTROL_CHARACTERS = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u00(?:0[0-8bcef]|1[0-9a-f]|7f|[89][0-9a-f])", re.IGNORECASE
)

# Apps whose models hold text that readers see on public pages, feeds and the API.
CLEANED_APPS = {"wagtailcore", "taggit", "helix", "articles", "therapies", "sources"}


def strip_control_characters(text: str | None) -> str:
    """``text`` without ``CONTROL_CHARACTERS``, line ends normalised to ``\\n``; None gives "".

    The one definition: model fields on save, comment forms, typed tags and query
    parameters all use it, so what is stripped is the same everywhere.
    """
    if not text:
        return ""
    return CONTROL_CHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def strip_control_characters_before_save(sender, instance, raw=False, **kwargs) -> None:
    """pre_save receiver: clean every char/text field of the models in ``CLEANED_APPS``."""
    if raw or sender._meta.app_label not in CLEANED_APPS:
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, StreamField):
            stored = field.get_prep_value(getattr(instance, field.attname))
            if not isinstance(stored, str):
                stored = json.dumps(stored, cls=DjangoJSONEncoder)
            if ESCAPED_CONTROL_CHARACTERS.search(stored):
                setattr(instance, field.attname, ESCAPED_CONTROL_CHARACTERS.sub(r"\1", stored))
        elif isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
                setattr(instance, field.attname, strip_control_characters(value))


def give_unsluggable_tags_a_slug(sender, instance, raw=False, **kwargs) -> None:
    """pre_save receiver for taggit's Tag: a name with no letter or digit ("'", "🧬")
    slugifies to "", which no tag URL can carry; give it a stable one instead."""
    if not raw and not instance.slug:
        digest = hashlib.sha256(instance.name.encode()).hexdigest()[:10]
        instance.slug = f"tag-{digest}"


def split_tags(tag_string: str) -> list[str]:
    """Tag names typed in one field, split the way taggit documents its default parser.

    Double quotes group a name and may hold commas; outside quotes, any comma
    makes the whole input comma-separated, otherwise names are separated by
    spaces; an unclosed quote is ignored (what follows it is read as unquoted).
    Names are stripped, empty ones dropped, and the result is sorted and unique.
    ("apple ball" gives two names, "apple, ball cat" gives "apple" and "ball cat".)

    Ours because taggit's own parser is reached publicly only through
    ``taggit.utils.parse_tags``, which calls ``TAGGIT_TAGS_FROM_STRING``: ours.
    """
    # After splitting on '"', odd parts were inside quotes; with an odd number of
    # quotes the last one is unclosed, so the text after it counts as unquoted.
    parts = tag_string.split('"')
    closed = len(parts) % 2 == 1
    quoted = [part for number, part in enumerate(parts) if number % 2]
    loose = [part for number, part in enumerate(parts) if not number % 2]
    if not closed:
        loose.append(quoted.pop())
    delimiter = "," if any("," in part for part in loose) else " "
    names = [part.strip() for part in quoted]
    names += [name.strip() for part in loose for name in part.split(delimiter)]
    return sorted({name for name in names if name})


def tags_from_string(tag_string: str) -> list[str]:
    """Helix's parser for typed tags (``TAGGIT_TAGS_FROM_STRING``): control characters removed.

    Tag input is looked up by name before anything is saved, so it must be clean
    before taggit queries with it (PostgreSQL refuses a NUL in a query).
    """
    return split_tags(strip_control_characters(tag_string))
