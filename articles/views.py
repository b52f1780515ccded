"""Author pages: Django views beside Wagtail's page tree."""

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from articles.models import ArticleAuthor, ArticlePage, Author
from articles.pagination import nearest_page
from caching.declared import show
from caching.keys import listing_key, object_key


class AuthorIndexView(TemplateView):
    template_name = "articles/author_index.html"

    def get_context_data(self, **kwargs):
        show(listing_key(Author), listing_key(ArticlePage), listing_key(ArticleAuthor))
        return super().get_context_data(authors=Author.objects.published(), **kwargs)


class AuthorDetailView(TemplateView):
    """An author's bio, then their published articles and the ones they reviewed."""

    template_name = "articles/author_detail.html"
    per_page = 12

    def get_context_data(self, **kwargs):
        authors = Author.objects.published().select_related("photo")
        author = get_object_or_404(authors, slug=kwargs["slug"])
        show(object_key(author), listing_key(ArticlePage), listing_key(ArticleAuthor))
        if author.photo_id:
            show(object_key(author.photo))
        written = ArticlePage.objects.published().filter(authors__author=author).distinct()
        reviewed = ArticlePage.objects.published().filter(reviewed_by=author)
        return super().get_context_data(
            author=author,
            page_obj=nearest_page(self.request, written.for_listing(), self.per_page),
            reviewed=list(reviewed.defer_streamfields()[:20]),
            **kwargs,
        )
