"""An editor writes a cited, tagged article and submits it; a reviewer approves; readers find it.

One scenario end to end, as people do it in the browser: the article editor's
author chooser, the Draftail "citation" button and the library's chooser
modal, the tag field, the "Submit for review" action, the reviewer's
dashboard, then the public page, its tag page, the RSS feed and site search.
"""

import feedparser
import pytest
from playwright.sync_api import expect

from articles.factories import ArticleIndexPageFactory, AuthorFactory
from articles.models import ArticlePage
from editorial import roles
from editorial.factories import UserFactory
from editorial.models import ReviewRecord
from sources.factories import SourceFactory
from sources.models import Source
from tests.browser.helpers import (
    choose_in_modal,
    log_in,
    wait_for_draftail,
    wait_until,
    write_article_without_title,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Prime editing reaches the clinic"
SOURCE_TITLE = "Prime editing of a sickle cell mutation in blood stem cells"


def sources_to_choose_from() -> Source:
    """The source the editor cites, and a second one so that picking it is a real choice."""
    source = SourceFactory(
        title=SOURCE_TITLE,
        year=2025,
        container_title="Journal of Gene Medicine",
        authors=[("Okafor", "Daniel")],
    )
    SourceFactory(title="Base editing in the liver", year=2024)
    return source


def write_and_submit(editor, base_url: str, index_pk: int) -> None:
    editor.goto(f"{base_url}/admin/pages/add/articles/articlepage/{index_pk}/")
    editor.locator("#id_title").fill(TITLE)
    paragraph = write_article_without_title(
        editor,
        standfirst="A first patient is treated with a prime editor.",
        author="Marta Vidal",
        paragraph="The editor rewrites a short DNA stretch.",
    )
    body = editor.locator("#panel-child-content-body-section")
    # Select the last word: Draftail shows its toolbar; the citation goes after it.
    paragraph.press("End")
    for _ in range(len("stretch.")):
        paragraph.press("Shift+ArrowLeft")
    editor.get_by_role("button", name="Cite a source").click()
    choose_in_modal(editor, SOURCE_TITLE, search="sickle")
    expect(paragraph).to_contain_text("stretch.[*]")
    wait_for_draftail(body, "CITATION")

    editor.get_by_role("tab", name="Promote").click()
    tags = editor.locator("#panel-child-promote-tags-section .tagit-new input")
    for tag in ("prime editing", "sickle cell"):
        tags.fill(tag)
        tags.press("Enter")

    editor.locator("footer [data-w-dropdown-target=toggle]").first.click()
    editor.locator("footer button[name=action-submit]").click()
    expect(editor.locator(".messages")).to_contain_text("submitted")


def approve_from_dashboard(reviewer, base_url: str, article: ArticlePage) -> None:
    # The dashboard's "Awaiting your review" panel lists the article with its actions.
    reviewer.goto(base_url + "/admin/")
    row = reviewer.locator("tr", has_text=TITLE)
    approve = row.locator("button[data-workflow-action-url*='/approve/']:not([data-launch-modal])")
    if not approve.is_visible():
        row.locator("[data-w-dropdown-target=toggle], .dropdown-toggle").first.click()
    approve.click()
    # The dashboard posts the action in the background, then reloads.
    wait_until(
        lambda: ArticlePage.objects.filter(pk=article.pk, live=True).exists(),
        "approval did not publish the article",
    )


def test_editor_submits_cited_tagged_article_reviewer_approves_readers_find_it(
    browser_context, live_server, home
):
    index = ArticleIndexPageFactory(parent=home, show_in_menus=True, revision=True)
    AuthorFactory(name="Marta Vidal")
    source = sources_to_choose_from()
    UserFactory(username="edna", groups=[roles.EDITORS])
    UserFactory(username="rita", groups=[roles.MEDICAL_REVIEWERS])

    editor = browser_context.new_page()
    log_in(editor, live_server.url, "edna")
    write_and_submit(editor, live_server.url, index.pk)

    article = ArticlePage.objects.get(title=TITLE)
    assert article.workflow_in_progress and not article.live
    draft = article.get_latest_revision_as_object()
    assert sorted(draft.tags.names()) == ["prime editing", "sickle cell"]
    assert f'linktype="citation" id="{source.pk}"' in str(draft.body.raw_data)

    browser_context.clear_cookies()
    reviewer = browser_context.new_page()
    log_in(reviewer, live_server.url, "rita")
    approve_from_dashboard(reviewer, live_server.url, article)
    article = ArticlePage.objects.get(pk=article.pk)
    assert ReviewRecord.objects.get(page=article).reviewer.username == "rita"

    browser_context.clear_cookies()
    reader = browser_context.new_page()
    reader.goto(live_server.url + article.url)
    expect(reader.locator("h1")).to_have_text(TITLE)
    # The citation is numbered and links to the reference list, which names the source.
    marker = reader.locator(".article__body a.citation-marker")
    expect(marker).to_have_text("[1]")
    expect(marker).to_have_attribute("href", "#ref-1")
    expect(reader.locator("#references li#ref-1")).to_contain_text(SOURCE_TITLE)

    # Its tags link to tag pages that list it.
    reader.locator(".tag-list").get_by_role("link", name="sickle cell").click()
    expect(reader).to_have_url(live_server.url + "/tags/sickle-cell/")
    expect(reader.locator("h1")).to_have_text("Tagged “sickle cell”")
    expect(reader.get_by_role("link", name=TITLE)).to_be_visible()

    feed = feedparser.parse(reader.request.get(live_server.url + "/feeds/articles.rss").body())
    assert [entry.title for entry in feed.entries] == [TITLE]
    assert feed.entries[0].link.endswith(article.url)

    reader.goto(live_server.url + "/")
    reader.get_by_role("searchbox", name="Search Helix").fill("prime editing")
    reader.get_by_role("searchbox", name="Search Helix").press("Enter")
    expect(reader).to_have_url(live_server.url + "/search/?q=prime+editing")
    results = reader.locator("main")
    expect(results.get_by_role("link", name=TITLE)).to_be_visible()
