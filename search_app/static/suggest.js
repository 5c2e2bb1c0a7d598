// Completions under the search box as you type (people, clusters, provinces, outlets, titles),
// as a WAI-ARIA 1.2 combobox with a listbox popup: ArrowDown/ArrowUp move through the list,
// Enter takes the highlighted suggestion, Escape closes the list, a click or tap takes one.
// Without JavaScript the box is a plain search field and the form works as before.
(function () {
  "use strict";

  var input = document.getElementById("q");
  var form = input && input.form;
  if (!input || !form || !window.fetch) { return; }

  var DEBOUNCE_MS = 120;
  var MAX_CHARS = 100;
  var TYPES = {person: "Nhân vật", cluster: "Cụm thi đua", province: "Tỉnh, thành phố",
               outlet: "Nguồn tin", title: "Bài viết"};
  var endpoint = input.getAttribute("data-suggest") || "/api/suggest";

  var wrapper = document.createElement("div");
  wrapper.className = "combo";
  input.parentNode.insertBefore(wrapper, input);
  wrapper.appendChild(input);

  var list = document.createElement("ul");
  list.id = "q-suggestions";
  list.className = "suggest-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Gợi ý tìm kiếm");
  list.hidden = true;
  wrapper.appendChild(list);

  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  wrapper.appendChild(status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("autocomplete", "off");

  var items = [];
  var active = -1;
  var timer = null;
  var pending = null;
  var asked = 0;
  var lastText = null;

  function setActive(index) {
    var options = list.children;
    if (active >= 0 && options[active]) { options[active].setAttribute("aria-selected", "false"); }
    active = index;
    if (active >= 0 && options[active]) {
      options[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({block: "nearest"});
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function close() {
    setActive(-1);
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
  }

  function open() {
    if (!items.length) { return; }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function take(index) {
    var item = items[index];
    if (!item) { return; }
    close();
    input.value = item.text;
    window.location.assign(item.url);
  }

  function render(found, text) {
    items = found;
    list.setAttribute("data-for", text || "");  // which text the list answers (the tests wait for it)
    active = -1;
    input.removeAttribute("aria-activedescendant");
    list.textContent = "";
    found.forEach(function (item, index) {
      var option = document.createElement("li");
      option.id = "q-suggestion-" + index;
      option.className = "suggest-option suggest-" + item.type;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      var label = document.createElement("span");
      label.className = "suggest-label";
      label.textContent = item.label;
      var meta = document.createElement("span");
      meta.className = "suggest-meta";
      meta.textContent = (TYPES[item.type] || item.type) +
        (item.type === "title" ? "" : " · " + item.hits + " bài");
      option.appendChild(label);
      option.appendChild(document.createTextNode(" "));
      option.appendChild(meta);
      option.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep the focus
      option.addEventListener("click", function () { take(index); });
      list.appendChild(option);
    });
    if (found.length) {
      open();
      status.textContent = found.length + " gợi ý: dùng phím mũi tên để chọn, Enter để mở.";
    } else {
      close();
      status.textContent = "";
    }
  }

  function ask() {
    var text = input.value.slice(0, MAX_CHARS);
    if (text === lastText) { open(); return; }
    lastText = text;
    if (!text.trim()) { render([]); return; }
    if (pending) { pending.abort(); }
    pending = window.AbortController ? new AbortController() : null;
    var number = ++asked;
    fetch(endpoint + "?q=" + encodeURIComponent(text), {
      headers: {"Accept": "application/json"},
      signal: pending ? pending.signal : undefined
    }).then(function (response) {
      return response.ok ? response.json() : [];
    }).then(function (found) {
      if (number === asked && document.activeElement === input) { render(Array.isArray(found) ? found : [], text); }
    }).catch(function () { /* aborted or offline: the box still searches */ });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, DEBOUNCE_MS);
  });

  input.addEventListener("keydown", function (event) {
    var expanded = !list.hidden && items.length > 0;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!expanded) {
        if (items.length) { open(); } else { ask(); return; }
        if (event.altKey) { return; }
      }
      setActive(active + 1 >= items.length ? 0 : active + 1);
    } else if (event.key === "ArrowUp") {
      if (!expanded) { return; }
      event.preventDefault();
      setActive(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === "Enter") {
      if (expanded && active >= 0) {
        event.preventDefault();
        take(active);
      } else {
        close();
      }
    } else if (event.key === "Escape") {
      if (expanded) {
        event.preventDefault();  // a search field would clear itself
        event.stopPropagation();  // and the filter panel stays as it is
        close();
      }
    } else if (event.key === "Tab") {
      close();
    }
  });

  input.addEventListener("blur", function () { close(); });
  input.addEventListener("focus", function () {
    if (items.length && input.value.slice(0, MAX_CHARS) === lastText) { open(); }
  });
  form.addEventListener("submit", function () { window.clearTimeout(timer); close(); });
})();
