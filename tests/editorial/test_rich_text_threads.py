"""Edit pages loading at once in threads convert their rich text without mixing them up.

With Wagtail's own ``DraftailRichTextArea`` this test fails (every run here: the
threads' documents come back mixed or "Unmatched tags"): editorial/rich_text.py.
"""

import json
import threading

from wagtail.admin.rich_text import get_rich_text_editor_widget

DOCUMENTS = [
    "".join(
        f"<p>Document {n}, paragraph {i}: <b>bold</b> and <i>italic</i>.</p>" for i in range(40)
    )
    for n in range(4)
]


def texts(widget, html: str) -> list[str]:
    """What the editor shows of ``html``: each block's text (block keys are random)."""
    return [block["text"] for block in json.loads(widget.format_value(html))["blocks"]]


def convert_at_once(widget, rounds: int = 60) -> list[BaseException]:
    """Each of four threads converts its own document ``rounds`` times with one widget."""
    errors: list[BaseException] = []
    expected = {html: texts(widget, html) for html in DOCUMENTS}
    start = threading.Barrier(len(DOCUMENTS))

    def work(html: str) -> None:
        start.wait()
        try:
            for _ in range(rounds):
                assert texts(widget, html) == expected[html]
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(html,)) for html in DOCUMENTS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_the_editor_widget_converts_each_thread_s_document_for_that_thread():
    widget = get_rich_text_editor_widget()
    assert type(widget).__name__ == "ThreadSafeDraftailRichTextArea"
    assert convert_at_once(widget) == []
