"""The "Reviews due" admin report: pages whose next medical review is near or past.

Any page type with a ``next_review_due`` date field takes part (today
``ArticlePage``; therapy profiles join by adding the field), so the report
finds them by field name rather than by a fixed list of models.
"""

import datetime

import django_filters

from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import PageReportView
from wagtail.coreutils import get_content_type_label
from wagtail.models import Page, get_page_models

from editorial.models import review_window

DUE_SOON_DAYS = 30


def models_with_field(name: str) -> list[type[Page]]:
    """Concrete page models that declare the field ``name`` themselves."""
    return [
        model
        for model in get_page_models()
        if any(field.name == name and field.model is model for field in model._meta.fields)
    ]


def _coalesced(field_name: str, output_field: models.Field):
    """One column holding ``field_name`` from whichever page model has it."""
    subqueries = [
        Subquery(model.objects.filter(pk=OuterRef("pk")).values(field_name)[:1])
        for model in models_with_field(field_name)
    ]
    if not subqueries:
        return models.Value(None, output_field=output_field)
    if len(subqueries) == 1:
        return subqueries[0]
    return Coalesce(*subqueries, output_field=output_field)


def pages_with_review_due(before: datetime.date) -> models.QuerySet:
    """Pages whose next review is due on or before ``before``, soonest first."""
    return (
        Page.objects.annotate(
            review_due=_coalesced("next_review_due", models.DateField()),
            reviewed_on=_coalesced("last_reviewed", models.DateField()),
        )
        .filter(review_due__isnull=False, review_due__lte=before)
        .order_by("review_due", "title")
    )


class ReviewsDueFilterSet(WagtailFilterSet):
    live = django_filters.BooleanFilter(label="Published")

    class Meta:
        model = Page
        fields = ["live"]


class ReviewsDueView(PageReportView):
    """Pages to review: overdue first, then those due within 30 days."""

    page_title = "Reviews due"
    header_icon = "time"
    results_template_name = "editorial/reviews_due_results.html"
    filterset_class = ReviewsDueFilterSet
    index_url_name = "editorial:reviews_due"
    index_results_url_name = "editorial:reviews_due_results"
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "review_due", "reviewed_on", "status_string", "content_type"]
    export_headings = {
        "title": "Title",
        "review_due": "Next review due",
        "reviewed_on": "Last reviewed",
        "status_string": "Status",
        "content_type": "Type",
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.custom_field_preprocess = {
            **self.custom_field_preprocess,
            "content_type": {
                self.FORMAT_CSV: get_content_type_label,
                self.FORMAT_XLSX: get_content_type_label,
            },
        }

    def get_filename(self) -> str:
        return f"reviews-due-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        editable = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        self.queryset = (
            pages_with_review_due(review_window(days=DUE_SOON_DAYS))
            .filter(pk__in=editable.values("pk"))
            .select_related("content_type")
        )
        return super().get_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        context["due_soon_days"] = DUE_SOON_DAYS
        return context
