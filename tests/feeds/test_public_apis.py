"""The feeds app stands on public framework APIs only (issue 16): no private names."""

import re
from pathlib import Path

import feeds

# Private names the feeds once used: StreamField's, StreamValue's and syndication's.
PRIVATE = re.compile(r"\b(_to_struct_value|_stream_field|_get_dynamic_attr|_prefetch_blocks)\b")


def test_feeds_use_no_private_framework_names():
    root = Path(feeds.__file__).parent
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if PRIVATE.search(line)
    ]
    assert offenders == []
