"""The editorial snippets in the admin: authors, sections and the shared tags."""

from taggit.models import Tag
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from articles.models import Author, Section


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    list_display = ["name", "credentials", "organisation", "is_organisation"]
    list_filter = ["is_organisation"]
    ordering = ["name"]
    # Author is indexed: the search backend searches its name (autocomplete).
    copy_view_enabled = False


class SectionViewSet(SnippetViewSet):
    model = Section
    icon = "folder-open-inverse"
    menu_label = "Sections"
    list_display = ["name", "slug", "description"]
    search_fields = ["name", "description"]
    ordering = ["name"]


class TagsSnippetViewSet(SnippetViewSet):
    """Wagtail's recipe for managing taggit tags: rename, merge by hand, delete.

    One vocabulary serves articles, therapy profiles and sources.
    """

    model = Tag
    icon = "tag"
    menu_label = "Tags"
    panels = [FieldPanel("name")]
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]


class EditorialViewSetGroup(SnippetViewSetGroup):
    items = (AuthorViewSet, SectionViewSet, TagsSnippetViewSet)
    menu_icon = "doc-full"
    menu_label = "Editorial"
    menu_name = "editorial"
    menu_order = 200


register_snippet(EditorialViewSetGroup)
