"""Admin sign-in: brute force locks username+IP for a cool-off; nothing reveals an account."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser(
        "editor", "editor@helix.example", "correct horse"
    )


def sign_in(client, username, password, ip="203.0.113.7"):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_settings_lock_username_and_ip_after_five_failures_for_a_cool_off():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60


def test_five_failures_lock_the_account_from_that_address_with_a_clear_message(
    client, editor, parse
):
    for _ in range(4):
        assert sign_in(client, "editor", "wrong").status_code == 200
    locked = sign_in(client, "editor", "wrong")
    assert locked.status_code == 429
    soup = parse(locked)
    assert soup.find("h1").get_text(strip=True) == "Too many failed sign-in attempts"
    message = soup.find("main").get_text(" ", strip=True)
    assert "after 5 failed attempts" in message
    assert "try again in 15 minutes" in message
    # Even the right password is refused while the lock lasts.
    assert sign_in(client, "editor", "correct horse").status_code == 429


def test_lock_is_per_username_and_address(client, editor):
    get_user_model().objects.create_superuser("author", "author@helix.example", "other pass")
    for _ in range(5):
        sign_in(client, "editor", "wrong")
    assert sign_in(client, "editor", "correct horse").status_code == 429
    assert sign_in(client, "editor", "correct horse", ip="198.51.100.9").status_code == 302
    client.logout()
    assert sign_in(client, "author", "other pass").status_code == 302


def test_lock_ends_after_the_cool_off(client, editor):
    for _ in range(5):
        sign_in(client, "editor", "wrong")
    assert sign_in(client, "editor", "correct horse").status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    response = sign_in(client, "editor", "correct horse")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_failed_sign_in_reads_the_same_for_known_and_unknown_usernames(client, editor, parse):
    known = parse(sign_in(client, "editor", "wrong")).select(".messages .error")
    unknown = parse(sign_in(client, "nobody-here", "wrong")).select(".messages .error")
    assert [e.get_text(strip=True) for e in known] == [e.get_text(strip=True) for e in unknown]
    assert known, "the failure is explained"


def test_password_reset_does_not_reveal_whether_an_account_exists(client, editor, parse):
    url = "/admin/password_reset/"
    known = client.post(url, {"email": "editor@helix.example"}, follow=True)
    sent = len(mail.outbox)
    unknown = client.post(url, {"email": "nobody@helix.example"}, follow=True)
    assert sent == 1 and len(mail.outbox) == 1, "mail only for the real account"
    assert known.redirect_chain == unknown.redirect_chain
    assert known.status_code == unknown.status_code == 200
    text = [parse(r).find("main").get_text(" ", strip=True) for r in (known, unknown)]
    assert text[0] == text[1]
