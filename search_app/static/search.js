// The search page, made nicer where JavaScript runs (it works without):
// the filter panel open at a desk and closed on a phone, "Xem N kết quả" closing it,
// a filter box in each long facet (accents optional), Escape closing the panel.
(function () {
  "use strict";

  var panel = document.getElementById("filters");
  var wide = window.matchMedia("(min-width: 761px)");

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function fit() {
    if (panel) { panel.open = wide.matches; }
  }

  function showResults(event) {
    var results = document.getElementById("results");
    if (!panel || !results) { return; }
    if (event) { event.preventDefault(); }
    if (!wide.matches) { panel.open = false; }
    results.focus({preventScroll: true});
    results.scrollIntoView({block: "start"});
  }

  function addFilterBox(section, number) {
    var more = section.querySelector("details.more");
    var items = section.querySelectorAll("ul.values li");
    if (!more || items.length <= 10) { return; }
    var label = section.querySelector("h2").textContent;
    var id = "facet-filter-" + number;
    var caption = document.createElement("label");
    caption.className = "visually-hidden";
    caption.htmlFor = id;
    caption.textContent = "Lọc danh sách " + label;
    var box = document.createElement("input");
    box.type = "search";
    box.id = id;
    box.className = "facet-filter";
    box.placeholder = "Lọc " + label.toLowerCase() + "…";
    box.autocomplete = "off";
    var status = document.createElement("p");
    status.className = "facet-filter-status";
    status.setAttribute("role", "status");
    var keys = Array.prototype.map.call(items, function (li) {
      return fold(li.querySelector(".value").textContent);
    });
    var wasOpen = more.open;
    box.addEventListener("input", function () {
      var wanted = fold(box.value);
      var shown = 0;
      Array.prototype.forEach.call(items, function (li, i) {
        var match = !wanted || keys[i].indexOf(wanted) !== -1;
        li.hidden = !match;
        if (match) { shown += 1; }
      });
      if (wanted) {
        more.open = true;
        status.textContent = shown ? shown + " giá trị khớp" : "Không có giá trị nào khớp";
      } else {
        more.open = wasOpen;
        status.textContent = "";
      }
    });
    more.addEventListener("toggle", function () { if (!box.value) { wasOpen = more.open; } });
    var heading = section.querySelector("h2");
    heading.parentNode.insertBefore(caption, heading.nextSibling);
    caption.parentNode.insertBefore(box, caption.nextSibling);
    box.parentNode.insertBefore(status, box.nextSibling);
  }

  fit();
  if (wide.addEventListener) { wide.addEventListener("change", fit); }
  document.querySelectorAll("section.facet-list").forEach(addFilterBox);
  document.addEventListener("click", function (event) {
    if (event.target.closest(".show-results")) { showResults(event); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !panel || wide.matches || !panel.open) { return; }
    if (document.activeElement && document.activeElement.closest("details.copy-menu[open]")) { return; }
    panel.open = false;
    panel.querySelector("summary").focus();
  });
})();
