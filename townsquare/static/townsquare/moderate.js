/* The moderators' queue, faster: single-key shortcuts, and actions posted without a reload.
 *
 * Every action is an ordinary form that works with JavaScript off. This script only adds the
 * keys (j/k move, a approve, r reject, f feature, w warn, s suspend, b ban, x select, o open the
 * commenter, ? help) and posts the same forms with fetch, swapping or removing one card.
 */
(function () {
  "use strict";

  var root = document.getElementById("mod");
  if (!root) return;
  document.documentElement.classList.add("js-mod");
  var live = document.getElementById("mod-live");
  var help = document.getElementById("mod-help");
  var bulkCount = root.querySelector("[data-bulk-count]");
  var current = null;
  var beforeHelp = null;
  var strings = readStrings();

  // The page's own strings, in its language (a JSON block the server renders with gettext);
  // English when the block is missing or unreadable.
  function readStrings() {
    var block = document.getElementById("ts-strings");
    if (!block) return {};
    try {
      return JSON.parse(block.textContent) || {};
    } catch (error) {
      return {};
    }
  }

  function text(key, english) {
    return typeof strings[key] === "string" ? strings[key] : english;
  }

  // A plural: the form for the page language's plural category of ``count``.
  function plural(key, count, one, other) {
    var forms = strings[key] || {};
    var category = count === 1 ? "one" : "other";
    try {
      category = new Intl.PluralRules(document.documentElement.lang || undefined).select(count);
    } catch (error) { /* an old browser: English's rule */ }
    var form = forms[category] || forms.other || (count === 1 ? one : other);
    return form.replace("%(count)s", String(count));
  }

  function cards() {
    return Array.prototype.slice.call(root.querySelectorAll(".mod-card"));
  }

  function announce(text) {
    if (!live) return;
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 20);
  }

  function setCurrent(card, focus) {
    if (current) current.classList.remove("is-current");
    current = card || null;
    if (!card) return;
    card.classList.add("is-current");
    if (focus !== false) {
      card.focus({ preventScroll: true });
      card.scrollIntoView({ block: "nearest" });
    }
  }

  function move(step) {
    var list = cards();
    if (!list.length) return;
    if (current && !current.contains(document.activeElement)) {
      // The first move after the page loads (or after clicking elsewhere) lands on the card
      // already marked as current rather than skipping past it.
      setCurrent(current);
      return;
    }
    var index = list.indexOf(current);
    index = index < 0 ? 0 : Math.min(list.length - 1, Math.max(0, index + step));
    setCurrent(list[index]);
  }

  function isTyping(element) {
    if (!element || !element.tagName) return false;
    var tag = element.tagName;
    return tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || element.isContentEditable;
  }

  function openPanel(card, name) {
    var panel = card.querySelector('details[data-panel="' + name + '"]');
    if (!panel) {
      announce(text("unavailable", "That action is not available for this comment."));
      return;
    }
    card.querySelectorAll("details.mod-panel[open]").forEach(function (other) {
      if (other !== panel) other.open = false;
    });
    panel.open = true;
    var target = panel.querySelector("[data-focus]") || panel.querySelector("select, input, button");
    if (target) target.focus();
  }

  function submitKey(card, key) {
    var form = card.querySelector('form[data-key="' + key + '"]');
    if (form) form.requestSubmit();
    else announce(text("unavailable", "That action is not available for this comment."));
  }

  function toggleSelect(card) {
    var box = card.querySelector(".mod-card__select");
    if (!box) return;
    box.checked = !box.checked;
    syncSelection();
  }

  function syncSelection() {
    var count = 0;
    cards().forEach(function (card) {
      var box = card.querySelector(".mod-card__select");
      var on = !!(box && box.checked);
      card.classList.toggle("is-selected", on);
      if (on) count += 1;
    });
    if (bulkCount) {
      bulkCount.textContent = count ? plural("selected", count, "%(count)s selected", "%(count)s selected") : "";
    }
  }

  function updateCounts(counts) {
    if (!counts) return;
    Object.keys(counts).forEach(function (tab) {
      var badge = root.querySelector('[data-count-for="' + tab + '"]');
      if (badge) badge.textContent = counts[tab];
    });
  }

  function closePanels(card) {
    var open = card ? card.querySelectorAll("details.mod-panel[open]") : [];
    open.forEach(function (panel) { panel.open = false; });
    return open.length > 0;
  }

  function toggleHelp(show) {
    if (!help) return;
    help.open = show === undefined ? !help.open : show;
    if (help.open) {
      beforeHelp = document.activeElement;
      help.querySelector("summary").focus();
    } else if (beforeHelp && beforeHelp !== document.body && document.contains(beforeHelp)) {
      beforeHelp.focus({ preventScroll: true });
    } else {
      document.activeElement.blur();
    }
  }

  function showError(form, message) {
    var error = form.querySelector(".mod-form__error");
    if (!error) {
      error = document.createElement("p");
      error.className = "mod-form__error";
      error.setAttribute("role", "alert");
      form.insertBefore(error, form.firstChild);
    }
    error.textContent = message;
  }

  function errorText(data) {
    var parts = [];
    Object.keys((data && data.errors) || {}).forEach(function (field) {
      data.errors[field].forEach(function (item) { parts.push(item.message); });
    });
    return parts.join(" ") || (data && data.message) ||
      text("failed", "That did not work; please try again.");
  }

  function afterAction(card, data) {
    announce(data.message);
    updateCounts(data.counts);
    var list = cards();
    var index = list.indexOf(card);
    if (data.in_tab === false) {
      var next = list[index + 1] || list[index - 1] || null;
      var item = card.closest("li") || card;
      item.remove();
      if (next) setCurrent(next);
      else {
        current = null;
        var empty = document.createElement("p");
        empty.className = "mod-empty";
        empty.textContent = text("empty", "Nothing left on this page.");
        root.querySelector(".mod-cards").replaceWith(empty);
      }
    } else if (data.card_html) {
      var template = document.createElement("template");
      template.innerHTML = data.card_html.trim();
      var fresh = template.content.firstElementChild;
      card.replaceWith(fresh);
      setCurrent(fresh);
    }
    syncSelection();
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    var card = form.closest(".mod-card");
    if (!card || form.hasAttribute("data-native")) return;
    event.preventDefault();
    if (card.getAttribute("aria-busy") === "true") return;
    card.setAttribute("aria-busy", "true");
    var url = new URL(form.action, window.location.href);
    url.search = window.location.search;
    fetch(url.toString(), {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "townsquare", Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (response.status === 400) {
          return response.json().then(function (data) {
            card.removeAttribute("aria-busy");
            showError(form, errorText(data));
          });
        }
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json().then(function (data) {
          card.removeAttribute("aria-busy");
          afterAction(card, data);
        });
      })
      .catch(function () {
        // Signed out, a server error, the network: let the plain form post show what happened.
        card.removeAttribute("aria-busy");
        form.submit();
      });
  });

  root.addEventListener("focusin", function (event) {
    var card = event.target.closest && event.target.closest(".mod-card");
    if (card && card !== current) setCurrent(card, false);
  });

  root.addEventListener("change", function (event) {
    if (event.target.classList && event.target.classList.contains("mod-card__select")) {
      syncSelection();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (event.key === "Escape") {
      if (help && help.open) {
        toggleHelp(false);
      } else if (current && closePanels(current)) {
        current.focus({ preventScroll: true });
      }
      return;
    }
    if (isTyping(target)) {
      // In an action panel, Enter on the reason list sends the form: one key, then Enter.
      if (event.key === "Enter" && target.tagName === "SELECT" && target.form &&
          target.closest(".mod-panel")) {
        event.preventDefault();
        target.form.requestSubmit();
      }
      return;
    }
    if (event.key === "?") {
      event.preventDefault();
      toggleHelp();
      return;
    }
    var card = current;
    var handled = true;
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "a": if (card) submitKey(card, "a"); break;
      case "f":
        // Unfeature at once; featuring first asks for the reason readers will see.
        if (card && card.querySelector('form[data-key="f"]')) submitKey(card, "f");
        else if (card) openPanel(card, "feature");
        break;
      case "r": if (card) openPanel(card, "reject"); break;
      case "w": if (card) openPanel(card, "warn"); break;
      case "s": if (card) openPanel(card, "suspend"); break;
      case "b": if (card) openPanel(card, "ban"); break;
      case "x": if (card) toggleSelect(card); break;
      case "o":
        if (card) {
          var link = card.querySelector(".mod-person a");
          if (link) window.location.assign(link.href);
        }
        break;
      default: handled = false;
    }
    if (handled) event.preventDefault();
  });

  var fromHash = window.location.hash && document.getElementById(window.location.hash.slice(1));
  if (fromHash && fromHash.classList.contains("mod-card")) setCurrent(fromHash);
  // A comment's own page (where report e-mails lead) has one card: focus it, so its keys work
  // at once and a screen reader starts there. The queue marks its first card without moving focus.
  else setCurrent(cards()[0] || null, root.hasAttribute("data-single-card"));
  syncSelection();
})();
