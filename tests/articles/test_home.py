"""The home page shows the latest published articles."""

import datetime

import pytest

from django.utils import timezone

from articles.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def test_home_lists_latest_three_published_articles(client, index, parse):
    now = timezone.now()
    for days in range(5):
        ArticlePageFactory(
            parent=index, title=f"{days} days old", first_published=now - datetime.timedelta(days)
        )
    ArticlePageFactory(parent=index, title="Draft", live=False)
    section = parse(client.get("/")).find(
        "section", attrs={"aria-labelledby": "latest-articles-title"}
    )
    titles = [a.get_text() for a in section.select(".article-card__title a")]
    assert titles == ["0 days old", "1 days old", "2 days old"]
    assert section.find("a", string="All articles")["href"] == "/articles/"


def test_home_without_articles_has_no_empty_section(client, home, parse):
    soup = parse(client.get("/"))
    assert soup.find("section", attrs={"aria-labelledby": "latest-articles-title"}) is None
