"""Flood limits: 429 with a clear message, nothing written, never a 5xx."""

import pytest

from django.core.cache import cache

from comments.models import Comment, Status

pytestmark = pytest.mark.django_db


def test_a_second_comment_within_15_seconds_gets_429(article, post, parse):
    assert post(article).status_code == 302
    response = post(article, body="Again")
    assert response.status_code == 429
    assert response["Retry-After"] == "15"
    assert "too quickly" in parse(response).text
    assert Comment.objects.count() == 1


def test_the_limit_is_per_email_whatever_the_address(article, post):
    assert post(article, extra={"REMOTE_ADDR": "203.0.113.1"}).status_code == 302
    response = post(article, body="Again", extra={"REMOTE_ADDR": "203.0.113.2"})
    assert response.status_code == 429
    assert Comment.objects.count() == 1


def test_the_limit_is_per_ip_whatever_the_email(article, post):
    assert post(article, email="one@example.com").status_code == 302
    assert post(article, email="two@example.com").status_code == 429
    assert Comment.objects.count() == 1


def test_different_readers_are_not_limited_by_each_other(article, post):
    assert post(article, extra={"REMOTE_ADDR": "203.0.113.1"}).status_code == 302
    response = post(article, email="b@example.com", extra={"REMOTE_ADDR": "203.0.113.2"})
    assert response.status_code == 302


def test_more_than_five_a_minute_gets_429(article, post, settings, parse):
    settings.HELIX_COMMENT_FLOOD = {"interval": 0, "per_minute": 5}
    for number in range(5):
        assert post(article, body=f"Comment {number}").status_code == 302
    response = post(article, body="One too many")
    assert response.status_code == 429
    assert "too many comments in the last minute" in parse(response).text
    assert Comment.objects.count() == 5


def test_429_as_json_for_javascript(article, post):
    post(article)
    response = post(article, extra={"HTTP_ACCEPT": "application/json"})
    assert response.status_code == 429
    assert "too quickly" in response.json()["errors"]["__all__"][0]["message"]


def test_a_spoofed_x_forwarded_for_does_not_dodge_the_limit(article, post):
    first = {"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": "10.0.0.1"}
    second = {"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": "10.0.0.2"}
    assert post(article, email="a@example.com", extra=first).status_code == 302
    assert post(article, email="b@example.com", extra=second).status_code == 429
    assert Comment.objects.get().ip_address == "198.51.100.7"


def test_the_configured_proxy_header_gives_the_client_address(article, post, settings):
    settings.HELIX_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    # The client sent a forged first entry; our proxy appended the real address.
    extra = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9"}
    assert post(article, extra=extra).status_code == 302
    assert Comment.objects.get().ip_address == "203.0.113.9"
    # A different address behind the same proxy is a different reader.
    extra = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.10"}
    assert post(article, email="b@example.com", extra=extra).status_code == 302


def test_a_garbage_proxy_header_falls_back_to_remote_addr(article, post, settings):
    settings.HELIX_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    extra = {"REMOTE_ADDR": "198.51.100.8", "HTTP_X_REAL_IP": "<script>"}
    assert post(article, extra=extra).status_code == 302
    assert Comment.objects.get().ip_address == "198.51.100.8"


def test_a_cache_outage_holds_the_comment_and_logs(article, post, site, monkeypatch, caplog):
    from comments.models import CommentSettings

    rules = CommentSettings.for_site(site)
    rules.hold_all = False
    rules.save()

    def broken(*args, **kwargs):
        raise ConnectionError("cache is down")

    monkeypatch.setattr(cache, "add", broken)
    response = post(article)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Status.PENDING
    assert comment.rule == "flood-check-unavailable"
    assert "flood check unavailable" in caplog.text


def test_a_cache_that_answers_none_is_an_outage_not_a_flood(article, post, site, monkeypatch):
    from comments.models import CommentSettings

    CommentSettings.objects.create(site=site, hold_all=False)
    # django-redis with IGNORE_EXCEPTIONS answers None when Redis is down.
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: None)
    assert post(article).status_code == 302
    assert post(article, body="Second", email="b@example.com").status_code == 302
    assert set(Comment.objects.values_list("rule", flat=True)) == {"flood-check-unavailable"}
