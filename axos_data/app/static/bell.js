// The bell in the top bar (see axos_data/app/bell.py): polls /bell/state and draws the
// unread count and the newest notifications into every .axos-bell-slot on the page.
(function () {
  if (window.axosBell) return;  // the header may include the script more than once
  var state = null, drawn = "", open = false, pollMs = 5000;

  function slots() {
    // marimo may render outputs inside open shadow roots: look there too.
    var found = [];
    (function walk(root) {
      root.querySelectorAll(".axos-bell-slot").forEach(function (el) { found.push(el); });
      root.querySelectorAll("*").forEach(function (el) { if (el.shadowRoot) walk(el.shadowRoot); });
    })(document);
    return found;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;  // data is text, never HTML
    return node;
  }

  function icon() {
    // A drawn bell: the emoji needs a colour font the machine may lack.
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24"); svg.setAttribute("width", "18");
    svg.setAttribute("height", "18"); svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", "M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z");
    svg.appendChild(path);
    return svg;
  }

  function post(body) {
    return fetch("/bell/read", {
      method: "POST", credentials: "same-origin",
      headers: { "content-type": "application/json" }, body: JSON.stringify(body)
    }).then(function (r) { return r.json(); }).then(function (data) {
      if (data && data.items) { state = data; draw(true); }
    });
  }

  function when(iso) {
    var d = new Date(iso);
    return isNaN(d) ? "" : d.toLocaleString("nb-NO", { day: "2-digit", month: "2-digit",
      hour: "2-digit", minute: "2-digit" });
  }

  function build() {
    var box = el("span", { "class": "axos-bell" });
    var button = el("button", { type: "button", "class": "axos-bell-button",
      "data-testid": "bell", title: "Varsler", "aria-label": "Varsler: " + state.unread + " uleste" });
    button.appendChild(icon());
    var count = el("span", { "class": "axos-bell-count" + (state.unread ? " has-unread" : ""),
      "data-testid": "bell-count" }, String(state.unread));
    button.appendChild(count);
    button.addEventListener("click", function () { open = !open; draw(true); });
    box.appendChild(button);
    if (!open) return box;
    var panel = el("div", { "class": "axos-bell-panel", "data-testid": "bell-panel" });
    var head = el("div", { "class": "axos-bell-head" });
    head.appendChild(el("b", {}, "Varsler"));
    if (state.unread) {
      var all = el("button", { type: "button", "data-testid": "bell-read-all" }, "Merk alle som lest");
      all.addEventListener("click", function () { post({ all: true }); });
      head.appendChild(all);
    }
    panel.appendChild(head);
    if (!state.items.length) panel.appendChild(el("div", { "class": "axos-bell-empty" }, "Ingen varsler"));
    state.items.forEach(function (item) {
      var row = el("div", { "class": "axos-bell-item" + (item.unread ? " is-unread" : ""),
        "data-testid": "bell-item" });
      var link = el("a", { href: item.href, target: "_top" }, "Ordre " + item.order_no + ": " + item.message);
      link.addEventListener("click", function (event) {
        if (!item.unread) return;
        event.preventDefault();
        post({ ids: [item.id] }).finally(function () { window.top.location.href = item.href; });
      });
      row.appendChild(link);
      row.appendChild(el("small", {}, (item.actor || "") + " · " + when(item.at)));
      if (item.unread) {
        var mark = el("button", { type: "button", "class": "axos-bell-mark" }, "Merk lest");
        mark.addEventListener("click", function () { post({ ids: [item.id] }); });
        row.appendChild(mark);
      }
      panel.appendChild(row);
    });
    box.appendChild(panel);
    return box;
  }

  function draw(force) {
    if (!state) return;
    var key = JSON.stringify(state) + open;
    slots().forEach(function (slot) {
      if (!force && key === drawn && slot.firstChild) return;
      slot.replaceChildren(build());
    });
    drawn = key;
  }

  function poll() {
    fetch("/bell/state", { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && data.items) { state = data; draw(false); } })
      .catch(function () {})
      .finally(function () { setTimeout(poll, pollMs); });
  }

  window.axosBell = { refresh: poll };
  var first = slots()[0];
  if (first && first.dataset.poll) pollMs = 1000 * Number(first.dataset.poll) || pollMs;
  poll();
  setInterval(function () { draw(false); }, 1000);  // slots that marimo (re)rendered since
})();
