// The /feeds/ page's "Copy link" buttons: progressive enhancement of the plain links.
// Without JavaScript the buttons stay hidden and every address is a link and text to copy.
// An external file (no inline script), so it runs under the nonce-based CSP.
(function () {
  "use strict";

  var status = document.querySelector("[data-copy-status]");
  var buttons = document.querySelectorAll("[data-copy-link]");

  function announce(text) {
    if (!status) return;
    status.textContent = ""; // emptied first, so that the same words are announced again
    window.setTimeout(function () { status.textContent = text; }, 100);
  }

  // Where the clipboard is out of reach (plain http, an old browser), select the
  // address so that the reader's own copy shortcut takes it.
  function selectAddress(button) {
    var address = button.parentNode.querySelector(".feed-list__url");
    if (!address || !window.getSelection) return false;
    var range = document.createRange();
    range.selectNodeContents(address);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return true;
  }

  function fallBack(button) {
    if (selectAddress(button)) {
      announce("Feed address selected: press Ctrl+C (⌘C on a Mac) to copy it.");
    }
  }

  function enhance(button) {
    var label = button.firstChild; // the visible "Copy link" text
    var idle = label.nodeValue;
    var timer = null;

    function copied() {
      label.nodeValue = "Copied";
      announce("Feed address copied: paste it into your feed reader.");
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { label.nodeValue = idle; }, 2000);
    }

    button.addEventListener("click", function () {
      // The clipboard API exists only on https (and localhost).
      if (!navigator.clipboard) return fallBack(button);
      navigator.clipboard.writeText(button.getAttribute("data-copy-link")).then(copied, function () {
        fallBack(button);
      });
    });
    button.hidden = false;
  }

  Array.prototype.forEach.call(buttons, enhance);
})();
