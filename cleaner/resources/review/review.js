// cleaner review: filter by reason, jump between documents, and the page's own check
// (#selftest). Reads the page's classes and attributes; writes only classes, `hidden` and
// textContent, never markup.
(function () {
  "use strict";
  var docs = Array.prototype.slice.call(document.querySelectorAll("article.doc"));
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.rm"));
  var filter = document.getElementById("reason-filter");
  var jump = document.getElementById("jump");
  var count = document.getElementById("shown-count");
  var current = docs.length ? docs[0] : null;

  function reasonsOf(doc) {
    return (doc.getAttribute("data-reasons") || "").split(" ");
  }
  function visible() {
    return docs.filter(function (doc) { return !doc.hidden; });
  }
  function applyFilter() {
    var only = filter.value;
    docs.forEach(function (doc) {
      doc.hidden = only !== "" && reasonsOf(doc).indexOf(only) < 0;
    });
    marks.forEach(function (mark) {
      mark.classList.toggle("dim", only !== "" && mark.getAttribute("data-reason") !== only);
    });
    Array.prototype.forEach.call(jump.options, function (option) {
      option.disabled = document.getElementById(option.value).hidden;
    });
    count.textContent = visible().length + " of " + docs.length + " documents";
    if (current && current.hidden) { current = visible()[0] || null; }
    if (current) { jump.value = current.id; }
  }
  function show(doc) {
    if (!doc) { return; }
    current = doc;
    jump.value = doc.id;
    doc.scrollIntoView({ block: "start" });
    doc.focus({ preventScroll: true });
  }
  function go(step) {
    var shown = visible();
    var at = shown.indexOf(current);
    show(shown[Math.max(0, Math.min(shown.length - 1, at + step))]);
  }

  filter.addEventListener("change", applyFilter);
  jump.addEventListener("change", function () { show(document.getElementById(jump.value)); });
  document.getElementById("prev").addEventListener("click", function () { go(-1); });
  document.getElementById("next").addEventListener("click", function () { go(1); });
  document.addEventListener("keydown", function (event) {
    var tag = event.target && event.target.tagName;
    if (tag === "SELECT" || tag === "INPUT" || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === "j") { go(1); } else if (event.key === "k") { go(-1); }
  });
  applyFilter();

  function selftest() {
    var out = { docs: docs.length, marks: marks.length };
    var mark = marks[0];
    if (mark) {
      var tip = mark.querySelector(".tip");
      out.tipHiddenBefore = getComputedStyle(tip).display === "none";
      mark.focus();
      out.focused = document.activeElement === mark;
      out.tipShownOnFocus = getComputedStyle(tip).display !== "none";
      out.tipText = tip.textContent;
      mark.blur();
      var reason = mark.getAttribute("data-reason");
      filter.value = reason;
      applyFilter();
      out.filterReason = reason;
      out.shownAfterFilter = visible().length;
      out.shownHaveReason = visible().every(function (d) { return reasonsOf(d).indexOf(reason) >= 0; });
      out.hiddenLackReason = docs.filter(function (d) { return d.hidden; })
        .every(function (d) { return reasonsOf(d).indexOf(reason) < 0; });
      out.othersDimmed = marks.every(function (m) {
        return m.classList.contains("dim") === (m.getAttribute("data-reason") !== reason);
      });
      filter.value = "";
      applyFilter();
      out.shownAfterReset = visible().length;
    }
    show(docs[0]);
    go(1);
    out.afterNext = current ? current.id : null;
    go(-1);
    out.afterPrev = current ? current.id : null;
    out.scripts = document.scripts.length;
    var result = document.getElementById("selftest-result");
    result.textContent = JSON.stringify(out);
    result.hidden = false;
  }
  if (location.hash === "#selftest") { selftest(); }
})();
