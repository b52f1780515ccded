"""Therapy and condition feeds: articles about a therapy, its profile and its approvals."""

from datetime import date, timedelta

import pytest

from django.utils import timezone

from articles.factories import ArticlePageFactory
from therapies.factories import ConditionFactory, TherapyPageFactory

from .conftest import paragraph

pytestmark = pytest.mark.django_db

FORMATS = ["rss", "atom", "json"]


@pytest.fixture
def therapy(therapy_index):
    return TherapyPageFactory(
        parent=therapy_index,
        title="Haemophilia gene therapy",
        slug="haemophilia-gene-therapy",
        summary="An AAV vector delivers a working F9 gene to liver cells.",
        body=paragraph("<p>About Haemophilia gene therapy.</p>"),
        conditions=[ConditionFactory(name="Haemophilia B")],
        approvals=[
            {
                "regulator": "EMA",
                "status": "conditional",
                "product_name": "Hemgenix",
                "date": date(2023, 2, 20),
                "indication": "Severe and moderately severe haemophilia B",
            },
            {"regulator": "FDA", "status": "under-review", "product_name": "Later"},
            # A decision dated in the future is not news yet.
            {
                "regulator": "MHRA",
                "status": "approved",
                "date": timezone.localdate() + timedelta(days=30),
            },
        ],
        revision=True,
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_therapy_feed_has_linked_articles_profile_and_approvals(
    fetch_feed, therapy, article_index, fmt
):
    linked = ArticlePageFactory(
        parent=article_index,
        title="Linked as a related therapy",
        therapies=[therapy],
        revision=True,
    )
    cited = ArticlePageFactory(
        parent=article_index,
        title="Links to the profile in its body",
        body=paragraph(f'<p>See <a linktype="page" id="{therapy.pk}">the profile</a>.</p>'),
        revision=True,
    )
    ArticlePageFactory(parent=article_index, title="About something else", revision=True)

    feed = fetch_feed(f"/feeds/therapies/haemophilia-gene-therapy.{fmt}")
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Helix: Haemophilia gene therapy: articles and updates"
    assert feed.feed.link == "http://testserver/therapies/haemophilia-gene-therapy/"
    by_id = {entry.id: entry for entry in feed.entries}
    tag = "tag:testserver,2026:"
    approvals = list(therapy.approvals.order_by("date"))
    assert set(by_id) == {
        f"{tag}page-{linked.pk}",
        f"{tag}page-{cited.pk}",
        f"{tag}page-{therapy.pk}",
        *(f"{tag}therapy-approval-{a.pk}" for a in approvals if a.regulator != "MHRA"),
    }
    profile = by_id[f"{tag}page-{therapy.pk}"]
    assert profile.link == "http://testserver/therapies/haemophilia-gene-therapy/"
    assert profile.summary == "An AAV vector delivers a working F9 gene to liver cells."
    assert "About Haemophilia gene therapy." in profile.content[0].value
    assert {t.term for t in profile.tags} >= {"Haemophilia B", "Gene addition or replacement"}

    ema = next(e for e in feed.entries if "EMA" in e.title)
    assert ema.title == "Hemgenix: Conditional approval (EMA)"
    assert ema.published_parsed[:3] == (2023, 2, 20)
    assert ema.summary == "Severe and moderately severe haemophilia B"
    assert "EMA (European Union)" in ema.content[0].value
    assert 'href="http://testserver/therapies/haemophilia-gene-therapy/"' in ema.content[0].value


def test_a_new_approval_appears_as_a_new_entry(fetch_feed, therapy):
    from therapies.models import TherapyApproval

    old = fetch_feed("/feeds/therapies/haemophilia-gene-therapy.atom").entries
    before = {entry.id: entry for entry in old}
    therapy.approvals.add(
        TherapyApproval(regulator="FDA", status="approved", date=timezone.localdate())
    )
    therapy.save_revision().publish()
    feed = fetch_feed("/feeds/therapies/haemophilia-gene-therapy.atom")
    new = [entry for entry in feed.entries if entry.id not in before]
    assert [entry.title for entry in new] == ["Haemophilia gene therapy: Approved (FDA)"]
    profile_id = f"tag:testserver,2026:page-{therapy.pk}"
    profile = next(entry for entry in feed.entries if entry.id == profile_id)
    assert profile.updated > before[profile_id].updated  # ISO 8601 with microseconds
    assert feed.entries[0].id == profile_id, "the republished profile is the newest entry"


@pytest.mark.parametrize("fmt", FORMATS)
def test_condition_feed_has_its_therapies_and_their_articles(
    fetch_feed, therapy, therapy_index, article_index, fmt
):
    other = TherapyPageFactory(
        parent=therapy_index, title="CAR-T cell therapy", slug="car-t-cell-therapy", revision=True
    )
    ArticlePageFactory(
        parent=article_index,
        title="About the haemophilia therapy",
        therapies=[therapy],
        revision=True,
    )
    ArticlePageFactory(parent=article_index, title="About CAR-T", therapies=[other], revision=True)

    feed = fetch_feed(f"/feeds/conditions/haemophilia-b.{fmt}")
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Helix: Haemophilia B: therapies and articles"
    assert feed.feed.link == "http://testserver/conditions/haemophilia-b/"
    assert sorted(entry.title for entry in feed.entries) == [
        "About the haemophilia therapy",
        "Haemophilia gene therapy",
    ]
    for entry in feed.entries:
        assert entry.link.startswith("http://testserver/")


def test_pages_made_live_without_publishing_still_get_a_valid_feed(fetch_feed, therapy_index):
    """Scripts and fixtures can make a page live without Wagtail recording any date."""
    from therapies.models import TherapyPage

    condition = ConditionFactory(name="Leukaemia")
    page = TherapyPage(
        title="Scripted therapy",
        slug="scripted",
        summary="Made by a script.",
        modality="cell-therapy",
        aim="introduce",
        live=True,
    )
    therapy_index.add_child(instance=page)
    page.conditions.set([condition])
    page.save()
    assert page.first_published_at is None
    for url in ("/feeds/therapies/scripted.atom", "/feeds/conditions/leukaemia.rss"):
        feed = fetch_feed(url)
        assert not feed.bozo, feed.get("bozo_exception")
        assert [entry.title for entry in feed.entries] == ["Scripted therapy"]
