// The documents' behaviour in the browser: each part acts only where its elements are on the page.
(function () {
  // Select words in the document to quote them: the passage and its section fill themselves in.
  document.addEventListener("mouseup", function () {
    var paper = document.querySelector(".doc-paper");
    var quote = document.getElementById("id_quote");
    var section = document.getElementById("id_section");
    if (!paper || !quote) { return; }
    var selection = window.getSelection();
    var text = selection ? selection.toString().replace(/\s+/g, " ").trim() : "";
    if (!text || !paper.contains(selection.anchorNode)) { return; }
    quote.value = text;
    if (!section) { return; }
    var node = selection.anchorNode.nodeType === 1 ? selection.anchorNode : selection.anchorNode.parentElement;
    var block = node.closest(".doc-paper > *");
    for (var el = block; el; el = el.previousElementSibling) {
      if (/^H[1-6]$/.test(el.tagName)) {
        var title = el.textContent.trim();
        var match = Array.prototype.find.call(section.options, function (o) {
          return o.value === title || o.value.endsWith(": " + title);
        });
        if (match) { section.value = match.value; }
        break;
      }
    }
  });

  // The silent-reading clock.
  function startReadingClock() {
    var timer = document.getElementById("reading-timer");
    var clock = document.getElementById("reading-clock");
    if (!timer || !clock) { return; }
    var started = parseInt(timer.dataset.started, 10) * 1000;
    var limit = parseInt(timer.dataset.minutes, 10) * 60;
    function tick() {
      var seconds = Math.max(0, Math.floor((Date.now() - started) / 1000));
      var m = Math.floor(seconds / 60), s = seconds % 60;
      clock.textContent = m + ":" + (s < 10 ? "0" : "") + s;
      timer.classList.toggle("doc-timer-over", seconds > limit);
    }
    tick();
    setInterval(tick, 1000);
  }

  // The editor: a paste over the limit is refused here too, with the limit, before it is sent;
  // the parts that have findings are marked, so a long PR/FAQ shows where to look.
  function watchEditor() {
    var form = document.getElementById("doc-form");
    if (!form || !form.dataset.maxChars) { return; }
    var limit = parseInt(form.dataset.maxChars, 10);
    function size() {
      var total = 0;
      form.querySelectorAll("textarea, input[type=text]").forEach(function (el) { total += el.value.length; });
      return total;
    }
    function refuse(event) {
      var total = size();
      if (total <= limit) { return; }
      event.preventDefault();
      var box = document.getElementById("doc-lint");
      box.innerHTML = "";
      var p = document.createElement("p");
      p.className = "doc-lint-error";
      p.setAttribute("role", "alert");
      p.textContent = "This text has " + total.toLocaleString("en-US") + " characters; the limit is " +
        limit.toLocaleString("en-US") + " (about 20,000 words). A narrative fits on six pages: move detail to an appendix or another document.";
      box.appendChild(p);
    }
    form.addEventListener("htmx:beforeRequest", refuse);
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.target.id !== "doc-lint") { return; }
      form.querySelectorAll(".doc-has-finding").forEach(function (el) { el.classList.remove("doc-has-finding"); });
      event.target.querySelectorAll(".doc-finding[data-part]").forEach(function (item) {
        var field = document.getElementById("id_" + item.dataset.part);
        if (field) { field.classList.add("doc-has-finding"); }
      });
    });
    form.addEventListener("submit", refuse);
  }

  document.addEventListener("DOMContentLoaded", function () {
    startReadingClock();
    watchEditor();
  });
})();
