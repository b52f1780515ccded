"""`load_demo_data`: the demo site; a second run or a broken file changes nothing."""

from io import StringIO

import pytest

from django.apps import apps
from django.core.management import CommandError, call_command

from wagtail.models import Site

from demo import builders
from demo.loader import CONTENT_DIR, PARTS
from helix.models import HomePage

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_demo_loader_is_idempotent():
    first = StringIO()
    call_command("load_demo_data", stdout=first)
    counts = row_counts()
    second = StringIO()
    call_command("load_demo_data", stdout=second)
    assert row_counts() == counts
    assert "Demo content is ready." in second.getvalue()


def test_demo_site_is_rooted_at_the_home_page(client):
    call_command("load_demo_data", stdout=StringIO())
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    site.hostname = "testserver"
    site.save()
    assert client.get("/").status_code == 200


def copy_of_the_content(tmp_path):
    """The data files copied to ``tmp_path``, for ``load_demo_data --content``."""
    for part in PARTS:
        (tmp_path / f"{part}.json").write_text((CONTENT_DIR / f"{part}.json").read_text())
    return tmp_path


def test_a_file_that_is_not_json_is_named_and_nothing_changes(tmp_path):
    directory = copy_of_the_content(tmp_path)
    text = (directory / "therapies.json").read_text()
    (directory / "therapies.json").write_text(text.replace('"slug": "leukaemia",', '"slug": ,', 1))
    before = row_counts()
    with pytest.raises(CommandError) as error:
        call_command("load_demo_data", content=directory, stdout=StringIO())
    assert "nothing changed: therapies.json, line " in str(error.value)
    assert row_counts() == before


def test_an_unknown_reference_is_named_and_nothing_changes(tmp_path):
    directory = copy_of_the_content(tmp_path)
    text = (directory / "articles.json").read_text()
    (directory / "articles.json").write_text(text.replace("[cite:hgt-2023]", "[cite:hgt-2032]"))
    before = row_counts()
    with pytest.raises(CommandError) as error:
        call_command("load_demo_data", content=directory, stdout=StringIO())
    assert "articles.json, article 'how-biotechnology-is-advancing-gene-therapy'" in str(
        error.value
    )
    assert "unknown source 'hgt-2032'" in str(error.value)
    assert row_counts() == before


def test_a_failure_half_way_leaves_the_database_as_it_was(monkeypatch):
    before = row_counts()

    def broken(*args, **kwargs):
        raise RuntimeError("the comments step failed")

    monkeypatch.setattr(builders, "comments", broken)
    with pytest.raises(RuntimeError):
        call_command("load_demo_data", stdout=StringIO())
    assert row_counts() == before
    assert not HomePage.objects.exists()


def test_ensure_admin_prints_login_and_is_repeatable(monkeypatch):
    from django.contrib.auth import get_user_model

    monkeypatch.setenv("HELIX_ADMIN_PASSWORD", "correct horse battery")
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    call_command("ensure_admin", stdout=out)
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password("correct horse battery")
    assert "Created superuser 'admin'." in out.getvalue()
    assert "Updated superuser 'admin'." in out.getvalue()
    assert "password correct horse battery" in out.getvalue()


def test_ensure_admin_generates_a_password_when_none_given(monkeypatch):
    from django.contrib.auth import get_user_model

    monkeypatch.delenv("HELIX_ADMIN_PASSWORD", raising=False)
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    password = out.getvalue().split("password ")[-1].strip()
    assert len(password) >= 12
    assert get_user_model().objects.get(username="admin").check_password(password)
