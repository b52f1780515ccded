"""Previews can be framed by the admin (its preview panel); public pages by no one.

Wagtail's preview panel shows the preview in an iframe of the admin's own
origin. The public site's policy (``frame-ancestors 'none'``) reached the
preview too and the panel stayed blank.
"""

import pytest

from django.urls import reverse

from articles.factories import ArticlePageFactory, AuthorFactory
from tests.editorial.helpers import article_form_data
from tests.hardening.checks import csp_directives

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(article_index):
    return ArticlePageFactory(
        parent=article_index,
        title="Base editing explained",
        authors=[AuthorFactory()],
        live=False,
        revision=True,
    )


def preview(client, page, **params):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    assert client.post(url, article_form_data(page)).json()["is_valid"]
    return client.get(url, params)


@pytest.mark.parametrize("params", [{"in_preview_panel": "true"}, {}], ids=["panel", "new tab"])
def test_preview_may_be_framed_by_the_admin_only(client, users, draft, parse, params):
    client.force_login(users["editor"])
    response = preview(client, draft, **params)
    assert response.status_code == 200
    assert parse(response).h1.get_text(strip=True) == "Base editing explained"
    policy = csp_directives(response)
    assert policy["frame-ancestors"] == ["'self'"]
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    # The rest of the public policy still holds in the preview.
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"]


def test_the_published_page_still_refuses_every_frame(client, article_index):
    article = ArticlePageFactory(
        parent=article_index,
        title="Gene therapy for haemophilia B",
        authors=[AuthorFactory()],
        revision=True,
    )
    response = client.get(article.url)
    assert response.status_code == 200
    assert csp_directives(response)["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"
