"""Every feed costs a fixed number of queries, however many tags and authors its items have."""

import pytest
import wagtail_factories

from articles.factories import ArticlePageFactory, AuthorFactory, SectionFactory
from tests.feeds.conftest import paragraph
from therapies.factories import ConditionFactory, TherapyPageFactory

pytestmark = pytest.mark.django_db

# Per feed: its query budget, the same for 1 item and for 20 items with many
# tags, authors and citations each (view restrictions, the object, the items,
# their author names and tag names, the request's site for the reference style,
# the cited sources and their authors; key figures take their sources from
# those), and its entries besides articles
# (the therapy's profile and five approvals; the condition's one therapy). A tag feed
# exists only for a tag something published carries: its object's query looks at
# every tagged type, and therapies' view restrictions cost one more.
BUDGETS = {
    "/feeds/articles.rss": (11, 0),
    "/feeds/articles.atom": (11, 0),
    "/feeds/sections/advances.rss": (12, 0),
    "/feeds/tags/shared.atom": (12, 0),
    "/feeds/authors/author-0.rss": (11, 0),
    "/feeds/therapies/haemophilia-gene-therapy.rss": (14, 6),
    "/feeds/conditions/haemophilia-b.atom": (15, 1),
}


@pytest.mark.parametrize("count", [1, 20])
def test_every_feed_within_budget(
    client, django_assert_max_num_queries, article_index, therapy_index, count
):
    section = SectionFactory(name="Advances")
    authors = [AuthorFactory(name=f"Author {n}") for n in range(6)]
    image = wagtail_factories.ImageFactory()
    therapy = TherapyPageFactory(
        parent=therapy_index,
        title="Haemophilia gene therapy",
        conditions=[ConditionFactory(name="Haemophilia B")],
        approvals=[
            {"regulator": "EMA", "status": "approved", "indication": f"Use {n}"} for n in range(5)
        ],
        revision=True,
    )
    from sources.models import Source

    cited = [Source.objects.create(title=f"Trial report {n}", year=2020 + n % 5) for n in range(3)]
    markers = "".join(f'<a linktype="citation" id="{source.pk}">[*]</a>' for source in cited)
    for n in range(count):
        ArticlePageFactory(
            parent=article_index,
            title=f"Article {n}",
            body=paragraph(f"<p>Every item cites three sources.{markers}</p>")
            + [("key_figure", {"number": "9", "label": "In nine", "citation": cited[n % 3]})],
            authors=authors,
            tags=[f"tag-{n}-{t}" for t in range(8)] + ["shared"],
            section=section,
            hero_image=image,
            therapies=[therapy],
            revision=True,
        )
    client.get("/feeds/articles.rss")  # warm per-process caches (site root paths, content types)
    for url, (budget, other_entries) in BUDGETS.items():
        with django_assert_max_num_queries(budget):
            response = client.get(url)
        assert response.status_code == 200
        items = response.content.count(b"<item>") + response.content.count(b"<entry>")
        assert items == min(count + other_entries, 20), url
