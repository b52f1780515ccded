"""Public views of the library: the listing, one source, and downloads of references."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from wagtail.models import Page, Site

from caching.declared import show
from caching.keys import listing_key, object_key
from helix.links import query_with
from sources.filters import SourceFilterForm
from sources.formats import CONTENT_TYPES, EXTENSIONS, FORMATS, write
from sources.formatting import format_many
from sources.models import (
    Citation,
    CitationStyle,
    CitingPageMixin,
    ReferenceSettings,
    Source,
    SourceAuthor,
    SourceTag,
)


def citation_style(request) -> str:
    site = Site.find_for_request(request)
    if site is None:  # no Site matches the host: the default style
        return CitationStyle.VANCOUVER
    return ReferenceSettings.for_site(site).citation_style


class NearestPagePaginator(Paginator):
    """A ``?page=`` that is not a number or is out of range shows the nearest valid page."""

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            return 1
        return min(max(number, 1), self.num_pages)


class SourceListView(ListView):
    template_name = "sources/source_list.html"
    context_object_name = "sources"
    paginate_by = 20
    paginator_class = NearestPagePaginator

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_queryset(self):
        show(listing_key(Source), listing_key(SourceAuthor), listing_key(SourceTag))
        self.form = SourceFilterForm(self.request.GET or None)
        # References are stored formatted (format_many): no author is loaded.
        return self.form.filter(Source.objects.all())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_sources = list(context["sources"])
        formatted = format_many(page_sources, citation_style(self.request))
        context["entries"] = [(source, formatted[source.pk]) for source in page_sources]
        context["form"] = self.form
        context["query_string"] = query_with(self.request.GET, SourceFilterForm.base_fields)
        context["formats"] = FORMATS
        return context


class SourceDetailView(DetailView):
    template_name = "sources/source_detail.html"
    context_object_name = "source"

    def get_queryset(self):
        return Source.objects.prefetch_related("tags")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs.get("slug") != self.object.slug:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        source = self.object
        show(object_key(source), listing_key(Citation), listing_key(Page))
        context["reference_html"] = format_many([source], citation_style(self.request))[source.pk]
        # Each citing page once: an alias repeats its original's content (and citations).
        citing = Citation.objects.published().filter(source=source).values("page_id")
        context["cited_by"] = (
            Page.objects.filter(pk__in=citing, alias_of__isnull=True).specific().order_by("title")
        )
        return context


def _attachment(text: str, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(text, content_type=f"{CONTENT_TYPES[fmt]}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{EXTENSIONS[fmt]}"'
    return response


def page_references_download(request, page_id: int, fmt: str) -> HttpResponse:
    """The references and further reading of one live, public page."""
    if fmt not in FORMATS:
        raise Http404("Unknown format")
    page = get_object_or_404(Page.objects.live().public(), pk=page_id).specific
    if not isinstance(page, CitingPageMixin):
        raise Http404("This page has no references")
    sources = [reference.source for reference in page.references()]
    sources += page.further_reading_sources()
    by_id = Source.objects.prefetch_related("authors", "tags").in_bulk([s.pk for s in sources])
    ordered = [by_id[source.pk] for source in sources if source.pk in by_id]
    return _attachment(write(ordered, fmt), fmt, f"references-{page.slug}")


def library_download(request, fmt: str) -> HttpResponse:
    """The whole library, or the part the listing's filters select."""
    if fmt not in FORMATS:
        raise Http404("Unknown format")
    form = SourceFilterForm(request.GET or None)
    sources = form.filter(Source.objects.prefetch_related("authors", "tags"))
    return _attachment(write(list(sources), fmt), fmt, "helix-library")
