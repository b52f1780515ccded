"""Admin for conditions: a snippet listing editors can search and filter."""

import django_filters

from django.db.models import Exists, OuterRef

from taggit.models import Tag
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from therapies.models import Condition, TherapyPage


class ConditionFilterSet(WagtailFilterSet):
    tags = django_filters.ModelMultipleChoiceFilter(
        field_name="tags",
        queryset=Tag.objects.filter(therapies_conditiontag_items__isnull=False).distinct(),
        label="Tags",
    )
    has_therapies = django_filters.BooleanFilter(
        label="Has therapy profiles", method="filter_has_therapies"
    )

    class Meta:
        model = Condition
        fields: list[str] = []

    def filter_has_therapies(self, queryset, name, value):
        if value is None:
            return queryset
        has = Exists(TherapyPage.conditions.through.objects.filter(condition_id=OuterRef("pk")))
        return queryset.filter(has if value else ~has)


class ConditionViewSet(SnippetViewSet):
    model = Condition
    icon = "pick"
    menu_label = "Conditions"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "synonyms", "icd10", "orpha"]
    list_export = ["name", "slug", "synonyms", "icd10", "orpha"]
    ordering = ["name"]
    # Plain database matching: finds codes ("E75") and synonyms on SQLite too,
    # where the search backend can only match titles.
    search_backend_name = None
    search_fields = ["name", "synonyms", "icd10", "orpha"]
    filterset_class = ConditionFilterSet
    inspect_view_enabled = True


register_snippet(ConditionViewSet)
