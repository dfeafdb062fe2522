// Report form: a live character count for the optional details. The form works without it;
// the server checks the length and keeps the text when it is too long.
(function () {
  "use strict";
  var box = document.getElementById("id_details");
  var hint = document.getElementById("details-hint");
  if (!box || !hint) return;
  var limit = parseInt(box.getAttribute("data-max-length"), 10) || 500;
  var timer = null;
  var strings = {};
  var block = document.getElementById("ts-strings");
  // The counter's words in the page's language (a JSON block the server renders with gettext);
  // English when the block is missing or unreadable.
  try {
    strings = block ? JSON.parse(block.textContent) || {} : {};
  } catch (error) {
    strings = {};
  }

  function plural(key, count, english) {
    var forms = strings[key] || {};
    var category = count === 1 ? "one" : "other";
    try {
      category = new Intl.PluralRules(document.documentElement.lang || undefined).select(count);
    } catch (error) { /* an old browser: English's rule */ }
    var form = forms[category] || forms.other || english;
    return form.replace("%(count)s", String(count)).replace("%(limit)s", String(limit));
  }

  function update() {
    var left = limit - box.value.length;
    hint.textContent = left >= 0
      ? plural("left", left, left === 1 ? "%(count)s character left." : "%(count)s characters left.")
      : plural("over", -left, (left === -1 ? "%(count)s character" : "%(count)s characters") +
        " over the limit of %(limit)s.");
    hint.classList.toggle("field__hint--over", left < 0);
  }

  // Announce the count after typing pauses, not on every key, so screen readers are not flooded.
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 400);
  });
  if (box.value) update();
})();
