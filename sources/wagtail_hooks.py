"""Admin: the library's snippet views, the "citation" rich-text feature, import and export."""

import django_filters

from django.db.models import Count
from django.urls import include, path, reverse, reverse_lazy
from django.utils.functional import cached_property

from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.rich_text.editors.draftail.features import EntityFeature
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from sources import admin_views
from sources.formats import FORMATS
from sources.models import NoticeKind, Source, SourceKind
from sources.rich_text import CitationLinkHandler, ContentstateCitationConversionRule


class SourceFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(choices=SourceKind.choices)
    year = django_filters.NumberFilter()
    retracted = django_filters.BooleanFilter(label="Retracted", method="filter_retracted")
    tag = django_filters.ModelChoiceFilter(
        field_name="tags",
        queryset=Tag.objects.filter(sources_sourcetag_items__isnull=False).distinct(),
        label="Tag",
    )

    class Meta:
        model = Source
        fields = ["kind", "year", "retracted", "tag"]

    def filter_retracted(self, queryset, name, value):
        if value is None:
            return queryset
        retracted = queryset.filter(notice_kind=NoticeKind.RETRACTION)
        return retracted if value else queryset.exclude(notice_kind=NoticeKind.RETRACTION)


class SourceIndexView(IndexView):
    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        buttons.append(
            Button(
                "Import BibTeX, RIS or CSL-JSON",
                url=reverse("sources_admin:import"),
                icon_name="upload",
            )
        )
        query = self.request.GET.urlencode()
        for fmt, label in FORMATS.items():
            url = reverse("sources_admin:export", args=[fmt])
            buttons.append(
                Button(f"Export these as {label}", url=f"{url}?{query}", icon_name="download")
            )
        return buttons


class SourceViewSet(SnippetViewSet):
    model = Source
    icon = "list-ol"
    menu_label = "Reference library"
    menu_name = "sources"
    add_to_admin_menu = True
    menu_order = 250
    index_view_class = SourceIndexView
    list_display = [
        "title",
        Column("first_author", label="First author", accessor="first_author_name"),
        "year",
        Column("kind", label="Kind", accessor="get_kind_display"),
        Column("used_in", label="Used in", accessor="used_in_label", sort_key="used_in"),
        UpdatedAtColumn(),
    ]
    list_per_page = 50
    ordering = ["-year", "title"]
    filterset_class = SourceFilterSet
    copy_view_enabled = False

    def get_queryset(self, request):
        return (
            Source.objects.annotate(used_in=Count("citations", distinct=True))
            .prefetch_related("authors")
            .order_by("-year", "title")
        )


register_snippet(SourceViewSet)


@hooks.register("register_admin_urls")
def register_sources_admin_urls():
    urls = [
        path("import/", admin_views.import_sources, name="import"),
        path("import/<int:import_id>/", admin_views.import_status, name="import-status"),
        path("export/<str:fmt>/", admin_views.export_sources, name="export"),
    ]
    return [path("sources-library/", include((urls, "sources_admin")))]


@hooks.register("register_rich_text_features")
def register_citation_feature(features):
    """``citation``: cite a library source inline; the page numbers it automatically."""
    features.register_link_type(CitationLinkHandler)
    features.register_editor_plugin(
        "draftail",
        "citation",
        EntityFeature(
            {
                "type": "CITATION",
                "icon": "list-ol",
                "description": "Cite a source",
                "chooserUrls": {
                    "sourceChooser": reverse_lazy("wagtailsnippetchoosers_sources_source:choose")
                },
            },
            # chooser-modal.js provides the generic chooser's onload handlers (search, pick).
            js=["wagtailadmin/js/chooser-modal.js", "sources/js/citation-feature.js"],
            css={"all": ["sources/css/citation-feature.css"]},
        ),
    )
    features.register_converter_rule("contentstate", "citation", ContentstateCitationConversionRule)
