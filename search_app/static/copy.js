// "Copy as" buttons: put a link, quote or note snippet on the clipboard.
// Rich formats carry text/html and text/plain together. Without the asynchronous
// clipboard (plain HTTP, older browsers) a copy event does the same work.
(function () {
  "use strict";

  function copyWithEvent(plain, html) {
    var done = false;
    function onCopy(event) {
      event.clipboardData.setData("text/plain", plain);
      if (html) { event.clipboardData.setData("text/html", html); }
      event.preventDefault();
      done = true;
    }
    document.addEventListener("copy", onCopy);
    try { document.execCommand("copy"); } catch (e) { done = false; }
    document.removeEventListener("copy", onCopy);
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(plain, html) {
    var clipboard = navigator.clipboard;
    if (clipboard && window.isSecureContext) {
      if (html && window.ClipboardItem && clipboard.write) {
        var item = new ClipboardItem({
          "text/plain": new Blob([plain], {type: "text/plain"}),
          "text/html": new Blob([html], {type: "text/html"})
        });
        return clipboard.write([item]).catch(function () { return copyWithEvent(plain, html); });
      }
      if (clipboard.writeText) {
        return clipboard.writeText(plain).catch(function () { return copyWithEvent(plain, html); });
      }
    }
    return copyWithEvent(plain, html);
  }

  function toast(message) {
    var box = document.querySelector(".toast");
    if (!box) { return; }
    box.textContent = message;
    box.hidden = false;
    clearTimeout(box._timer);
    box._timer = setTimeout(function () { box.hidden = true; }, 2500);
  }

  // Escape closes an open "Chép…" menu and gives focus back to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var menus = document.querySelectorAll("details.copy-menu[open]");
    if (!menus.length) { return; }
    var inside = document.activeElement && document.activeElement.closest("details.copy-menu[open]");
    Array.prototype.forEach.call(menus, function (menu) { menu.open = false; });
    if (inside) { inside.querySelector("summary").focus(); }
    event.stopImmediatePropagation();
  });

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-copy]");
    if (!target) { return; }
    var plain = target.getAttribute("data-copy");
    var html = target.getAttribute("data-copy-html");
    document.body.setAttribute("data-last-copied", plain);
    if (target.tagName === "A") {
      event.preventDefault();
      var href = target.getAttribute("href");
      if (href.charAt(0) === "#") { history.replaceState(null, "", href); }
    }
    copy(plain, html).then(
      function () { toast("Đã chép"); },
      function () { toast("Không chép được; hãy chép thủ công: " + plain); }
    );
  });
})();
