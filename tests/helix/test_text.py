"""One definition of the control characters Helix strips, used by every caller."""

from itertools import product

import pytest

from taggit.forms import TagField
from taggit.utils import parse_tags

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from comments.forms import CommentForm
from helix.text import split_tags, strip_control_characters
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


# Typed tags -------------------------------------------------------------------

# The examples of taggit's documentation ("Tags in forms").
TAGGIT_EXAMPLES = [
    ("apple ball cat", ["apple", "ball", "cat"]),  # no commas: space delimited
    ("apple, ball cat", ["apple", "ball cat"]),  # a comma: comma delimited
    ('"apple, ball" cat dog', ["apple, ball", "cat", "dog"]),  # commas only in quotes
    ('"apple, ball", cat dog', ["apple, ball", "cat dog"]),  # an unquoted comma
    ('apple "ball cat" dog', ["apple", "ball cat", "dog"]),
    ('"apple" "ball dog', ["apple", "ball", "dog"]),  # the unclosed quote is ignored
    ("apple,ball,apple, ,", ["apple", "ball"]),  # unique, empty names dropped
    ("", []),
]


@pytest.mark.parametrize(("typed", "names"), TAGGIT_EXAMPLES)
def test_typed_tags_split_as_taggit_documents(typed, names):
    assert split_tags(typed) == names


def test_typed_tags_split_exactly_as_taggits_default_parser(settings):
    """Every input of up to six characters from the ones that matter, against taggit's own
    parser (what ``parse_tags`` calls when ``TAGGIT_TAGS_FROM_STRING`` is unset)."""
    settings.TAGGIT_TAGS_FROM_STRING = None
    inputs = ["".join(chars) for size in range(7) for chars in product('a, "b', repeat=size)]
    differing = [typed for typed in inputs if split_tags(typed) != parse_tags(typed)]
    assert len(inputs) > 19_000 and differing == []


def test_the_tag_field_editors_type_into_uses_helix_parser():
    field = TagField()
    assert field.clean('"gene therapy, AAV" CAR\x1f-T') == ["CAR-T", "gene therapy, AAV"]
    assert field.clean("gene therapy, CAR\x0b-T") == ["CAR-T", "gene therapy"]
