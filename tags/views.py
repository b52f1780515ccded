"""The tag index and tag pages: one vocabulary across every tagged content type."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView

from taggit.models import Tag

from articles.templatetags.article_tags import article_index_for
from caching.declared import show
from tags.tagging import items_tagged, listing_keys, tags_with_counts
from therapies.models import directory_url


class TagIndexView(TemplateView):
    template_name = "tags/tag_index.html"

    def get_context_data(self, **kwargs):
        show(*listing_keys())
        return super().get_context_data(tags=tags_with_counts(), **kwargs)


class TagDetailView(TemplateView):
    """The newest published items of each type with the tag, and links to all of them.

    A tag used only on drafts does not exist here. The full lists are the
    paginated article index listing, the therapy directory and the library,
    each filtered by the tag.
    """

    template_name = "tags/tag_detail.html"

    def get_context_data(self, **kwargs):
        show(*listing_keys(), "list:articles.articleindexpage", "list:therapies.therapyindexpage")
        tag = get_object_or_404(Tag, slug=kwargs["slug"])
        items = items_tagged(tag)
        if not len(items):
            raise Http404("Nothing published carries this tag.")
        return super().get_context_data(
            tag=tag,
            items=items,
            all_articles_url=self.article_listing_url(tag),
            all_therapies_url=self.therapy_listing_url(tag),
            all_sources_url=f"{reverse('sources:list')}?{urlencode({'tag': tag.slug})}",
            **kwargs,
        )

    def article_listing_url(self, tag) -> str:
        """The article index's listing of the tag, or "" when there is no live index."""
        index = article_index_for(None)
        if index is None:
            return ""
        return index.get_url(self.request) + index.reverse_subpage("tag", args=(tag.slug,))

    @staticmethod
    def therapy_listing_url(tag) -> str:
        """The therapy directory filtered by the tag, or "" when there is no directory."""
        directory = directory_url()
        return f"{directory}?{urlencode({'tag': tag.slug})}" if directory else ""
