"""Upload caps: oversized images and documents are refused in the admin with a message;
the public site takes request bodies no larger than its forms need, and no files."""

import io
import json
import time
from urllib.parse import urlencode

import pytest
from PIL import Image as PILImage

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.images.models import Image

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from comments.forms import make_token
from comments.models import Comment
from comments.views import MAX_REQUEST_BYTES
from tests.helix.test_settings import run_manage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, home, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # accepted uploads land in a throwaway folder
    editor = get_user_model().objects.create_superuser("editor", "e@helix.example", "pw")
    client.force_login(editor)
    return client


def png(width: int, height: int, noise: bool = False) -> SimpleUploadedFile:
    image = (
        PILImage.effect_noise((width, height), 64) if noise else PILImage.new("L", (width, height))
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("upload.png", buffer.getvalue(), content_type="image/png")


def upload_errors(response, parse) -> str:
    assert response.status_code == 200, "the form comes back, not a redirect"
    return " ".join(e.get_text(" ", strip=True) for e in parse(response).select(".error-message"))


def test_image_over_the_size_cap_is_refused(editor_client, parse, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20_000
    upload = png(200, 200, noise=True)
    assert upload.size > 20_000
    response = editor_client.post("/admin/images/add/", {"title": "Big", "file": upload})
    assert "This file is too big" in upload_errors(response, parse)
    assert "Maximum filesize 19.5\xa0KB" in upload_errors(response, parse)
    assert not Image.objects.exists()


def test_image_over_the_pixel_cap_is_refused(editor_client, parse, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100 * 100
    response = editor_client.post("/admin/images/add/", {"title": "Wide", "file": png(101, 100)})
    assert "This file has too many pixels (10100)" in upload_errors(response, parse)
    assert not Image.objects.exists()


def test_image_within_the_caps_is_accepted(editor_client, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100 * 100
    response = editor_client.post("/admin/images/add/", {"title": "Fits", "file": png(100, 100)})
    assert response.status_code == 302
    assert Image.objects.get().title == "Fits"


def test_document_over_the_size_cap_is_refused(editor_client, parse, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    upload = SimpleUploadedFile("report.txt", b"x" * 1025, content_type="text/plain")
    response = editor_client.post("/admin/documents/add/", {"title": "Report", "file": upload})
    assert "This file is too big (1.0\xa0KB). Maximum filesize 1.0\xa0KB." in upload_errors(
        response, parse
    )
    assert not Document.objects.exists()


def test_caps_come_from_the_environment():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps(["
        "s.WAGTAILIMAGES_MAX_UPLOAD_SIZE, s.WAGTAILIMAGES_MAX_IMAGE_PIXELS,"
        " s.WAGTAILDOCS_MAX_UPLOAD_SIZE]))"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "helix.settings.dev",
        "WAGTAILIMAGES_MAX_UPLOAD_SIZE": "2000000",
        "WAGTAILIMAGES_MAX_IMAGE_PIXELS": "5000000",
        "WAGTAILDOCS_MAX_UPLOAD_SIZE": "3000000",
    }
    result = run_manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [2_000_000, 5_000_000, 3_000_000]


@pytest.fixture
def article(home):
    return ArticlePageFactory(parent=ArticleIndexPageFactory(parent=home), title="Open")


def comment_form(article, **fields) -> dict:
    data = {
        "name": "Ada Reader",
        "email": "ada@example.com",
        "url": "",
        "body": "A thoughtful comment.",
        "parent": "",
        "token": make_token(article, issued_at=time.time() - 60),
        "contact_number": "",
    }
    return {**data, **fields}


def test_a_comment_with_a_large_file_is_refused_before_it_is_read(article):
    """A 60 MB file was read, stored and ignored, and the comment posted. Now the
    request is refused (413) before anything reads it: before the CSRF check too,
    which reads every POST's form (this client sends no CSRF token)."""
    client = Client(enforce_csrf_checks=True)
    upload = SimpleUploadedFile("big.bin", b"\0" * (MAX_REQUEST_BYTES + 1))

    response = client.post(
        reverse("comments:post", args=[article.pk]), comment_form(article, file=upload)
    )

    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_comment_with_any_file_is_refused(client, article, parse):
    upload = SimpleUploadedFile("note.txt", b"small", content_type="text/plain")

    response = client.post(
        reverse("comments:post", args=[article.pk]), comment_form(article, file=upload)
    )

    assert response.status_code == 400
    assert "This form takes no files" in parse(response).get_text()
    assert not Comment.objects.exists()


def test_the_longest_comment_the_form_takes_still_fits(client, article):
    """The cap is what the form needs at its longest: every field full of four-byte
    characters, percent-encoded as a browser sends a form."""
    longest = comment_form(
        article,
        name="🧬" * 100,
        email=f"{'a' * 64}@{'b' * 63}.{'c' * 63}.{'d' * 57}",
        url="https://example.org/" + "🧬" * 170,
        body="🧬" * 5000,
    )
    body = urlencode(longest)
    assert len(body) <= MAX_REQUEST_BYTES

    response = client.post(
        reverse("comments:post", args=[article.pk]),
        body,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 302
    assert Comment.objects.get().body == "🧬" * 5000


def test_public_addresses_take_small_bodies_and_the_admin_its_uploads(client, home, settings):
    settings.HELIX_PUBLIC_REQUEST_MAX_BYTES = 1024

    def big() -> dict:
        return {"file": SimpleUploadedFile("big.bin", b"x" * 2048)}

    for url in ("/", "/no-such-page/", "/search/", "/feeds/articles.rss"):
        assert client.post(url, big()).status_code == 413, url
    assert client.post("/", {"q": "small"}).status_code != 413
    assert client.post("/admin/login/", big()).status_code != 413
