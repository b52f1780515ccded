"""Therapy feeds: one per therapy profile and one per condition; RSS, Atom and JSON Feed.

A therapy's feed is a single feed mixing three kinds of entry, newest first:
articles about the therapy, the profile itself (its entry's "updated" date moves
whenever the profile is republished) and each regulatory decision recorded on
it (a new approval appears as a new entry). One feed, because a reader following
a therapy wants all three and should not have to subscribe twice.
"""

from datetime import UTC, datetime

from django.db.models import F, Prefetch, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from wagtail.models import Page

from articles.models import ArticlePage
from feeds.articles import article_entries
from feeds.articles import with_entry_data as with_article_data
from feeds.base import AtomFeedMixin, HelixFeed, JsonFeedMixin, site_name
from feeds.entries import (
    FEED_LENGTH,
    Entry,
    as_datetime,
    newest_first,
    page_content,
    page_url,
)
from feeds.links import FeedLink, feed_link
from therapies.models import Condition, TherapyApproval, TherapyPage


def published_therapies() -> QuerySet[TherapyPage]:
    """Live, public therapy profiles: the same vocabulary as the directory."""
    return TherapyPage.objects.published()


def with_entry_data(therapies: QuerySet[TherapyPage]) -> QuerySet[TherapyPage]:
    """Load what a therapy entry shows (tags, conditions, approvals) in fixed queries."""
    return therapies.prefetch_related(
        "tags",
        "conditions",
        Prefetch("approvals", queryset=TherapyApproval.objects.select_related("citation")),
    )


def articles_about(therapies: QuerySet[TherapyPage]) -> QuerySet[ArticlePage]:
    """Published articles about any of ``therapies`` (chosen as related, or linked in the body).

    ``about_therapies()`` finds them as for the profile page (one subquery,
    whatever the number of therapies), in the ``published()`` vocabulary: the
    publication date has come.
    """
    return ArticlePage.objects.published().about_therapies(therapies.order_by().values("pk"))


# The date of a page made live without ever being published (by a script or a
# fixture): Wagtail records none, and a feed needs one that does not move.
UNDATED = datetime(1970, 1, 1, tzinfo=UTC)


def first_published(page: Page) -> datetime:
    """When a page first went live, as far as Wagtail recorded it."""
    return (
        page.first_published_at
        or page.last_published_at
        or page.latest_revision_created_at
        or UNDATED
    )


def therapy_entry(therapy: TherapyPage, request: HttpRequest | None) -> Entry:
    """The profile itself: republishing it (e.g. to add an approval) updates the entry."""
    published = first_published(therapy)
    updated = therapy.last_published_at or published
    return Entry(
        key=f"page-{therapy.pk}",
        title=therapy.title,
        url=page_url(therapy, request),
        published=published,
        updated=updated,
        changed=updated,
        summary=therapy.summary,
        categories=[therapy.get_modality_display()]
        + [condition.name for condition in therapy.conditions.all()]
        + sorted(tag.name for tag in therapy.tags.all()),
        render_content=lambda: page_content(therapy, request),
        page=therapy,
    )


def approval_entries(therapy: TherapyPage, request: HttpRequest | None) -> list[Entry]:
    """One entry per regulatory decision recorded on the profile.

    A decision dated in the future is a typo or a forecast, not news: left out.
    One with no date counts from the profile's first publication, so that it
    never jumps to the top of the feed each time the profile is republished.
    """
    today = timezone.localdate()
    url = page_url(therapy, request)
    entries = []
    for approval in therapy.approvals.all():
        if approval.date and approval.date > today:
            continue
        published = as_datetime(approval.date) or first_published(therapy)
        product = approval.product_name or therapy.title
        entries.append(
            Entry(
                key=f"therapy-approval-{approval.pk}",
                title=f"{product}: {approval.get_status_display()} ({approval.regulator})",
                url=url,
                published=published,
                updated=published,
                changed=therapy.last_published_at or published,
                summary=approval.indication,
                categories=["Regulatory decisions", therapy.title],
                render_content=lambda approval=approval: render_to_string(
                    "feeds/approval_content.html",
                    {"approval": approval, "therapy": therapy, "therapy_url": url},
                    request=request,
                ),
            )
        )
    return entries


# Discovery: a feed's title and URLs, shared by <link rel="alternate"> and /feeds/.


def therapy_link(therapy: TherapyPage) -> FeedLink:
    return feed_link("therapy", f"{therapy.title}: articles and updates", slug=therapy.slug)


def condition_link(condition: Condition) -> FeedLink:
    return feed_link("condition", f"{condition.name}: therapies and articles", slug=condition.slug)


class TherapyFeed(HelixFeed):
    def get_object(self, request, slug: str) -> TherapyPage:
        therapy = with_entry_data(published_therapies().filter(slug=slug)).order_by("pk").first()
        if therapy is None:
            raise TherapyPage.DoesNotExist(slug)
        return therapy

    def get_entries(self, therapy: TherapyPage) -> list[Entry]:
        about = articles_about(TherapyPage.objects.filter(pk=therapy.pk))
        articles = list(with_article_data(about)[:FEED_LENGTH])
        return newest_first(
            [
                therapy_entry(therapy, self.request),
                *approval_entries(therapy, self.request),
                *article_entries(articles, self.request),
            ]
        )

    def title(self, therapy: TherapyPage) -> str:
        return f"{site_name(self.request)}: {therapy_link(therapy).title}"

    def description(self, therapy: TherapyPage) -> str:
        return (
            f"New articles about {therapy.title} and updates to its profile, "
            "such as new regulatory approvals."
        )

    def link_path(self, therapy: TherapyPage) -> str:
        return therapy.get_url(request=self.request) or "/"


class TherapyAtomFeed(AtomFeedMixin, TherapyFeed):
    pass


class TherapyJsonFeed(JsonFeedMixin, TherapyFeed):
    pass


class ConditionFeed(HelixFeed):
    def get_object(self, request, slug: str) -> Condition:
        return Condition.objects.get(slug=slug)

    def get_entries(self, condition: Condition) -> list[Entry]:
        treating = published_therapies().filter(conditions=condition)
        newest = treating.order_by(F("last_published_at").desc(nulls_last=True), "-pk")
        therapies = list(with_entry_data(newest)[:FEED_LENGTH])
        articles = list(with_article_data(articles_about(treating))[:FEED_LENGTH])
        return newest_first(
            [
                *(therapy_entry(therapy, self.request) for therapy in therapies),
                *article_entries(articles, self.request),
            ]
        )

    def title(self, condition: Condition) -> str:
        return f"{site_name(self.request)}: {condition_link(condition).title}"

    def description(self, condition: Condition) -> str:
        return f"Gene therapies for {condition.name} and the newest articles about them."

    def link_path(self, condition: Condition) -> str:
        # Condition pages belong to the therapies app (/conditions/<slug>/).
        if hasattr(condition, "get_absolute_url"):
            return condition.get_absolute_url()
        return f"/conditions/{condition.slug}/"


class ConditionAtomFeed(AtomFeedMixin, ConditionFeed):
    pass


class ConditionJsonFeed(JsonFeedMixin, ConditionFeed):
    pass
