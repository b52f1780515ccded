"""Filtering the library, shared by the public listing and the admin export."""

from django import forms
from django.db.models import QuerySet

from taggit.models import Tag

from sources.models import Source, SourceKind


class SourceFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "All kinds"), *SourceKind.choices],
        # Django's default message repeats the raw value, control characters included.
        error_messages={"invalid_choice": "Choose one of the kinds listed."},
    )
    year = forms.IntegerField(label="Year", required=False, min_value=1500, max_value=2200)
    tag = forms.SlugField(label="Tag", required=False)
    retracted = forms.BooleanField(label="Retracted only", required=False)

    def filter(self, queryset: QuerySet) -> QuerySet:
        """Apply valid filters; invalid ones are ignored (the form shows their errors)."""
        if not self.is_bound:
            return queryset
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("year"):
            queryset = queryset.filter(year=data["year"])
        if data.get("tag"):
            queryset = queryset.filter(tags__slug=data["tag"])
        if data.get("retracted"):
            queryset = queryset.retracted()
        if data.get("q"):
            # Search across the whole library, then keep the filtered order.
            matches = Source.objects.search(data["q"])[:500]
            queryset = queryset.filter(pk__in=[source.pk for source in matches])
        return queryset.distinct()

    def tags(self) -> QuerySet:
        return Tag.objects.filter(sources_sourcetag_items__isnull=False).distinct().order_by("name")
