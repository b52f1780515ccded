"""Run axe-core (vendored, offline) in a Playwright page.

The public site sends a strict Content Security Policy (no inline scripts
without the request's nonce), which rightly blocks a ``<script>`` tag added
by the test. So axe is evaluated through the DevTools protocol
(``page.evaluate``), which the page's policy does not govern: the page under
test keeps its real policy, and a CSP regression still shows in the browser.
"""

from functools import cache
from pathlib import Path

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}


@cache
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def blocking_violations(page, context: str | dict = "document") -> list[str]:
    """Serious and critical axe violations on the page, one readable line each.

    ``context`` narrows the check to part of the page, as axe's own context
    argument (e.g. ``{"include": ["#comments"]}``).
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    violations = page.evaluate(
        """async (context) => {
            const target = context === "document" ? document : context;
            return (await axe.run(target, {resultTypes: ["violations"]})).violations;
        }""",
        context,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        for v in violations
        if v["impact"] in BLOCKING_IMPACTS
    ]
