"""One cache for anonymous readers: pages and fragments kept until what they show changes.

Every response and fragment *declares* what it shows as keys (``keys.py``): a
page, an object, a listing of a model, the site frame. An edit names the keys
it changes (``signals.py``); ``stamps.py`` records when each key last changed,
and anything kept from before that moment is stale. The page cache
(``middleware.py``), the fragment cache (``fragments.py``) and the caching
proxy in front (``purge.py``, by the same keys) all work on that one record.
Per-request values in a kept page (the CSRF token, the CSP nonce, a comment
form's signed token) are placeholders that ``placeholders.py`` fills on every
response. See docs/architecture.md, "Caching".
"""
