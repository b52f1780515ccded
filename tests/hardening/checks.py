"""Reusable assertions: security headers, and responses that stay well-formed and inert."""

import json
import re

import feedparser
from bs4 import BeautifulSoup

# Script types a browser executes; anything else (application/json, ld+json) is data.
EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


def csp_directives(response) -> dict[str, list[str]]:
    """The response's Content-Security-Policy as {directive: [sources]}."""
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_security_headers(response) -> None:
    """Headers every public response carries (HSTS is production-only, tested apart)."""
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions
    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    if response.headers.get("Content-Type", "").startswith("text/html"):
        assert_inline_code_carries_nonce(response, csp)


def assert_inline_code_carries_nonce(response, csp: dict[str, list[str]]) -> None:
    """Every inline <script>/<style> runs only because it has this response's nonce."""
    soup = BeautifulSoup(response.content, "html.parser")
    nonces = {s[len("'nonce-") : -1] for s in csp["script-src"] if s.startswith("'nonce-")}
    for script in soup.find_all("script"):
        if script.get("type", "").lower() not in EXECUTABLE_SCRIPT_TYPES or script.get("src"):
            continue
        assert script.get("nonce") in nonces, f"inline script without the nonce: {script}"
    style_nonces = {s[len("'nonce-") : -1] for s in csp["style-src"] if s.startswith("'nonce-")}
    for style in soup.find_all("style"):
        assert style.get("nonce") in style_nonces, f"inline style without the nonce: {style}"


# C0 controls other than tab, newline and carriage return: invalid in HTML text and in XML.
CONTROL_CHARACTERS = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"


def without_echoed_input(soup: BeautifulSoup) -> str:
    """The page minus form values echoed back (escaped) to whoever typed them."""
    copy = BeautifulSoup(str(soup), "html.parser")
    for field in copy.find_all("input"):
        field.attrs.pop("value", None)
    for field in copy.find_all("textarea"):
        field.clear()
    return str(copy)


def assert_well_formed_and_inert(response, hostile: str | None = None) -> None:
    """No 5xx; HTML parses into one document; a hostile string never comes back live.

    "Inert" means the payload shows up (if at all) as text: no element,
    attribute or script that it created, and no raw control character.
    """
    assert response.status_code < 500, f"{response.status_code} for {hostile!r}"
    content_type = response.headers.get("Content-Type", "")
    if content_type.startswith(("application/rss+xml", "application/atom+xml")):
        feed = feedparser.parse(response.content)
        assert not feed.bozo, f"feed does not parse: {feed.get('bozo_exception')}"
        return
    if content_type.startswith(("application/json", "application/feed+json")) and response.content:
        json.loads(response.content)  # raises on anything that is not JSON
        return
    if not content_type.startswith("text/html"):
        return
    html = response.content.decode("utf-8")  # raises on bytes that are not UTF-8
    soup = BeautifulSoup(html, "html.parser")
    assert not re.search(CONTROL_CHARACTERS, without_echoed_input(soup)), "raw control character"
    assert len(soup.find_all("html")) == 1
    assert len(soup.find_all("body")) == 1
    for element in soup.find_all(True):
        assert not element.name.startswith("helix-x"), f"injected element {element}"
        for attribute in element.attrs:
            assert not attribute.lower().startswith("on"), f"event handler attribute {element}"
            assert attribute.lower() != "data-helix-x", f"injected attribute {element}"
        for attribute in ("href", "src", "action", "formaction"):
            value = str(element.get(attribute, "")).strip().lower()
            assert not value.startswith(("javascript:", "vbscript:", "data:text/html")), element
    for script in soup.find_all("script"):
        if script.get("type", "").lower() in EXECUTABLE_SCRIPT_TYPES:
            assert "helixPwned" not in script.get_text(), f"injected script {script}"
        else:  # data (JSON-LD): inert while no raw "<" can close the element early
            assert "<" not in script.get_text(), f"unescaped markup in a data block {script}"


def failures_over_corpus(corpus, request_for) -> list[str]:
    """Run ``request_for(string)`` for each string; collect what went wrong, with the string."""
    failures = []
    for hostile in corpus:
        try:
            assert_well_formed_and_inert(request_for(hostile), hostile)
        except AssertionError as error:
            failures.append(f"{hostile[:80]!r}: {str(error)[:200]}")
    return failures
