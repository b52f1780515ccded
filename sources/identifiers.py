"""Normalising and validating the identifiers a source may carry.

Each ``normalise_*`` function accepts what an editor pastes (a DOI URL, ``PMID: 123``,
``pmc123``) and returns the canonical form, or raises ``ValidationError`` with a message
saying what a valid value looks like. Duplicate detection relies on these forms.
"""

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.core.exceptions import ValidationError

DOI_PREFIXES = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")


def normalise_doi(value: str) -> str:
    """``https://doi.org/10.1/ABC`` and ``doi:10.1/abc`` both become ``10.1/abc``."""
    value = DOI_PREFIXES.sub("", (value or "").strip()).strip().lower()
    if not value:
        return ""
    if not DOI_PATTERN.match(value):
        raise ValidationError(
            "Enter a DOI such as 10.1016/j.medcli.2021.10.005 (a doi.org link is fine too).",
            code="invalid_doi",
        )
    return value


def normalise_pmid(value: str) -> str:
    """``PMID: 34815084`` becomes ``34815084``; anything but digits is refused."""
    value = re.sub(r"^pmid:?\s*", "", (value or "").strip(), flags=re.IGNORECASE)
    if not value:
        return ""
    if not re.fullmatch(r"[0-9]{1,10}", value):  # isdigit() is true of "²", which int() refuses
        raise ValidationError(
            "A PMID is a PubMed number of up to 10 digits, e.g. 34815084.", code="invalid_pmid"
        )
    return str(int(value))


def normalise_pmcid(value: str) -> str:
    """``pmc1234567`` or ``1234567`` becomes ``PMC1234567``."""
    value = re.sub(r"^pmcid:?\s*", "", (value or "").strip(), flags=re.IGNORECASE).upper()
    if not value:
        return ""
    if not value.startswith("PMC"):
        value = f"PMC{value}"
    if not re.fullmatch(r"PMC\d{1,10}", value):
        raise ValidationError(
            "A PMCID is 'PMC' followed by digits, e.g. PMC5732682.", code="invalid_pmcid"
        )
    return value


def normalise_nct(value: str) -> str:
    """``nct01234567`` becomes ``NCT01234567`` (ClinicalTrials.gov numbers have 8 digits)."""
    value = (value or "").strip().upper().replace(" ", "")
    if not value:
        return ""
    if not re.fullmatch(r"NCT\d{8}", value):
        raise ValidationError(
            "An NCT number is 'NCT' followed by 8 digits, e.g. NCT01234567.", code="invalid_nct"
        )
    return value


def normalise_title(title: str) -> str:
    """A title reduced to lower-case words without accents or punctuation, to spot one work twice.

    Accents go (``Terapia génica`` = ``terapia genica``); apostrophes join (``FDA’s`` =
    ``FDA's`` = ``FDAs``); any other punctuation, ASCII or not (dashes, quotes, colons),
    separates words, so ``gene–therapy`` (en dash) = ``gene-therapy`` = ``gene therapy``.
    """
    decomposed = unicodedata.normalize("NFKD", title or "")
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    letters = re.sub(r"['\u2019\u2018\u02bc`]", "", letters.casefold())
    return " ".join(re.findall(r"[^\W_]+", letters))


TRACKING_PARAMETERS = re.compile(r"^(?:utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)$", re.IGNORECASE)


def normalise_url(url: str) -> str:
    """The key two links to the same page share: no scheme, ``www.``, port 80/443, fragment,
    trailing slash or tracking parameters; host in lower case.

    ``https://www.FDA.gov/news/item/?utm_source=x#top`` and ``http://fda.gov/news/item``
    both become ``fda.gov/news/item``. Not a URL to visit: a key for spotting duplicates.
    A link that cannot be split into its parts (a port of 99999) raises ValidationError.
    """
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port  # read here: a port out of range or not a number raises
    except ValueError as error:  # also a malformed IPv6 host ("http://[::1")
        raise ValidationError("Enter a valid URL.", code="invalid_url") from error
    if not parts.netloc:
        return ""
    host = (parts.hostname or "").lower().removeprefix("www.")
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/")
    query = urlencode(
        sorted(
            (name, value)
            for name, value in parse_qsl(parts.query, keep_blank_values=True)
            if not TRACKING_PARAMETERS.match(name)
        )
    )
    return f"{host}{path}" + (f"?{query}" if query else "")
