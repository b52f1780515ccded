"""Readers and editors using a keyboard or assistive technology can use the site.

axe-core checks each kind of public page (filled with the content that makes
it what it is: references, tags, comments, approvals, trials) for serious or
critical violations; keyboard tests walk the page with Tab as a person would.
"""

import pytest
from playwright.sync_api import expect

from wagtail.rich_text import RichText

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory, AuthorFactory
from comments.factories import CommentFactory
from sources.models import Source, SourceAuthor
from tests.browser.axe import blocking_violations
from therapies.choices import ApprovalStatus, Regulator
from therapies.factories import (
    ClinicalTrialFactory,
    ConditionFactory,
    TherapyApprovalFactory,
    TherapyIndexPageFactory,
    TherapyPageFactory,
    TreatmentCentreFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The most Tab presses a test allows: an article has many links before its comment form.
MAX_TABS = 80


@pytest.fixture
def public_site(home) -> dict[str, str]:
    """One page of each public kind, with the parts that make it that kind; name -> path."""
    source = Source.objects.create(
        title="Long-term factor IX expression after AAV gene transfer",
        year=2023,
        container_title="Blood",
        doi="10.1000/helix.example",
    )
    SourceAuthor.objects.create(source=source, family="Nathwani", given="Amit")
    article = ArticlePageFactory(
        parent=ArticleIndexPageFactory(parent=home, show_in_menus=True, revision=True),
        title="One infusion for haemophilia B",
        authors=[AuthorFactory(name="Marta Vidal", organisation="La Paz")],
        body=[
            ("heading", {"text": "Years of factor IX", "level": "h2"}),
            (
                "paragraph",
                RichText(
                    "<p>Factor IX levels stayed up for years"
                    f'<a linktype="citation" id="{source.pk}">[*]</a>.</p>'
                ),
            ),
        ],
    )
    article.tags.add("haemophilia", "AAV")
    # Publishing a revision numbers the citation and records it in the library.
    article.save_revision().publish()
    parent = CommentFactory(page=article, body="Is it available in Spain yet?")
    CommentFactory(page=article, parent=parent, body="Trials are recruiting in Madrid.")

    therapies = TherapyIndexPageFactory(parent=home)
    therapy = TherapyPageFactory(
        parent=therapies,
        title="Haemophilia B gene therapy",
        conditions=[ConditionFactory(name="Haemophilia B")],
    )
    TherapyApprovalFactory(page=therapy, regulator=Regulator.FDA)
    TherapyApprovalFactory(page=therapy, regulator=Regulator.EMA, status=ApprovalStatus.CONDITIONAL)
    TreatmentCentreFactory(page=therapy)
    ClinicalTrialFactory(page=therapy)
    therapy.save_revision().publish()
    return {
        "home page": "/",
        "article": article.url,
        "therapy profile": therapy.url,
        "therapy directory": therapies.url,
        "search results": "/search/?q=haemophilia",
        "sources library": "/sources/",
    }


def test_public_pages_have_no_serious_axe_violations(page, live_server, public_site):
    blocked_by_csp: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked_by_csp.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    found = {}
    for name, path in public_site.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{name} ({path}) answered {response.status}"
        found[name] = blocking_violations(page)
    assert found == dict.fromkeys(public_site, [])
    # The pages' own scripts and styles run under the site's Content Security Policy.
    assert blocked_by_csp == []


def test_comment_form_has_no_serious_axe_violations_empty_or_with_errors(
    page, live_server, public_site
):
    page.goto(live_server.url + public_site["article"])
    form = page.locator("#respond")
    expect(form.get_by_role("textbox", name="Comment", exact=True)).to_be_visible()
    assert blocking_violations(page, {"include": ["#comments"]}) == []
    # Sent empty: each field says what is wrong, and the errors are accessible too.
    form.get_by_role("button", name="Post comment").click()
    expect(form.locator(".comment-form__error").first).to_be_visible()
    assert blocking_violations(page, {"include": ["#comments"]}) == []


def test_admin_login_has_no_serious_axe_violations(page, live_server, home):
    page.goto(live_server.url + "/admin/login/")
    assert page.get_by_label("Username").is_visible()
    assert blocking_violations(page) == []


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {
                id: el.id,
                className: el.className,
                text: el.textContent.trim(),
                inForm: Boolean(el.closest("[data-comment-form]")),
            };
        }"""
    )


def tab_until(page, condition, what: str) -> dict:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        element = focused(page)
        if condition(element):
            return element
    raise AssertionError(f"{MAX_TABS} presses of Tab did not reach {what}")


def test_keyboard_reaches_skip_link_then_main_content(page, live_server, home):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    element = focused(page)
    assert [element["className"], element["text"]] == ["skip-link", "Skip to main content"]
    assert page.locator(".skip-link").is_visible(), "the skip link shows when focused"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    assert page.url.endswith("#main")


def test_keyboard_reaches_search_box_and_searches(page, live_server, public_site):
    page.goto(live_server.url + "/")
    tab_until(page, lambda element: element["id"] == "site-search-q", "the search box")
    page.keyboard.type("haemophilia")
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/search/?q=haemophilia")
    expect(
        page.locator("main").get_by_role("link", name="One infusion for haemophilia B")
    ).to_be_visible()


def test_keyboard_reaches_comment_form_from_main_content(page, live_server, public_site):
    page.goto(live_server.url + public_site["article"])
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link
    assert focused(page)["id"] == "main"
    # On past the article's links (byline, citation, references, tags, comments) to the form.
    element = tab_until(page, lambda element: element["inForm"], "the comment form")
    assert element["id"].endswith("-name"), "the form starts at its first field"
    page.keyboard.type("Ana")
    expect(page.locator("#respond").get_by_label("Name")).to_have_value("Ana")


def test_axe_check_reports_a_serious_violation(page):
    """The check itself can fail: an image without a text alternative is critical."""
    page.set_content('<html lang="en"><title>t</title><main><img src="x.png"></main></html>')
    assert [line.split(" ")[0] for line in blocking_violations(page)] == ["image-alt"]
