// cleaner review: filter by reason, jump between documents. Reads the page's classes and
// attributes; writes only classes, `hidden`, form values and textContent, never markup.
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

  // Scrolling by hand makes the document under the controls the current one, so that
  // next/previous and the menu go on from where the reader is.
  function track() {
    var line = document.getElementById("controls").offsetHeight + 40;
    var atBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
    var found = null;
    visible().forEach(function (doc) {
      if (doc.getBoundingClientRect().top <= line) { found = doc; }
    });
    if (found && found !== current && !atBottom) {
      current = found;
      jump.value = found.id;
    }
  }
  var pending = false;
  window.addEventListener("scroll", function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () { pending = false; track(); });
    }
  }, { passive: true });

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
})();
