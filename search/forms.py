"""The search query string, cleaned so that no input can break the results page."""

import unicodedata

from django import forms

from helix.text import strip_control_characters
from search.queries import KINDS

#: Longer queries are cut here: no reader types more, and long ones only cost time.
MAX_QUERY_LENGTH = 200


def clean_query(raw: str) -> str:
    """Drop control characters, space out format characters and line separators,
    collapse whitespace, cut to a sane length."""
    printable = "".join(
        " " if unicodedata.category(char) in {"Cf", "Zl", "Zp"} else char
        for char in strip_control_characters(raw)
    )
    collapsed = " ".join(printable.split())
    if len(collapsed) <= MAX_QUERY_LENGTH:
        return collapsed
    cut = collapsed[:MAX_QUERY_LENGTH]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


class SearchForm(forms.Form):
    """``/search/?q=…&type=…&tag=…&section=…``; anything unknown is ignored, never an error."""

    q = forms.CharField(label="Search Helix", required=False, strip=False)
    type = forms.ChoiceField(
        label="Type",
        required=False,
        choices=[("", "Everything"), *((key, kind.label) for key, kind in KINDS.items())],
    )
    tag = forms.SlugField(label="Tag", required=False, allow_unicode=True, max_length=100)
    section = forms.SlugField(label="Section", required=False, max_length=100)

    def clean_q(self) -> str:
        return clean_query(self.cleaned_data.get("q") or "")

    def values(self) -> dict[str, str]:
        """The valid parameters; an invalid one (a made-up type, a malformed tag) is dropped."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if "q" not in data:
            data["q"] = clean_query(str(self.data.get("q", "")))
        return {name: data.get(name) or "" for name in ("q", "type", "tag", "section")}
