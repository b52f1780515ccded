"""The demo loader builds the demo site and a second run changes nothing."""

from io import StringIO

import pytest

from django.apps import apps
from django.core.management import call_command

from wagtail.models import Site

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
