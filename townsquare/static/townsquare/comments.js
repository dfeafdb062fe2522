// Progressive enhancement for the reply form. Everything works without this file: "Reply" links
// reload the page with ?replytocom=, and the form posts normally. With it, the form moves under
// the comment being answered and posts without a full reload.
(function () {
  "use strict";
  var form = document.querySelector(".comment-form");
  if (!form) return;
  var respond = document.getElementById("respond");
  var home = respond.parentNode;
  var homeNext = respond.nextSibling;
  var parentField = form.querySelector("[name=comment_parent]");
  var title = document.getElementById("reply-title");
  var originalTitle = title ? title.innerHTML : "";

  // Pre-fill from the reader's own opt-in cookie; the server never writes these into the page.
  var match = document.cookie.match(/(?:^|; )townsquare_commenter=([^;]*)/);
  if (match) {
    try {
      // Older cookies were written quoted ("…"); the quotes are not part of the value.
      var saved = JSON.parse(decodeURIComponent(match[1].replace(/^"|"$/g, "")));
      ["author", "email", "url"].forEach(function (name) {
        var input = form.querySelector("[name=" + name + "]");
        if (input && !input.value && saved[name]) input.value = saved[name];
      });
      form.querySelector("[name=remember]").checked = true;
    } catch (e) { /* an unreadable cookie just means no pre-fill */ }
  }

  // The page may be a public copy every reader gets alike (from our cache, nginx or a CDN). What
  // is this reader's own comes from the uncached viewer endpoint: a fresh form timestamp once
  // they start writing, and, if they have posted before, their comments awaiting moderation.
  var viewerUrl = form.dataset.viewer;
  var viewerAsked = false;
  var viewerData = null;
  function askViewer() {
    if (viewerAsked || !viewerUrl || !window.fetch) return;
    viewerAsked = true;
    fetch(viewerUrl, { credentials: "same-origin", headers: { "X-Requested-With": "townsquare" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        if (data.form_started) form.querySelector("[name=form_started]").value = data.form_started;
        (data.pending || []).forEach(function (item) {
          if (document.getElementById("comment-" + item.id)) return;
          placeComment(item.html, item.parent);
        });
        var readerStatus = form.querySelector("[data-reader-status]");
        if (readerStatus && data.reader && data.reader.verified) {
          readerStatus.textContent = "You are signed in with your verified address: reply e-mails start at once. ";
          var yours = document.createElement("a");
          yours.href = data.reader.your_comments_url;
          yours.textContent = "Your comments";
          readerStatus.appendChild(yours);
        }
        viewerData = data;
        applyViewer();
      })
      .catch(function () { viewerAsked = false; });
  }
  form.addEventListener("focusin", askViewer);
  if (/(?:^|; )ts_posted=/.test(document.cookie)) askViewer();

  // The viewer's own parts of the thread: "Edit" (while the window is open) and "Delete" on their
  // comments, the pressed state of what they respect. The public page has none of them.
  function actionUrl(template, id) { return template.replace(/\/0\/(edit|delete)\/$/, "/" + id + "/$1/"); }

  function applyViewer() {
    var data = viewerData;
    if (!data) return;
    (data.respected || []).forEach(function (id) { setRespect(id, true, null); });
    var urls = data.urls || {};
    Object.keys(data.editable || {}).forEach(function (id) {
      var until = Date.parse(data.editable[id]);
      addAction(id, "comment__edit", "Edit", actionUrl(urls.edit, id), until);
    });
    (data.deletable || []).forEach(function (id) {
      addAction(id, "comment__delete", "Delete", actionUrl(urls.delete, id), null);
    });
  }

  function addAction(id, className, label, href, until) {
    var item = document.getElementById("comment-" + id);
    if (!item || !href) return;
    var box = item.querySelector(":scope > .comment__box");
    if (!box || box.querySelector("." + className)) return;
    if (until && until <= Date.now()) return;
    var footer = box.querySelector(".comment__actions");
    if (!footer) {
      footer = document.createElement("footer");
      footer.className = "comment__actions";
      box.appendChild(footer);
    }
    var link = document.createElement("a");
    link.className = className;
    link.href = href;
    link.rel = "nofollow";
    link.textContent = label;
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = " your comment";
    link.appendChild(hidden);
    footer.appendChild(link);
    // The window closes while the page is open: the link goes with it.
    if (until) window.setTimeout(function () { link.remove(); }, Math.min(until - Date.now(), 2147483647));
  }

  // --- Respect: a form button without JavaScript; here, in place, with the count and state.
  function setRespect(id, respected, count) {
    var item = document.getElementById("comment-" + id);
    if (!item) return;
    var button = item.querySelector(":scope > .comment__box .comment__respect");
    if (!button) return;
    button.setAttribute("aria-pressed", respected ? "true" : "false");
    button.form.querySelector("[name=on]").value = respected ? "0" : "1";
    if (count !== null) {
      var shown = button.querySelector(".comment__respect-count");
      shown.textContent = count;
      shown.setAttribute("aria-label", count + " respect" + (count === 1 ? "" : "s"));
    }
  }

  document.addEventListener("submit", function (event) {
    var respectForm = event.target.closest(".comment__respect-form");
    if (!respectForm || !window.fetch) return;
    event.preventDefault();
    var button = respectForm.querySelector(".comment__respect");
    button.disabled = true;
    fetch(respectForm.action, {
      method: "POST",
      body: new FormData(respectForm),
      headers: { "X-Requested-With": "townsquare" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      button.disabled = false;
      if (!result.ok) { window.alert(result.data.error || "Your respect could not be recorded."); return; }
      setRespect(button.dataset.respect, result.data.respected, result.data.respect_count);
    }).catch(function () { button.disabled = false; respectForm.submit(); });
  });

  // --- Delete: confirm, then in place (a tombstone when replies hang off it).
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".comment__delete");
    if (!link || !window.fetch) return;
    event.preventDefault();
    if (!window.confirm("Delete this comment? Your name and text will no longer be shown. This cannot be undone.")) return;
    fetch(link.href, {
      method: "POST",
      headers: { "X-Requested-With": "townsquare" },
      credentials: "same-origin",
    }).then(function (response) {
      if (!response.ok) throw response;
      var item = link.closest(".comment");
      var replies = item.querySelector(":scope > .comment-list--children > .comment");
      if (!replies) { item.remove(); return; }
      var box = item.querySelector(":scope > .comment__box");
      box.innerHTML = "";
      var note = document.createElement("p");
      note.className = "comment__tombstone";
      note.textContent = "This comment was deleted by its author.";
      box.appendChild(note);
      item.classList.add("comment--tombstone");
    }).catch(function () { window.location.href = link.href; });
  });

  // --- Sort: the reader's choice is remembered in this browser (never in a cookie, so the page
  // stays the public one) and, on a later visit without ?sort, the thread is fetched in it.
  var SORT_KEY = "townsquare:sort";
  function storedSort() { try { return window.localStorage.getItem(SORT_KEY) || ""; } catch (e) { return ""; } }
  function storeSort(value) { try { window.localStorage.setItem(SORT_KEY, value); } catch (e) { /* off */ } }
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".comment-sort__link");
    if (link) storeSort(link.dataset.sort);
  });
  var section = document.getElementById("comments");
  var asked = new URLSearchParams(window.location.search).get("sort");
  if (asked) storeSort(asked);
  var wanted = storedSort();
  if (!asked && wanted && section && wanted !== section.dataset.sort && window.fetch &&
      !/[?&](after|from)=/.test(window.location.search)) {
    fetch(window.location.pathname + "?sort=" + encodeURIComponent(wanted), { credentials: "same-origin" })
      .then(function (response) { if (!response.ok) throw response; return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("thread");
        var old = document.getElementById("thread");
        if (!fresh || !old) return;
        old.replaceWith(document.adoptNode(fresh));
        section.dataset.sort = wanted;
        applyViewer();
      })
      .catch(function () { /* the thread in its default order stays */ });
  }

  function placeComment(html, parentId) {
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var item = holder.firstElementChild;
    var list;
    var parentItem = parentId ? document.getElementById("comment-" + parentId) : null;
    if (parentItem) {
      list = parentItem.querySelector(":scope > .comment-list--children");
      if (!list) {
        list = document.createElement("ol");
        list.className = "comment-list comment-list--children";
        parentItem.appendChild(list);
      }
    } else {
      list = document.getElementById("comment-list");
    }
    list.appendChild(item);
    return item;
  }

  // "Show N more replies": the rest of the thread in place, without leaving the page.
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".comment__more-link");
    if (!link || !window.fetch) return;
    event.preventDefault();
    fetch(link.href, { credentials: "same-origin", headers: { "X-Requested-With": "townsquare" } })
      .then(function (response) { if (!response.ok) throw response; return response.text(); })
      .then(function (html) {
        var top = document.getElementById("comment-" + link.dataset.replies);
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector(".comment-list--children");
        var old = top.querySelector(":scope > .comment-list--children");
        if (link.dataset.after && old) {
          Array.prototype.forEach.call(fresh.children, function (item) {
            if (!document.getElementById(item.id)) old.appendChild(item);
          });
        } else if (old) {
          old.replaceWith(fresh);
        } else {
          top.appendChild(fresh);
        }
        var more = holder.querySelector(".comment__more");
        link.closest(".comment__more").replaceWith(more || document.createTextNode(""));
      })
      .catch(function () { window.location.href = link.href; });
  });

  function cancelReply(event) {
    if (event) event.preventDefault();
    parentField.value = "";
    title.innerHTML = originalTitle;
    home.insertBefore(respond, homeNext);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".comment__reply");
    if (!link) return;
    event.preventDefault();
    var box = document.getElementById("comment-" + link.dataset.replyTo);
    box.querySelector(".comment__box").after(respond);
    parentField.value = link.dataset.replyTo;
    title.textContent = "Reply to " + link.dataset.author + " ";
    var cancel = document.createElement("a");
    cancel.href = "#respond";
    cancel.className = "respond__cancel";
    cancel.textContent = "Cancel reply";
    cancel.addEventListener("click", cancelReply);
    title.appendChild(cancel);
    form.querySelector("[name=comment]").focus();
  });

  function showErrors(errors) {
    form.querySelectorAll(".field").forEach(function (p) { p.classList.remove("field--error"); });
    form.querySelectorAll(".field__error").forEach(function (s) { s.hidden = true; s.textContent = ""; });
    var summary = respond.querySelector(".form-errors");
    if (summary) summary.remove();
    var general = [];
    Object.keys(errors).forEach(function (name) {
      var messages = errors[name].map(function (e) { return e.message; }).join(" ");
      var slot = document.getElementById(name + "-error");
      if (slot && name !== "__all__") {
        slot.textContent = messages;
        slot.hidden = false;
        slot.parentNode.classList.add("field--error");
      } else {
        general.push(messages);
      }
    });
    var box = document.createElement("div");
    box.className = "form-errors";
    box.setAttribute("role", "alert");
    box.textContent = general.length ? general.join(" ")
      : "Please correct the highlighted fields below; nothing you typed has been lost.";
    form.before(box);
  }

  function clearNudge() {
    var old = document.getElementById("nudge");
    if (old) old.remove();
    form.querySelector("[name=nudge_token]").value = "";
    form.querySelector("button[type=submit]").textContent = "Post Comment";
  }

  function showNudge(nudge) {
    clearNudge();
    var box = document.createElement("div");
    box.className = "nudge";
    box.id = "nudge";
    box.setAttribute("role", "alert");
    var message = document.createElement("p");
    message.className = "nudge__message";
    message.textContent = nudge.message;
    var explain = document.createElement("p");
    explain.className = "nudge__explain";
    explain.textContent = "The highlighted words are what our civility check reacted to:";
    var quote = document.createElement("blockquote");
    quote.className = "nudge__text";
    quote.innerHTML = nudge.highlighted;  // server-escaped text with <mark> around spans
    var choices = document.createElement("p");
    choices.className = "nudge__choices";
    var edit = document.createElement("a");
    edit.href = "#id_comment";
    edit.className = "button button--secondary";
    edit.textContent = "Edit my comment";
    edit.addEventListener("click", function (e) {
      e.preventDefault();
      form.querySelector("[name=comment]").focus();
    });
    choices.appendChild(edit);
    choices.appendChild(document.createTextNode(
      " or use Post anyway below; a moderator will read it before it appears."));
    box.append(message, explain, quote, choices);
    form.before(box);
    form.querySelector("[name=nudge_token]").value = nudge.token;
    form.querySelector("button[type=submit]").textContent = "Post anyway";
  }

  // "Your comment was posted." (or held for a moderator), where the reader is looking.
  function showPosted(text, kind) {
    var old = respond.parentNode.querySelector(".notice--posted");
    if (old) old.remove();
    if (!text) return;
    var note = document.createElement("p");
    note.className = "notice notice--" + kind + " notice--posted";
    note.setAttribute("role", "status");
    note.textContent = text;
    respond.before(note);
  }

  // The headings say how many comments are published: one more.
  function countOneMore() {
    document.querySelectorAll("#comments-heading, .article__comment-link").forEach(function (el) {
      var n = parseInt(el.textContent, 10);
      if (isNaN(n)) return;
      var heading = el.id === "comments-heading";
      el.textContent = (n + 1) + (heading ? " Comment" : " comment") + (n + 1 === 1 ? "" : "s");
    });
  }

  form.addEventListener("submit", function (event) {
    if (!window.fetch) return;
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "townsquare" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      button.disabled = false;
      // Each form timestamp posts once: every answer brings the next one.
      if (result.data.form_started) form.querySelector("[name=form_started]").value = result.data.form_started;
      if (result.status === 422 && result.data.nudge) { showNudge(result.data.nudge); return; }
      if (result.status !== 201) {
        // A reply to a removed comment becomes a new one.
        if (result.data.comment_parent === "" && parentField.value) cancelReply();
        showErrors(result.data.errors || {});
        return;
      }
      clearNudge();
      form.querySelector("[name=comment]").value = "";
      showPosted(result.data.message, result.data.status === "pending" ? "info" : "success");
      if (result.data.status === "published" && result.data.id) countOneMore();
      // The new comment is the reader's own: ask again for their parts (Edit, Delete) now.
      viewerAsked = false;
      askViewer();
      var repliesNotice = form.querySelector("[data-replies-notice]");
      if (repliesNotice) repliesNotice.textContent = result.data.replies_notice || "";
      var notify = form.querySelector("[name=notify_replies]");
      if (notify) notify.checked = false;
      if (!result.data.html) { cancelReply(); return; }  // nothing to show (kept for review)
      var item = placeComment(result.data.html, result.data.parent);
      form.querySelector("[name=comment]").value = "";
      var summary = respond.querySelector(".form-errors");
      if (summary) summary.remove();
      cancelReply();
      item.scrollIntoView({ block: "center" });
      item.setAttribute("tabindex", "-1");
      item.focus();
    }).catch(function () {
      // Network trouble: fall back to an ordinary post so the reader's words are not lost.
      button.disabled = false;
      form.submit();
    });
  });
})();
