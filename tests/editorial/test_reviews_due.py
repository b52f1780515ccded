"""The "Reviews due" report lists what needs a medical review soon, and exports it."""

import io

import openpyxl
import pytest

from django.urls import reverse

from articles.factories import ArticlePageFactory, AuthorFactory
from tests.editorial.helpers import in_days

pytestmark = pytest.mark.django_db

URL = "/admin/reports/reviews-due/"


@pytest.fixture
def articles(article_index):
    return {
        "overdue": ArticlePageFactory(
            parent=article_index,
            title="Overdue piece",
            authors=[AuthorFactory()],
            next_review_due=in_days(-3),
            revision=True,
        ),
        "soon": ArticlePageFactory(
            parent=article_index,
            title="Due soon piece",
            authors=[AuthorFactory()],
            next_review_due=in_days(29),
            revision=True,
        ),
        "today": ArticlePageFactory(
            parent=article_index,
            title="Due today piece",
            authors=[AuthorFactory()],
            next_review_due=in_days(0),
            revision=True,
        ),
        "later": ArticlePageFactory(
            parent=article_index,
            title="Later piece",
            authors=[AuthorFactory()],
            next_review_due=in_days(31),
            revision=True,
        ),
        "none": ArticlePageFactory(
            parent=article_index, title="Undated piece", authors=[AuthorFactory()], revision=True
        ),
    }


def titles(soup):
    return [a.get_text(strip=True) for a in soup.select("table.listing td.title a")]


def test_lists_overdue_and_due_within_30_days_soonest_first(client, users, articles, parse):
    client.force_login(users["editor"])
    response = client.get(URL)
    assert response.status_code == 200
    soup = parse(response)
    assert titles(soup) == ["Overdue piece", "Due today piece", "Due soon piece"]
    overdue_row = soup.select("table.listing tbody tr")[0]
    assert "Overdue" in overdue_row.get_text()
    assert "Overdue" not in soup.select("table.listing tbody tr")[1].get_text()


def test_filter_by_published(client, users, article_index, parse):
    ArticlePageFactory(
        parent=article_index,
        title="Draft due",
        authors=[AuthorFactory()],
        live=False,
        next_review_due=in_days(1),
        revision=True,
    )
    ArticlePageFactory(
        parent=article_index,
        title="Live due",
        authors=[AuthorFactory()],
        next_review_due=in_days(2),
        revision=True,
    )
    client.force_login(users["reviewer"])
    assert titles(parse(client.get(URL, {"live": "true"}))) == ["Live due"]
    assert titles(parse(client.get(URL, {"live": "false"}))) == ["Draft due"]


def test_empty_report_says_so(client, users, home, parse):
    client.force_login(users["editor"])
    assert "No page is due for review" in parse(client.get(URL)).get_text()


def test_csv_export(client, users, articles):
    client.force_login(users["administrator"])
    response = client.get(URL, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "Title,Next review due,Last reviewed,Status,Type"
    assert lines[1].startswith(f"Overdue piece,{in_days(-3).isoformat()},")
    assert len(lines) == 4


def test_xlsx_export(client, users, articles):
    client.force_login(users["administrator"])
    response = client.get(URL, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [cell.value for cell in sheet[1]] == [
        "Title",
        "Next review due",
        "Last reviewed",
        "Status",
        "Type",
    ]
    assert sheet.max_row == 4


def test_menu_item_under_reports(client, users, home):
    client.force_login(users["editor"])
    response = client.get(reverse("wagtailadmin_home"))
    assert URL.encode() in response.content


def test_users_without_page_permissions_are_refused(client, users, articles):
    client.force_login(users["plain"])
    assert client.get(URL).status_code == 302
    client.logout()
    assert client.get(URL)["Location"].startswith("/admin/login/")
