// Report form: a live character count for the optional details. The form works without it;
// the server checks the length and keeps the text when it is too long.
(function () {
  "use strict";
  var box = document.getElementById("id_details");
  var hint = document.getElementById("details-hint");
  if (!box || !hint) return;
  var limit = parseInt(box.getAttribute("data-max-length"), 10) || 500;
  var timer = null;

  function update() {
    var left = limit - box.value.length;
    hint.textContent = left >= 0
      ? left + (left === 1 ? " character" : " characters") + " left."
      : -left + (left === -1 ? " character" : " characters") + " over the limit of " + limit + ".";
    hint.classList.toggle("field__hint--over", left < 0);
  }

  // Announce the count after typing pauses, not on every key, so screen readers are not flooded.
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 400);
  });
  if (box.value) update();
})();
