"""Upload caps: oversized images and documents are refused in the admin with a message."""

import io
import json

import pytest
from PIL import Image as PILImage

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents.models import Document
from wagtail.images.models import Image

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
