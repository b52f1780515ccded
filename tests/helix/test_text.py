"""One definition of the control characters Helix strips, used by every caller."""

import pytest

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from comments.forms import CommentForm
from helix.text import strip_control_characters
from search.forms import clean_query

NASTY = "a\x00b\x0bc\x1fd\x7fe\x85f\x9fg\ud800h\ufffei\uffffj"


def test_strips_c0_del_c1_lone_surrogates_and_non_characters():
    assert strip_control_characters(NASTY) == "abcdefghij"


def test_keeps_tabs_newlines_and_real_characters_and_normalises_line_ends():
    text = "one\ttwo\r\nthree\rfour 🧬 é"
    assert strip_control_characters(text) == "one\ttwo\nthree\nfour 🧬 é"
    assert strip_control_characters(None) == ""


@pytest.mark.django_db
def test_page_fields_and_bodies_lose_c1_controls_on_save(home):
    article = ArticlePageFactory(
        parent=ArticleIndexPageFactory(parent=home),
        title="Vectors\x85 explained",
        body=[{"type": "paragraph", "value": "<p>before\x9fafter 🧬</p>"}],
    )
    article.refresh_from_db()
    assert article.title == "Vectors explained"
    assert article.body[0].value.source == "<p>beforeafter 🧬</p>"


def test_search_queries_and_comment_fields_use_the_same_definition():
    assert clean_query(NASTY) == "abcdefghij"
    field = CommentForm.base_fields["body"]
    assert field.to_python(NASTY) == "abcdefghij"
