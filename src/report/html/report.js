// Draws the contentlint HTML report from the JSON in #data (layout: src/report/html.rs,
// `Data`). Text from the data is only ever set as textContent, never parsed as HTML.
"use strict";
(function () {
  var D = JSON.parse(document.getElementById("data").textContent);
  var S = D.strings, P = D.pages, DIMS = D.dimensions;
  var SEV = ["error", "warning", "info"];
  var PAGE_STEP = 200;

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "class") e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c != null) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function scoreClass(s) { return s >= 90 ? "good" : s >= 70 ? "ok" : "bad"; }
  function folderOf(path) { var i = path.lastIndexOf("/"); return i < 0 ? "." : path.slice(0, i); }
  function link(path, line) {
    var p = path.replace(/^\.\//, "");
    var url = (p.charAt(0) === "/" && D.base.indexOf("file://") === 0) ? "file://" + p : D.base + p;
    return encodeURI(url) + (line ? "#L" + line : "");
  }

  // What the page table sorts and filters by, computed once per page.
  var info = P.map(function (p, i) {
    var rules = {}, worst = 3;
    p[7].forEach(function (f) { rules[f[0]] = 1; if (f[1] < worst) worst = f[1]; });
    var reason = "";
    if (!p[1]) {
      var errs = p[7].filter(function (f) { return f[1] === 0; }).map(function (f) { return S[f[0]]; });
      var why = p[6].map(function (g) { return S[g]; });
      errs.forEach(function (r) { if (why.indexOf(r) < 0) why.push(r); });
      reason = why.length ? why.join(", ") : "score below the minimum";
    }
    return { i: i, rules: rules, worst: worst, reason: reason, folder: folderOf(p[0]), text: null };
  });
  function searchText(n) {
    if (info[n].text === null) {
      var p = P[n], parts = [p[0], info[n].reason];
      p[7].forEach(function (f) { parts.push(S[f[0]], S[f[4]]); });
      info[n].text = parts.join("\n").toLowerCase();
    }
    return info[n].text;
  }

  var COLUMNS = [
    { label: "page", key: function (n) { return P[n][0]; }, str: true },
    { label: "result", key: function (n) { return P[n][1]; } },
    { label: "score", key: function (n) { return P[n][2]; } }
  ].concat(DIMS.map(function (d, j) {
    // The first word as the header (the table fits a laptop screen), the name as its title.
    return { label: d.split("_")[0], title: d.replace(/_/g, " "), key: function (n) { return P[n][3][j]; } };
  })).concat([
    { label: "SEO", key: function (n) { return P[n][4]; } },
    { label: "words", key: function (n) { return P[n][5]; } },
    { label: "findings", key: function (n) { return P[n][7].length; } },
    { label: "failing reason", key: function (n) { return info[n].reason; }, str: true }
  ]);

  var state = { sort: 2, dir: 1, shown: PAGE_STEP, open: {} };
  var $ = function (id) { return document.getElementById(id); };
  var tbody = $("page-table").tBodies[0];

  // Header: click to sort (again to reverse).
  var headRow = $("page-table").tHead.rows[0];
  COLUMNS.forEach(function (c, k) {
    var th = el("th", { text: c.label, scope: "col", "data-col": String(k), title: "sort by " + (c.title || c.label) });
    th.addEventListener("click", function () {
      if (state.sort === k) state.dir = -state.dir; else { state.sort = k; state.dir = 1; }
      state.shown = PAGE_STEP;
      render();
    });
    headRow.appendChild(th);
  });

  // Filters.
  var ruleCount = {}, rulePages = {}, ruleWorst = {};
  P.forEach(function (p) {
    var seen = {};
    p[7].forEach(function (f) {
      ruleCount[f[0]] = (ruleCount[f[0]] || 0) + 1;
      if (!seen[f[0]]) { seen[f[0]] = 1; rulePages[f[0]] = (rulePages[f[0]] || 0) + 1; }
      if (ruleWorst[f[0]] === undefined || f[1] < ruleWorst[f[0]]) ruleWorst[f[0]] = f[1];
    });
  });
  var ruleIds = Object.keys(ruleCount).map(Number).sort(function (a, b) { return ruleCount[b] - ruleCount[a] || (S[a] < S[b] ? -1 : 1); });
  ruleIds.forEach(function (r) { $("filter-rule").appendChild(el("option", { value: String(r), text: S[r] + " (" + rulePages[r] + ")" })); });
  var folders = {};
  P.forEach(function (p) {
    var f = folderOf(p[0]);
    while (true) { folders[f] = (folders[f] || 0) + 1; var up = folderOf(f); if (up === f || f === ".") break; f = up; }
  });
  Object.keys(folders).sort().forEach(function (f) { $("filter-folder").appendChild(el("option", { value: f, text: f + " (" + folders[f] + ")" })); });

  function matches(n, q, result, sev, rule, folder) {
    var p = P[n], m = info[n];
    if (result === "pass" && !p[1]) return false;
    if (result === "fail" && p[1]) return false;
    if (sev !== "" && !p[7].some(function (f) { return f[1] === +sev; })) return false;
    if (rule !== "" && !m.rules[rule]) return false;
    if (folder !== "" && folder !== "." && !(m.folder === folder || m.folder.indexOf(folder + "/") === 0)) return false;
    if (folder === "." && m.folder !== ".") return false;
    if (q && searchText(n).indexOf(q) < 0) return false;
    return true;
  }

  function details(n) {
    var p = P[n], list = el("ul", { class: "findings" });
    p[7].forEach(function (f) {
      var li = el("li", null, [
        el("span", { class: "sev sev" + f[1], text: SEV[f[1]] }),
        el("a", { href: link(p[0], f[2]), text: f[2] + ":" + f[3] }), " ",
        el("code", { text: S[f[0]] }), " ", S[f[4]],
        f[5] >= 0 ? el("span", { class: "help", text: " — " + S[f[5]] }) : null
      ]);
      if (f[6]) {
        var chars = Array.from(f[6]);
        li.appendChild(el("pre", { class: "src" }, [
          chars.slice(0, f[7]).join(""),
          el("mark", { text: chars.slice(f[7], f[7] + f[8]).join("") }),
          chars.slice(f[7] + f[8]).join("")
        ]));
      }
      list.appendChild(li);
    });
    p[8].forEach(function (a) { list.appendChild(el("li", { class: "advice", text: "SEO advice: " + S[a] })); });
    if (!p[7].length && !p[8].length) list.appendChild(el("li", { text: "No findings." }));
    return el("tr", { class: "details" }, [el("td", { colspan: String(COLUMNS.length) }, [list])]);
  }

  function row(n) {
    var p = P[n];
    var open = el("button", { class: "open", type: "button", "aria-expanded": state.open[n] ? "true" : "false", text: p[0] });
    var tr = el("tr", { "data-page": String(n) }, [
      el("td", { class: "path" }, [open, " ", el("a", { href: link(p[0]), title: "open the file", text: "↗" })]),
      el("td", { class: p[1] ? "good" : "bad", text: p[1] ? "pass" : "fail" }),
      el("td", { class: "num " + scoreClass(p[2]), text: String(p[2]) })
    ]);
    p[3].forEach(function (d) { tr.appendChild(el("td", { class: "num " + scoreClass(d), text: String(d) })); });
    tr.appendChild(el("td", { class: "num " + scoreClass(p[4]), text: String(p[4]) }));
    tr.appendChild(el("td", { class: "num", text: String(p[5]) }));
    tr.appendChild(el("td", { class: "num", text: String(p[7].length) }));
    tr.appendChild(el("td", { text: info[n].reason }));
    open.addEventListener("click", function () {
      state.open[n] = !state.open[n];
      open.setAttribute("aria-expanded", state.open[n] ? "true" : "false");
      if (state.open[n]) tr.parentNode.insertBefore(details(n), tr.nextSibling);
      else if (tr.nextSibling && tr.nextSibling.className === "details") tr.parentNode.removeChild(tr.nextSibling);
    });
    return tr;
  }

  function render() {
    var q = $("search").value.trim().toLowerCase();
    var result = $("filter-result").value, sev = $("filter-severity").value;
    var rule = $("filter-rule").value, folder = $("filter-folder").value;
    var rows = [];
    for (var n = 0; n < P.length; n++) if (matches(n, q, result, sev, rule === "" ? "" : +rule, folder)) rows.push(n);
    var col = COLUMNS[state.sort], dir = state.dir;
    rows.sort(function (a, b) {
      var x = col.key(a), y = col.key(b);
      var c = col.str ? (x < y ? -1 : x > y ? 1 : 0) : x - y;
      return c * dir || (P[a][0] < P[b][0] ? -1 : 1);
    });
    Array.prototype.forEach.call(headRow.cells, function (th, k) {
      if (k === state.sort) th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    });
    var frag = document.createDocumentFragment();
    rows.slice(0, state.shown).forEach(function (n) {
      frag.appendChild(row(n));
      if (state.open[n]) frag.appendChild(details(n));
    });
    tbody.textContent = "";
    tbody.appendChild(frag);
    $("count").textContent = rows.length + " of " + P.length + " pages" + (rows.length > state.shown ? ", first " + state.shown + " shown" : "");
    $("more").hidden = rows.length <= state.shown;
  }

  var timer = null;
  $("search").addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { state.shown = PAGE_STEP; render(); }, 120);
  });
  ["filter-result", "filter-severity", "filter-rule", "filter-folder"].forEach(function (id) {
    $(id).addEventListener("change", function () { state.shown = PAGE_STEP; render(); });
  });
  $("more").addEventListener("click", function () { state.shown += PAGE_STEP * 5; render(); });

  // Rule table: most findings first; a rule's count filters the page table by it.
  var rtb = $("rule-table").tBodies[0], meta = {};
  D.rules.forEach(function (r) { meta[r[0]] = r; });
  ruleIds.forEach(function (r) {
    var m = meta[r], id = S[r];
    var name = m && m[3] ? el("a", { href: m[3], text: id })
      : el("code", { text: id, title: "contentlint explain " + id + " prints its documentation" });
    var count = el("button", { class: "open", type: "button", title: "show these pages", text: String(ruleCount[r]) });
    count.addEventListener("click", function () {
      $("filter-rule").value = String(r);
      state.shown = PAGE_STEP;
      render();
      $("pages").scrollIntoView();
    });
    rtb.appendChild(el("tr", null, [
      el("td", null, [name]),
      el("td", { class: "sev" + ruleWorst[r], text: SEV[ruleWorst[r]] }),
      el("td", { text: m ? m[1].replace(/_/g, " ") : "" }),
      el("td", { class: "num" }, [count]),
      el("td", { class: "num", text: String(rulePages[r]) }),
      el("td", { text: m ? m[2] : "" })
    ]));
  });

  // Site-level findings (duplicate titles, broken links...), when the run has them.
  if (Array.isArray(D.site) && D.site.length) {
    var site = $("site"), list = el("ul", { class: "findings" });
    D.site.forEach(function (f) {
      var sev = SEV.indexOf(f.severity);
      var pages = el("ul");
      (f.pages || []).forEach(function (p) { pages.appendChild(el("li", null, [el("a", { href: link(p), text: p })])); });
      list.appendChild(el("li", null, [el("span", { class: "sev sev" + (sev < 0 ? 2 : sev), text: f.severity || "" }), el("code", { text: f.rule || "" }), " ", f.message || "", pages]));
    });
    site.appendChild(el("h2", { text: "Site checks" }));
    site.appendChild(list);
    site.hidden = false;
  }

  // Inputs that could not be linted, and pages a directory walk skipped.
  if (D.errors.length || D.skipped.length) {
    var pr = $("problems");
    if (D.errors.length) {
      pr.appendChild(el("h2", { text: "Files that could not be linted" }));
      var ul = el("ul");
      D.errors.forEach(function (e) { ul.appendChild(el("li", { class: "bad", text: e[1] })); });
      pr.appendChild(ul);
    }
    if (D.skipped.length) {
      pr.appendChild(el("h2", { text: "Files skipped" }));
      var us = el("ul");
      D.skipped.forEach(function (s) { us.appendChild(el("li", { text: s[0] + ": " + s[1] })); });
      pr.appendChild(us);
    }
    pr.hidden = false;
  }

  render();
})();
