"""Tag and author pages: Django views beside Wagtail's page tree."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView

from taggit.models import Tag

from articles.models import ArticlePage, Author
from articles.pagination import nearest_page
from articles.tagging import items_tagged, tags_with_counts
from articles.templatetags.article_tags import article_index_for
from therapies.models import directory_url


class TagIndexView(TemplateView):
    template_name = "articles/tag_index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(tags=tags_with_counts(), **kwargs)


class TagDetailView(TemplateView):
    """The newest published items of each type with the tag, and links to all of them.

    A tag used only on drafts does not exist here. The full lists are the
    paginated article index listing, the therapy directory and the library,
    each filtered by the tag.
    """

    template_name = "articles/tag_detail.html"

    def get_context_data(self, **kwargs):
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


class AuthorIndexView(TemplateView):
    template_name = "articles/author_index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(authors=Author.objects.all(), **kwargs)


class AuthorDetailView(TemplateView):
    """An author's bio, then their published articles and the ones they reviewed."""

    template_name = "articles/author_detail.html"
    per_page = 12

    def get_context_data(self, **kwargs):
        author = get_object_or_404(Author.objects.select_related("photo"), slug=kwargs["slug"])
        written = ArticlePage.objects.published().filter(authors__author=author).distinct()
        reviewed = ArticlePage.objects.published().filter(reviewed_by=author)
        return super().get_context_data(
            author=author,
            page_obj=nearest_page(self.request, written.for_listing(), self.per_page),
            reviewed=list(reviewed.defer_streamfields()[:20]),
            **kwargs,
        )
