// "Copy link" buttons: put a Markdown link on the clipboard for notes.
// Works without the asynchronous clipboard (plain HTTP) through a hidden textarea.
(function () {
  "use strict";

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function toast(message) {
    var box = document.querySelector(".toast");
    if (!box) { return; }
    box.textContent = message;
    box.hidden = false;
    clearTimeout(box._timer);
    box._timer = setTimeout(function () { box.hidden = true; }, 2500);
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-copy]");
    if (!target) { return; }
    var text = target.getAttribute("data-copy");
    document.body.setAttribute("data-last-copied", text);
    if (target.tagName === "A") {
      event.preventDefault();
      history.replaceState(null, "", target.getAttribute("href"));
    }
    copy(text).then(
      function () { toast("Đã chép liên kết Markdown"); },
      function () { toast("Không chép được; hãy chép thủ công: " + text); }
    );
  });
})();
