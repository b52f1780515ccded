"""What the admin's page chooser shows: the pages a person works on, and what readers see.

Wagtail's page chooser (the "Choose a page" modal behind links and page fields)
lists the whole tree, drafts and private pages included, to anyone who may
enter the admin: a Comment moderator, who holds no page permission, could read
the titles of unpublished and private pages through its search. Here it shows
the pages the person may explore (where they hold a page permission, and the
way down to it, as Wagtail's explorer does) and the live pages open to readers,
which anyone may read anyway.

``construct_page_chooser_queryset`` (registered in ``wagtail_hooks``) narrows
the browse and search listings. The views that take page IDs (browsing into a
page shows that page; "chosen" answers the titles of the IDs sent) have no such
hook, so ``PageChooserScopeMiddleware`` answers 404 for an ID outside the scope.
"""

from collections.abc import Callable

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse

from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from helix.pages import open_to_readers

#: Every page permission: holding any of them somewhere makes pages explorable.
PAGE_ACTIONS = {"add", "change", "publish", "lock", "unlock", "bulk_delete"}

#: The chooser views that take page IDs, and how to read them from the request.
VIEWS_WITH_IDS: dict[str, Callable[[HttpRequest, dict], list[str]]] = {
    "wagtailadmin_choose_page_child": lambda request, kwargs: [str(kwargs["parent_page_id"])],
    "wagtailadmin_choose_page_chosen_multiple": lambda request, kwargs: request.GET.getlist("id"),
}


def pages_in_chooser(pages, user):
    """``pages`` narrowed to those ``user`` may explore, and the live pages readers may open."""
    if user.is_superuser:
        return pages
    # As ``pk__in`` subqueries: the chooser's search accepts filters on indexed fields only.
    readers_see = Q(live=True, pk__in=Page.objects.filter(open_to_readers()).values("pk"))
    policy = PagePermissionPolicy()
    if not policy.user_has_any_permission(user, PAGE_ACTIONS):
        return pages.filter(readers_see)
    explorable = policy.explorable_instances(user).values("pk")
    return pages.filter(Q(pk__in=explorable) | readers_see)


def construct_page_chooser_queryset(pages, request: HttpRequest):
    return pages_in_chooser(pages, request.user)


class PageChooserScopeMiddleware:
    """A page ID sent to the chooser must be one the chooser would list (else 404)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        ids_of = VIEWS_WITH_IDS.get(match.view_name) if match else None
        if ids_of is None or not request.user.is_authenticated:
            return None  # other views; the admin sends anonymous visitors to its login
        ids = set(ids_of(request, view_kwargs))
        if not all(pk.isdigit() for pk in ids):
            raise Http404("No such page.")
        in_scope = pages_in_chooser(Page.objects.filter(pk__in=ids), request.user)
        if in_scope.count() != len(ids):
            raise Http404("No such page.")
        return None
