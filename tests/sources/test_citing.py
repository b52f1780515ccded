"""Citing sources from a page: numbering, markers, the references list and "Cited by"."""

import pytest

from wagtail.models import PageViewRestriction

from articles.factories import ArticlePageFactory
from sources.factories import SourceFactory
from sources.models import Citation, NoticeKind
from tests.sources.helpers import cite, key_figure, paragraph, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources():
    return [SourceFactory(title=f"Source {letter}") for letter in "ABC"]


def test_references_are_numbered_in_order_of_first_citation(article_index, sources):
    a, b, c = sources
    page = ArticlePageFactory(
        parent=article_index,
        body=[
            paragraph(f"<p>First {cite(c)} then {cite(a)}.</p>"),
            key_figure(b),
            paragraph(f"<p>Again {cite(c)} and {cite(b)}.</p>"),
        ],
    )
    references = page.references()
    assert [(r.number, r.source) for r in references] == [(1, c), (2, a), (3, b)]
    assert references[0].occurrences == ["cite-1-1", "cite-1-2"]
    assert "Source C" in references[0].html


def test_stored_markers_carry_their_number(article_index, sources):
    a, b, _ = sources
    page = ArticlePageFactory(
        parent=article_index, body=[paragraph(f"<p>{cite(b, 'old text')} {cite(a)}</p>")]
    )
    page.refresh_from_db()
    stored = page.body.raw_data[0]["value"]
    assert f'<a linktype="citation" id="{b.pk}" number="1" occurrence="1">[1]</a>' in stored
    assert f'<a linktype="citation" id="{a.pk}" number="2" occurrence="1">[2]</a>' in stored


def test_markers_and_list_link_to_each_other(article_index, sources, client, parse, page_templates):
    a, b, _ = sources
    page = publish(
        ArticlePageFactory(
            parent=article_index,
            body=[paragraph(f"<p>One {cite(a)} two {cite(b)} three {cite(a)}</p>"), key_figure(b)],
        )
    )
    soup = parse(client.get(page.url))
    markers = soup.select(".article__body a.citation-marker")
    assert [m.get_text() for m in markers] == ["[1]", "[2]", "[1]", "[2]"]
    assert [m["href"] for m in markers] == ["#ref-1", "#ref-2", "#ref-1", "#ref-2"]
    entries = soup.select("#references ol > li")
    assert [li["id"] for li in entries] == ["ref-1", "ref-2"]
    assert "Source A" in entries[0].get_text()
    back_links = [link["href"] for link in entries[0].select("a.reference__back")]
    assert back_links == ["#cite-1-1", "#cite-1-2"]
    for target in back_links:
        assert soup.select_one(target) is not None


def test_further_reading_lists_sources_not_cited(
    article_index, sources, client, parse, page_templates
):
    a, b, c = sources
    page = publish(
        ArticlePageFactory(
            parent=article_index,
            body=[paragraph(f"<p>Only {cite(a)}.</p>")],
            further_reading=[
                {"type": "source", "value": c.pk},
                {"type": "source", "value": a.pk},
            ],
        )
    )
    assert page.further_reading_sources() == [c]
    soup = parse(client.get(page.url))
    assert [li.get_text(" ", strip=True)[:8] for li in soup.select(".references__further li")] == [
        "Source C"
    ]


def test_retracted_source_is_flagged_where_cited(
    article_index, sources, client, parse, page_templates
):
    a, b, _ = sources
    a.notice_kind = NoticeKind.RETRACTION
    a.save()
    page = publish(
        ArticlePageFactory(
            parent=article_index, body=[paragraph(f"<p>{cite(a)} {cite(b)}</p>"), key_figure(a)]
        )
    )
    soup = parse(client.get(page.url))
    warnings = soup.select(".article__body .citation-warning")
    assert [w.get_text() for w in warnings] == ["Retracted source", "Retracted source"]
    assert "Retraction notice" in soup.select_one("#ref-1").get_text()
    assert "Retraction" not in soup.select_one("#ref-2").get_text()
    detail = parse(client.get(a.get_absolute_url()))
    assert "has retracted this work" in detail.select_one("[role=alert]").get_text()


def test_cited_by_lists_live_public_pages_only(article_index, sources, client, parse):
    a, *_ = sources
    body = [paragraph(f"<p>Cites {cite(a)}</p>")]
    public = publish(ArticlePageFactory(parent=article_index, title="Public piece", body=body))
    also = publish(ArticlePageFactory(parent=article_index, title="Another piece", body=body))
    private = publish(ArticlePageFactory(parent=article_index, title="Private piece", body=body))
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    draft = ArticlePageFactory(parent=article_index, title="Draft piece", body=[], live=False)
    draft.body = body
    draft.save_revision()  # a draft citing the source is never indexed
    unpublished = publish(ArticlePageFactory(parent=article_index, title="Gone piece", body=body))
    unpublished.unpublish()

    soup = parse(client.get(a.get_absolute_url()))
    cited_by = [link.get_text() for link in soup.select(".source-detail__cited-by a")]
    assert cited_by == ["Another piece", "Public piece"]
    assert Citation.objects.filter(source=a).count() == 3  # the private one is filtered on read
    assert {public.pk, also.pk} < set(Citation.objects.values_list("page_id", flat=True))


def test_republishing_without_a_citation_removes_it(article_index, sources):
    a, b, _ = sources
    page = publish(ArticlePageFactory(parent=article_index, body=[paragraph(f"<p>{cite(a)}</p>")]))
    assert list(Citation.objects.values_list("source_id", flat=True)) == [a.pk]
    page.body = [paragraph(f"<p>{cite(b)}</p>")]
    publish(page)
    assert list(Citation.objects.values_list("source_id", flat=True)) == [b.pk]
    page.delete()
    assert not Citation.objects.exists()


def test_rich_text_citations_reach_wagtails_reference_index(article_index, sources, admin_client):
    a, *_ = sources
    publish(
        ArticlePageFactory(
            parent=article_index, title="Citing page", body=[paragraph(f"<p>{cite(a)}</p>")]
        )
    )
    response = admin_client.get(f"/admin/snippets/sources/source/usage/{a.pk}/")
    assert "Citing page" in response.content.decode()


@pytest.mark.parametrize("count", [1, 50])
def test_query_budget_is_the_same_for_1_and_50_citations(
    count, article_index, client, django_assert_max_num_queries, page_templates
):
    cited = [SourceFactory(authors=[("Smith", "Jo"), ("Lee", "Al")]) for _ in range(count)]
    html = "".join(f"<p>Claim {cite(source)}</p>" for source in cited)
    page = publish(
        ArticlePageFactory(
            parent=article_index, body=[paragraph(html), *[key_figure(s) for s in cited[:5]]]
        )
    )
    client.get(page.url)  # the site root paths and settings are cached after the first request
    with django_assert_max_num_queries(10):
        response = client.get(page.url)
    assert response.status_code == 200
    assert response.content.decode().count('class="reference"') == count


def test_rebuild_citations_command(article_index, sources):
    from io import StringIO

    from django.core.management import call_command

    a, b, _ = sources
    publish(
        ArticlePageFactory(parent=article_index, body=[paragraph(f"<p>{cite(a)}{cite(b)}</p>")])
    )
    ArticlePageFactory(parent=article_index, live=False, body=[paragraph(f"<p>{cite(a)}</p>")])
    Citation.objects.all().delete()
    out = StringIO()
    call_command("rebuild_citations", stdout=out)
    assert "Indexed 2 citations from 1 live pages." in out.getvalue()
    assert sorted(Citation.objects.values_list("number", flat=True)) == [1, 2]
