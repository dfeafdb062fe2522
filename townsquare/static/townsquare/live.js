// "3 new comments — Show": while the page is open, ask every few seconds what was published
// since the page's thread was read. The question goes to the story's live state (one cache key
// on the server; a 304 while nothing changed) and moves nothing on the page: the notice floats
// at the bottom of the window until the reader chooses to show the new comments.
(function () {
  "use strict";
  var section = document.getElementById("comments");
  if (!section || !section.dataset.live || !window.fetch) return;
  var every = parseFloat(section.dataset.livePoll) * 1000;
  if (!(every > 0)) return;
  // A comment written just before the thread was read may have been committed just after it.
  var since = (parseInt(section.dataset.liveSince, 10) || Date.now()) - 5000;
  var waiting = [];
  var notice = null;
  var timer = null;

  function onPage(id) { return document.getElementById("comment-" + id); }

  function poll() {
    timer = null;
    if (document.hidden) return;  // resumed by visibilitychange
    fetch(section.dataset.live, { cache: "no-cache", credentials: "omit" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) return;
        waiting = state.comments.filter(function (c) {
          // New to this page, and with somewhere to go on it.
          return c.published_ms > since && !onPage(c.id) && (!c.parent_id || onPage(c.parent_id));
        }).map(function (c) { return c.id; });
        announce();
      })
      .catch(function () { /* offline for a moment: ask again later */ })
      .then(schedule);
  }

  function schedule() {
    if (timer === null && !document.hidden) timer = window.setTimeout(poll, every);
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && timer === null) poll();
  });

  function announce() {
    if (!waiting.length) {
      if (notice) notice.hidden = true;
      return;
    }
    if (!notice) {
      notice = document.createElement("div");
      notice.className = "live-notice";
      notice.setAttribute("role", "status");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "live-notice__button";
      button.addEventListener("click", show);
      notice.appendChild(button);
      document.body.appendChild(notice);
    }
    var n = waiting.length;
    notice.firstChild.textContent = n + " new comment" + (n === 1 ? "" : "s") + " — Show";
    notice.hidden = false;
  }

  function place(html, parentId) {
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var item = holder.firstElementChild;
    var parent = parentId ? onPage(parentId) : null;
    var list;
    if (parent) {
      list = parent.querySelector(":scope > .comment-list--children");
      if (!list) {
        list = document.createElement("ol");
        list.className = "comment-list comment-list--children";
        parent.appendChild(list);
      }
      list.appendChild(item);
    } else {
      list = document.getElementById("comment-list");
      // Read now: comments.js may have re-fetched the thread in the reader's remembered sort.
      if (section.dataset.sort === "newest") list.insertBefore(item, list.firstChild);
      else list.appendChild(item);
      var empty = section.querySelector(".discussion__empty");
      if (empty) empty.remove();
    }
    item.classList.add("comment--new");
    return item;
  }

  function show() {
    var ids = waiting.slice(0, 50);
    fetch(section.dataset.liveNew + "?ids=" + ids.join(","), { credentials: "omit" })
      .then(function (response) { if (!response.ok) throw response; return response.json(); })
      .then(function (data) {
        var first = null;
        data.comments.forEach(function (item) {
          if (onPage(item.id)) return;
          var placed = place(item.html, item.parent);
          first = first || placed;
        });
        waiting = waiting.filter(function (id) { return !onPage(id); });
        announce();
        if (first) {
          first.setAttribute("tabindex", "-1");
          first.scrollIntoView({ block: "center" });
          first.focus({ preventScroll: true });
        }
      })
      .catch(function () { window.location.reload(); });
  }

  schedule();
})();
