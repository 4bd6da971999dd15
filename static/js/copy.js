/* Copy buttons, anywhere: <button type="button" data-copy="element-id">Copy …</button> copies
   the text of the element with that id (a code, a URL, a list of backup codes: one per line).
   The button reads "Copied" for a moment and the page's status region (#live-status, in
   base.html) says so to screen readers. A file of its own: the CSP allows no inline script. */
(function () {
  "use strict";

  function announce(text) {
    var status = document.getElementById("live-status");
    if (!status) { return; }
    status.textContent = "";
    // A fresh text node after a pause, so the same words are announced again on a second copy.
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function selectText(source) {
    var range = document.createRange();
    range.selectNodeContents(source);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function fallbackCopy(source) {
    selectText(source);
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function textOf(source) {
    var items = source.querySelectorAll("li");
    if (items.length) {
      return Array.prototype.map.call(items, function (item) {
        return item.textContent.trim();
      }).join("\n");
    }
    return source.textContent.trim();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) { return; }
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) { return; }
    var text = textOf(source);

    function done() {
      if (!button.hasAttribute("data-label")) {
        button.setAttribute("data-label", button.textContent);
      }
      button.textContent = "Copied";
      announce("Copied");
      window.setTimeout(function () {
        button.textContent = button.getAttribute("data-label");
      }, 2000);
    }

    function failed() {
      if (fallbackCopy(source)) {
        done();
      } else {
        selectText(source);
        announce("Could not copy: the text is selected, copy it with your keyboard.");
      }
    }

    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, failed);
    } else {
      failed();
    }
  });
}());
