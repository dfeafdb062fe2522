// Townsquare's thread under any page: <div id="townsquare-thread" data-url="…"></div> and this
// script. It renders the thread and the reply form into a shadow root on that element, so the
// page's styles and ours never mix, when the reader scrolls near it. A CMS may include the
// server-rendered thread (GET /embed/thread?url=…) inside the element for search engines and
// readers without JavaScript; the shadow root then takes its place on screen.
//
// No cookie of ours is sent or needed (a third-party cookie would be blocked anyway): posts carry
// the thread token from the thread, a fresh form timestamp and a signed device token that this
// script keeps in the page's localStorage, with an author token listing the reader's own comments
// so their pending ones show to them alone.
//
// For single-page sites: Townsquare.render(element, {url, title, theme, lang}) and
// Townsquare.destroy(element).
//
// Its words come with the thread: the fragment carries them, in the thread's language, as a JSON
// block (<script type="application/json" id="ts-strings">, never executed; see embed/strings.py),
// with every plural form and the language's Plural-Forms rule, read by a small parser below (no
// eval: the host page's CSP may forbid it). The English below is the fallback for a missing key.
// The lang option (or data-lang on the element) asks for another language: it goes to the server
// as ?lang= on the thread's and the API's requests.
//
// The newsroom's own sign-in (docs/identity.md): render(element, {accessToken}) or
// Townsquare.login(token) hands us the token the newsroom's server minted; it is exchanged once
// (POST /api/v1/sso/sign-in) for a reader token, kept in localStorage beside the other tokens and
// sent in X-Townsquare-Reader with every API request, until Townsquare.logout(). Where the
// story's rule wants a signed-in reader, "Sign in" fires a cancelable, bubbling "loginPrompt"
// event on the thread's element, for the host page to send the reader to its own sign-in.
//
// Townsquare's own article page is a client like any other: it renders the same thread in its
// own HTML (an element with data-townsquare-page; plain forms that work without JavaScript) and
// loads this script, which takes that thread over in place (no shadow root: the page's own
// stylesheet styles it) and sends the same API requests. There, on Townsquare's own origin, the
// requests carry the reader's cookies (the device, the session, a verified reader's sign-in), so
// a reader who posted without JavaScript is the same reader with it (docs/embed.md).
(function () {
  "use strict";
  if (window.Townsquare && window.Townsquare.render) return;  // loaded twice
  var script = document.currentScript;
  var BASE = script ? new URL(script.src).origin : "";
  var STORE = "townsquare:" + BASE + ":";
  // On Townsquare's own pages our cookies are first-party: send them (and, for a signed-in
  // user, Django's CSRF token). On a newsroom's page they would be third-party: never sent.
  var OWN = BASE === window.location.origin;
  var CREDENTIALS = OWN ? "same-origin" : "omit";

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }
  var states = new WeakMap();

  var ENGLISH = {
    post: "Post Comment",
    post_anyway: "Post anyway",
    post_failed: "Your comment could not be posted; please try again.",
    unreachable: "We could not reach the comments server; your text is still here. Please try again.",
    nudge_explain: "The highlighted words are what our civility check reacted to:",
    nudge_edit: "Edit my comment",
    nudge_choices: " or use Post anyway below; a moderator will read it before it appears.",
    leave_reply: "Leave a Reply",
    reply_to: "Reply to %(name)s",
    cancel_reply: "Cancel reply",
    show: "Show",
    report_why: "Why should our moderators read this comment?",
    report_details: "Details (optional)",
    report_send: "Send report",
    report_failed: "The report could not be sent.",
    cancel: "Cancel",
    close: "Close",
    verified: "You are signed in with your verified address: reply e-mails start at once.",
    your_comments: "Your comments",
    signed_in_as: "Signed in as",
    sign_out: "Sign out",
    sign_in_failed: "Signing in did not work: %(message)s",
    sign_in_failed_plain: "Signing in did not work.",
    edit: "Edit",
    "delete": "Delete",
    respect_failed: "Your respect could not be recorded.",
    edit_label: "Edit your comment",
    edit_save: "Save my edit",
    edit_save_anyway: "Save anyway",
    edit_nudged: "Change your text, or save anyway: a moderator will then read it first.",
    edit_failed: "Your edit could not be saved.",
    edit_unreachable: "We could not reach the comments server; your text is still here.",
    delete_confirm: "Delete this comment? Your name and text will no longer be shown. This cannot be undone.",
    delete_failed: "The comment could not be deleted.",
    deleted: "This comment was deleted by its author.",
  };
  var ENGLISH_PLURALS = {
    comments: ["%(counter)s Comment", "%(counter)s Comments"],
    new_comments: ["%(counter)s new comment", "%(counter)s new comments"],
    respects: ["%(counter)s respect", "%(counter)s respects"],
  };
  // The report reasons: their codes in Report.Reason's order (tests/embed check it), their names
  // from the thread's words in that order.
  var REASON_CODES = ["personal_attack", "harassment", "hate", "threat", "spam", "off_topic", "other"];
  var ENGLISH_REASONS = ["Personal attack or insult", "Harassment", "Hate or identity attack",
    "Threat", "Spam or advertising", "Off-topic", "Other"];

  // gettext's Plural-Forms rule (a C expression of n: "n != 1", "n == 1 ? 0 : n != 0 && n %
  // 1000000 == 0 ? 1 : 2") evaluated for n: the index of the plural form to show.
  var LEVELS = [["||"], ["&&"], ["==", "!="], ["<", ">", "<=", ">="], ["+", "-"], ["*", "/", "%"]];
  function pluralIndex(rule, n) {
    var tokens = String(rule).match(/\d+|n|&&|\|\||[=!<>]=|[<>?:()%!*\/+-]/g) || [];
    var at = 0;
    function apply(op, a, b) {
      switch (op) {
        case "||": return a || b ? 1 : 0;
        case "&&": return a && b ? 1 : 0;
        case "==": return a === b ? 1 : 0;
        case "!=": return a !== b ? 1 : 0;
        case "<": return a < b ? 1 : 0;
        case ">": return a > b ? 1 : 0;
        case "<=": return a <= b ? 1 : 0;
        case ">=": return a >= b ? 1 : 0;
        case "+": return a + b;
        case "-": return a - b;
        case "*": return a * b;
        case "/": return b ? Math.floor(a / b) : 0;
        default: return b ? a % b : 0;
      }
    }
    function operand() {
      var token = tokens[at++];
      if (token === "!") return operand() ? 0 : 1;
      if (token === "(") { var inner = choice(); at++; return inner; }  // and its ")"
      if (token === "n") return n;
      return parseInt(token, 10) || 0;
    }
    function level(k) {
      if (k === LEVELS.length) return operand();
      var left = level(k + 1);
      while (at < tokens.length && LEVELS[k].indexOf(tokens[at]) !== -1) {
        var op = tokens[at++];
        left = apply(op, left, level(k + 1));
      }
      return left;
    }
    function choice() {
      var test = level(0);
      if (tokens[at] !== "?") return test;
      at++;
      var yes = choice();
      at++;  // ":"
      var no = choice();
      return test ? yes : no;
    }
    return choice();
  }

  function fill(text, values) {
    return String(text).replace(/%\((\w+)\)[sd]/g, function (all, name) {
      return values && name in values ? values[name] : all;
    });
  }

  function stored(name) {
    try { return window.localStorage.getItem(STORE + name) || ""; } catch (e) { return ""; }
  }
  function store(name, value) {
    try {
      if (value) window.localStorage.setItem(STORE + name, value);
      else window.localStorage.removeItem(STORE + name);
    } catch (e) { /* storage off: the reader gets a fresh device token each time */ }
  }

  // --- The newsroom's sign-on: one reader token for the page's threads ---------------------
  function readerStored() {
    try { return JSON.parse(stored("reader") || "null"); } catch (e) { return null; }
  }
  function readerToken() {
    var reader = readerStored();
    return (reader && reader.token) || "";
  }
  // The token's user claims, read (not checked: the server does that) to tell whether the
  // reader token kept from an earlier page view is this reader's, with the same name and badges.
  function tokenUser(token) {
    try {
      var part = String(token).split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      var bytes = Uint8Array.from(window.atob(part + "===".slice((part.length + 3) % 4)), function (c) { return c.charCodeAt(0); });
      return JSON.stringify(JSON.parse(new TextDecoder().decode(bytes)).user || null);
    } catch (e) { return ""; }
  }
  var signingIn = {};
  // The reader token for this newsroom token: the one kept while it is live and for the same
  // user claims (no sign-in on every page view), else a fresh sign-in. Rejects with the refusal.
  function signIn(token, url, lang) {
    var user = tokenUser(token);
    var held = readerStored();
    if (held && user && held.user === user && Date.parse(held.expires_at) > Date.now()) return Promise.resolve(held);
    if (signingIn[token]) return signingIn[token];
    if (held) store("reader", "");  // another reader's, or an older account state: replaced
    signingIn[token] = api("/api/v1/sso/sign-in", { token: token, url: url }, lang).then(function (result) {
      delete signingIn[token];
      if (result.status !== 200) {
        var error = new Error(result.data.message || ENGLISH.sign_in_failed_plain);
        error.code = result.data.code || "sign_in_failed";
        error.status = result.status;
        throw error;
      }
      var reader = {
        token: result.data.reader_token,
        expires_at: result.data.expires_at,
        user: user,
        name: result.data.reader.name,
        email: result.data.reader.email,
        badges: result.data.reader.badges,
      };
      store("reader", JSON.stringify(reader));
      return reader;
    }, function (error) { delete signingIn[token]; throw error; });
    return signingIn[token];
  }

  function pageUrl(el, options) {
    if (options && options.url) return options.url;
    if (el.dataset.url) return el.dataset.url;
    var canonical = document.querySelector("link[rel=canonical]");
    if (canonical && canonical.href) return canonical.href;
    return window.location.href.split("#")[0];
  }

  function pageTitle(options) {
    if (options && options.title) return options.title;
    var og = document.querySelector("meta[property='og:title']");
    return (og && og.content) || document.title || "";
  }

  // The embed's lang option on every request (the server answers in it; unknown: passed over).
  function withLang(path, lang) {
    return lang ? path + (path.indexOf("?") === -1 ? "?" : "&") + "lang=" + encodeURIComponent(lang) : path;
  }

  function api(path, body, lang) {
    path = withLang(path, lang);
    var headers = OWN && cookie("csrftoken") ? { "Content-Type": "application/json", "X-CSRFToken": cookie("csrftoken") } : { "Content-Type": "application/json" };
    if (readerToken()) headers["X-Townsquare-Reader"] = readerToken();  // a signed-in reader
    return fetch(BASE + path, {
      method: "POST",
      mode: "cors",
      credentials: CREDENTIALS,
      headers: headers,
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    });
  }

  function getHtml(path) {
    // no-cache: revalidate (a 304 when the thread has not changed), so a reader who just posted
    // never gets the copy from before their comment out of the browser's cache.
    return fetch(BASE + path, { mode: "cors", credentials: CREDENTIALS, cache: "no-cache" }).then(function (response) {
      return response.text().then(function (text) {
        if (response.ok) return text;
        var error = new Error("Townsquare: " + response.status);
        error.body = text;  // a refusal says why (an origin the site does not allow)
        throw error;
      });
    });
  }

  function fragment(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    return holder;
  }

  function query(params) {
    return Object.keys(params).filter(function (k) { return params[k]; }).map(function (k) {
      return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]);
    }).join("&");
  }

  // --- One thread -------------------------------------------------------------------------
  function Thread(el, options) {
    this.el = el;
    this.url = pageUrl(el, options);
    this.title = pageTitle(options);
    this.sort = stored("sort");  // the reader's remembered order (this site's storage, no cookie)
    // Townsquare's own article page: its thread is in the page already, styled by the page.
    this.light = "townsquarePage" in el.dataset;
    this.mode = this.light ? "page" : "script";
    this.root = this.light ? el : (el.shadowRoot || el.attachShadow({ mode: "open" }));
    this.formStarted = "";
    this.askedForm = false;
    this.accessToken = (options && options.accessToken) || "";
    // The language asked for: the lang option, data-lang, or on the article page its address's
    // ?lang=. Sent on every request; none asked, the server answers in the story's language.
    this.lang = (options && options.lang) || el.dataset.lang ||
      (this.light ? new URLSearchParams(window.location.search).get("lang") || "" : "");
    this.words = {};
    // One click listener for the thread's life: the shadow root outlives every load (a sort
    // change reloads into it) and every Townsquare.destroy, so wire() must not add one each
    // time, and a destroyed thread's listener is taken off.
    var self = this;
    this.onClick = function (event) { self.click(event); };
    this.root.addEventListener("click", this.onClick);
  }

  Thread.prototype.byId = function (id) {
    return this.light ? document.getElementById(id) : this.root.getElementById(id);
  };

  // One of the client's words, in the thread's language, its %(name)s filled from values.
  Thread.prototype.t = function (key, values) {
    var words = this.words.strings || {};
    return fill(key in words ? words[key] : ENGLISH[key], values);
  };

  // A counted one: the language's form for n (its Plural-Forms rule), %(counter)s filled.
  Thread.prototype.tn = function (key, n) {
    var forms = (this.words.plurals || {})[key];
    var text;
    if (forms && forms.length) {
      text = forms[Math.min(pluralIndex(this.words.plural || "n != 1", n), forms.length - 1)];
    } else {
      text = ENGLISH_PLURALS[key][n === 1 ? 0 : 1];
    }
    return fill(text, { counter: n });
  };

  Thread.prototype.adopt = function () {
    // The article page's own thread: wired in place, then in the reader's remembered order
    // unless the address asks for one.
    this.box = this.root.querySelector(".ts-thread");
    this.token = this.box.dataset.threadToken;
    this.url = this.box.dataset.url || this.url;
    this.wire();
    this.live();
    this.el.dispatchEvent(new CustomEvent("townsquare:ready", { bubbles: true }));
    if (stored("author") || stored("device") || cookie("ts_posted") || readerToken() || this.find(".ts-restricted")) this.askForm();
    var asked = new URLSearchParams(window.location.search);
    if (this.sort && this.sort !== this.box.dataset.sort && !asked.has("sort") && !asked.has("after")) return this.load();
    return Promise.resolve();
  };

  Thread.prototype.load = function () {
    var self = this;
    if (this.light && !this.box && this.root.querySelector(".ts-thread")) return this.adopt();
    var path = "/embed/thread?" + query({ url: this.url, mode: this.mode, title: this.title, sort: this.sort, lang: this.lang });
    // A newsroom token (render's accessToken) signs the reader in first; a refusal is shown with
    // the thread, which is read as a guest's.
    var signedIn = this.accessToken
      ? signIn(this.accessToken, this.light ? "" : this.url, this.lang).then(function () { self.signInError = null; }, function (error) { self.signInError = error; })
      : Promise.resolve();
    return signedIn.then(function () { return getHtml(path); }).then(function (html) {
      if (self.destroyed) return;
      var holder = fragment(html);
      if (self.light) {
        self.box.replaceWith(holder.querySelector(".ts-thread"));
      } else {
        self.root.innerHTML = "";
        var style = document.createElement("link");
        style.rel = "stylesheet";
        style.href = BASE + "/static/townsquare/embed.css";
        self.root.appendChild(style);
        while (holder.firstChild) self.root.appendChild(holder.firstChild);
      }
      self.box = self.root.querySelector(".ts-thread");
      self.token = self.box.dataset.threadToken;
      self.wire();
      self.live();
      self.showSignInError();
      self.el.dispatchEvent(new CustomEvent("townsquare:ready", { bubbles: true }));
      if (stored("author") || stored("device") || readerToken() || (OWN && self.find(".ts-restricted"))) self.askForm();
    }).catch(function (error) {
      if (window.console) window.console.warn(error.message || error);
      if (self.destroyed || self.box) return;
      if (self.light) return;  // the article page's own thread stays as it is
      // An origin the site does not allow, a page of no site: the site's owner sees why in place
      // of the thread. Anything else (the server out of reach): the included thread, if any.
      var reason = error.body ? fragment(error.body).querySelector(".ts-error[data-code]") : null;
      self.root.innerHTML = "";
      if (!reason) { self.root.appendChild(document.createElement("slot")); return; }
      var note = document.createElement("p");
      note.className = "ts-error";
      note.setAttribute("role", "status");
      note.textContent = "Comments cannot be shown on this page. " + reason.textContent +
        " The site's owner can add " + window.location.origin +
        " to the site's allowed origins in Townsquare's admin.";
      self.root.appendChild(note);
    });
  };

  Thread.prototype.find = function (selector) { return this.root.querySelector(selector); };

  // "3 new comments — Show": the thread's live state (one cache key on the server, a 304 while
  // nothing changed) asked every few seconds while the page is visible; nothing moves until the
  // reader asks to see them.
  Thread.prototype.live = function () {
    var self = this;
    var box = this.box;
    var every = parseFloat(box.dataset.livePoll) * 1000;
    if (this.liveTimer) window.clearTimeout(this.liveTimer);
    this.liveTimer = null;
    if (!box.dataset.live || !(every > 0)) return;
    this.liveSince = (parseInt(box.dataset.liveSince, 10) || Date.now()) - 5000;
    this.liveWaiting = [];
    var onPage = function (id) { return self.byId("comment-" + id); };
    function poll() {
      self.liveTimer = null;
      if (self.destroyed || self.box !== box) return;
      if (document.hidden) return;
      fetch(box.dataset.live, { mode: "cors", credentials: "omit", cache: "no-cache" })  // public
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (!state || self.box !== box) return;
          self.liveWaiting = state.comments.filter(function (c) {
            return c.published_ms > self.liveSince && !onPage(c.id) && (!c.parent_id || onPage(c.parent_id));
          }).map(function (c) { return c.id; });
          self.liveAnnounce();
        })
        .catch(function () { /* ask again later */ })
        .then(schedule);
    }
    function schedule() {
      if (self.liveTimer === null && !self.destroyed && self.box === box) self.liveTimer = window.setTimeout(poll, every);
    }
    if (!this.liveWired) {
      this.liveWired = true;
      document.addEventListener("visibilitychange", function () {
        if (!document.hidden && self.liveTimer === null && self.livePoll) self.livePoll();
      });
    }
    this.livePoll = poll;
    schedule();
  };

  Thread.prototype.liveAnnounce = function () {
    var notice = this.find(".ts-live");
    var n = this.liveWaiting.length;
    if (!n) { if (notice) notice.hidden = true; return; }
    if (!notice) {
      notice = document.createElement("p");
      notice.className = "ts-live";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ts-live__button";
      notice.appendChild(button);
      this.box.appendChild(notice);
    }
    var words = this.tn("new_comments", n);
    if (notice.hidden || notice.firstChild.textContent.indexOf(words + " ") !== 0) this.announce(words);
    notice.firstChild.textContent = words + " — " + this.t("show");
    notice.hidden = false;
  };

  Thread.prototype.liveShow = function () {
    var self = this;
    var ids = this.liveWaiting.slice(0, 50);
    var path = "/api/v1/stories/" + this.box.dataset.story + "/comments?" + query({ ids: ids.join(","), url: this.url, lang: this.lang });
    fetch(BASE + path, { mode: "cors", credentials: "omit" })
      .then(function (response) { if (!response.ok) throw response; return response.json(); })
      .then(function (data) {
        var first = null;
        data.comments.forEach(function (comment, i) {
          if (self.byId("comment-" + comment.id)) return;
          var item = self.place(data.html[i], comment.parent_id, self.sort === "newest");
          item.classList.add("ts-comment--new");
          first = first || item;
        });
        self.liveWaiting = self.liveWaiting.filter(function (id) { return !self.byId("comment-" + id); });
        self.liveAnnounce();
        if (first) {
          first.setAttribute("tabindex", "-1");
          first.scrollIntoView({ block: "center" });
          first.focus({ preventScroll: true });
        }
      })
      .catch(function () { self.load(); });
  };

  Thread.prototype.wire = function () {
    var self = this;
    // The thread's words (embed/strings.py), in its language; English where one is missing.
    var block = this.find("#ts-strings");
    try { this.words = block ? JSON.parse(block.textContent) || {} : {}; } catch (e) { this.words = {}; }
    // Polite live regions, there (empty) before anything is said in them: screen readers
    // announce changes to a region they know, not a region inserted with its text. "N new
    // comments" is said in a hidden one, "Your comment was posted" in the visible status line
    // above the form (message()); the focus never moves for either.
    this.announcer = this.find(".ts-announcer");
    if (!this.announcer) {
      this.announcer = document.createElement("p");
      this.announcer.className = "ts-announcer ts-hidden";
      this.announcer.setAttribute("role", "status");
      this.announcer.setAttribute("aria-live", "polite");
      this.box.appendChild(this.announcer);
    }
    this.form = this.find(".ts-form");
    this.status = null;
    if (this.form) {
      this.status = document.createElement("p");
      this.status.className = "ts-status";
      this.status.setAttribute("role", "status");
      this.status.setAttribute("aria-live", "polite");
      this.form.before(this.status);
    }
    this.respond = this.find("#respond");
    if (this.respond) { this.home = this.respond.parentNode; this.homeNext = this.respond.nextSibling; }
    var sort = this.find(".ts-sort__select");
    if (sort) sort.addEventListener("change", function () { self.sortBy(sort.value); });
    if (!this.form) return;
    try {
      var saved = JSON.parse(stored("details") || "null");
      if (saved) {
        ["author", "email", "url"].forEach(function (name) {
          if (saved[name]) self.field(name).value = saved[name];
        });
        self.field("remember").checked = true;
      }
    } catch (e) { /* unreadable: no pre-fill */ }
    this.form.addEventListener("focusin", function () { self.askForm(); });
    this.form.addEventListener("submit", function (event) { event.preventDefault(); self.submit(); });
  };

  Thread.prototype.announce = function (text) {
    var region = this.announcer;
    region.textContent = "";
    // A tick later, so the same words said twice are announced twice.
    window.setTimeout(function () { region.textContent = text; }, 50);
  };

  Thread.prototype.sortBy = function (value) {
    this.sort = value;
    store("sort", value);
    this.askedForm = false;
    this.load();
  };

  Thread.prototype.field = function (name) { return this.form.querySelector("[name=" + name + "]"); };

  // A fresh form timestamp and device token, and the reader's own comments awaiting moderation.
  Thread.prototype.askForm = function () {
    var self = this;
    // A submit while the first ask is still on its way waits for it: its form token is the one
    // the post needs (posting without one is refused).
    if (!this.token) return Promise.resolve();
    if (this.askedForm) return this.asking || Promise.resolve();
    this.askedForm = true;
    this.asking = api("/api/v1/forms", {
      thread_token: this.token, device_token: stored("device"), author_token: stored("author"),
    }, this.lang).then(function (result) {
      if (result.status !== 200) { self.askedForm = false; return; }
      self.formStarted = result.data.form_started;
      store("device", result.data.device_token);
      (result.data.pending || []).forEach(function (comment, i) {
        if (!self.byId("comment-" + comment.id)) {
          self.place(result.data.pending_html[i], comment.parent_id);
        }
      });
      self.own = result.data;
      // A reader token the server no longer knows (signed out elsewhere, ended): forgotten, so
      // the next page view's accessToken signs in afresh.
      if (readerToken() && !result.data.reader) store("reader", "");
      self.applyOwn();
      self.applyCommenting(result.data);
      var status = self.find("[data-reader-status]");
      if (status && result.data.reader_verified) {
        status.textContent = self.t("verified") + " ";
        var yours = document.createElement("a");
        yours.href = BASE + "/your-comments/";
        yours.textContent = self.t("your_comments");
        status.appendChild(yours);
      }
    }).catch(function () { self.askedForm = false; });
    return this.asking;
  };

  // Who may comment, for this reader (the forms answer): the form, or the rule's message in its
  // place; a signed-in reader's form posts under their account's name and address.
  Thread.prototype.applyCommenting = function (data) {
    var restricted = this.find(".ts-restricted");
    var reader = data.reader || null;
    this.reader = reader;
    if (this.form) {
      if (restricted) { restricted.hidden = !!data.may_comment; this.form.hidden = !data.may_comment; }
      var row = this.form.querySelector(".ts-form__row");
      var line = this.form.querySelector("[data-signed-in]");
      if (line) line.remove();
      if (reader) {
        this.field("author").value = reader.name;
        this.field("email").value = reader.email;
        this.form.prepend(signedInLine(this, reader.name));
      }
      if (row) row.hidden = !!reader;
      this.field("remember").closest("p").hidden = !!reader;  // the account's details
    }
    if (restricted) {
      var note = restricted.querySelector("[data-signed-in]");
      if (note) note.remove();
      var signInButton = restricted.querySelector(".ts-sign-in");
      if (signInButton) signInButton.hidden = !!reader;
      if (reader && !data.may_comment) restricted.querySelector(".ts-restricted__actions").before(signedInLine(this, reader.name));
    }
  };

  function signedInLine(thread, name) {
    var line = document.createElement("p");
    line.className = "ts-signed-in";
    line.setAttribute("data-signed-in", "");
    var who = document.createElement("bdi");
    who.className = "ts-signed-in__name";
    who.textContent = name;
    var out = document.createElement("button");
    out.type = "button";
    out.className = "ts-link-button ts-sign-out";
    out.textContent = thread.t("sign_out");
    line.append(thread.t("signed_in_as") + " ", who, " — ", out);
    return line;
  }

  // The newsroom token was refused: why, where the form is (the thread is read as a guest's).
  Thread.prototype.showSignInError = function () {
    var old = this.find(".ts-sso-error");
    if (old) old.remove();
    if (!this.signInError || !this.box) return;
    var note = document.createElement("p");
    note.className = "ts-message ts-message--error ts-sso-error";
    note.setAttribute("role", "alert");
    note.textContent = this.t("sign_in_failed", { message: this.signInError.message });
    var place = this.find("#respond");
    if (place) place.prepend(note); else this.box.appendChild(note);
  };

  // "Sign in" (or a post the rule refused): the host page's turn. True when it did not take it
  // (no listener called preventDefault()).
  Thread.prototype.loginPrompt = function (reason) {
    var restricted = this.find(".ts-restricted");
    var message = restricted ? restricted.querySelector(".ts-restricted__message") : null;
    return this.el.dispatchEvent(new CustomEvent("loginPrompt", {
      bubbles: true,
      composed: true,
      cancelable: true,
      detail: {
        reason: reason,
        url: this.url,
        commenting: restricted ? restricted.dataset.commenting : "",
        message: message ? message.textContent : "",
      },
    }));
  };

  // The reader's own parts: what they respect, and Edit / Delete on their own comments.
  Thread.prototype.applyOwn = function () {
    var self = this;
    var own = this.own;
    if (!own) return;
    (own.respected || []).forEach(function (id) { self.setRespect(id, true, null); });
    Object.keys(own.editable || {}).forEach(function (id) {
      var until = Date.parse(own.editable[id]);
      if (until > Date.now()) self.ownButton(id, "ts-own-edit", self.t("edit"), until);
    });
    (own.deletable || []).forEach(function (id) { self.ownButton(id, "ts-own-delete", self.t("delete"), null); });
  };

  Thread.prototype.ownButton = function (id, className, label, until) {
    var item = this.byId("comment-" + id);
    if (!item) return;
    var box = item.querySelector(":scope > .ts-box");
    if (!box || box.querySelector("." + className)) return;
    var footer = box.querySelector(".ts-actions");
    if (!footer) { footer = document.createElement("footer"); footer.className = "ts-actions"; box.appendChild(footer); }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "ts-link-button " + className;
    button.dataset.comment = id;
    button.textContent = label;
    footer.appendChild(button);
    if (until) window.setTimeout(function () { button.remove(); }, Math.min(until - Date.now(), 2147483647));
  };

  Thread.prototype.setRespect = function (id, respected, count) {
    var item = this.byId("comment-" + id);
    var button = item && item.querySelector(":scope > .ts-box .ts-respect");
    if (!button) return;
    button.setAttribute("aria-pressed", respected ? "true" : "false");
    if (count !== null) {
      var shown = button.querySelector(".ts-respect__count");
      shown.textContent = count;
      shown.setAttribute("aria-label", this.tn("respects", count));
    }
  };

  Thread.prototype.respect = function (button) {
    var self = this;
    var on = button.getAttribute("aria-pressed") !== "true";
    button.disabled = true;
    // A respect needs the device token the form hands out: ask for the form first if none yet.
    (stored("device") ? Promise.resolve() : this.askForm())
      .then(function () {
        return api("/api/v1/comments/" + button.dataset.respect + "/respect", { on: on, device_token: stored("device") }, self.lang);
      })
      .then(function (result) {
        button.disabled = false;
        if (result.data.device_token) store("device", result.data.device_token);
        if (result.status !== 200) { window.alert(result.data.message || self.t("respect_failed")); return; }
        self.setRespect(button.dataset.respect, result.data.respected, result.data.respect_count);
      }).catch(function () { button.disabled = false; });
  };

  Thread.prototype.editForm = function (button) {
    var self = this;
    var id = button.dataset.comment;
    if (!this.own && !button.dataset.asked) {
      // An Edit the page rendered for its reader: their own parts (the Markdown) come first.
      button.dataset.asked = "1";
      this.askForm().then(function () { self.editForm(button); });
      return;
    }
    var item = this.byId("comment-" + id);
    var box = item.querySelector(":scope > .ts-box");
    if (box.querySelector(".ts-edit-form")) return;
    var body = box.querySelector(".ts-body");
    var form = document.createElement("form");
    form.className = "ts-edit-form";
    var label = document.createElement("label");
    label.textContent = this.t("edit_label");
    label.className = "ts-hidden";
    label.htmlFor = "ts-edit-" + id;
    var text = document.createElement("textarea");
    text.id = "ts-edit-" + id;
    text.name = "comment";
    text.rows = 5;
    // The Markdown the reader typed (their own parts carry it): the rendered text has lost the
    // links, emphasis and quotes, and saving it would drop them.
    var sources = (this.own && this.own.sources) || {};
    text.value = id in sources ? sources[id] : body.innerText.trim();
    var note = document.createElement("p");
    note.className = "ts-edit-form__note";
    note.setAttribute("role", "status");
    var save = document.createElement("button");
    save.type = "submit";
    save.className = "ts-button";
    save.textContent = this.t("edit_save");
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "ts-button ts-button--secondary";
    cancel.textContent = this.t("cancel");
    // Closing (Cancel, or Escape in the form) gives the focus back to the Edit button.
    function shut() { form.remove(); body.hidden = false; if (button.isConnected) button.focus(); }
    cancel.addEventListener("click", shut);
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); shut(); }
    });
    form.append(label, text, note, save, cancel);
    body.hidden = true;
    body.after(form);
    text.focus();
    var nudgeToken = "";
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      // Busy, not disabled: a disabled button drops the keyboard's focus.
      if (save.getAttribute("aria-disabled")) return;
      save.setAttribute("aria-disabled", "true");
      api("/api/v1/comments/" + id + "/edit", {
        comment: text.value, nudge_token: nudgeToken, device_token: stored("device"), author_token: stored("author"),
      }, self.lang).then(function (result) {
        save.removeAttribute("aria-disabled");
        if (result.status === 422 && result.data.code === "nudged") {
          nudgeToken = result.data.nudge_token;
          note.textContent = result.data.message + " " + self.t("edit_nudged");
          save.textContent = self.t("edit_save_anyway");
          return;
        }
        if (result.status !== 200) { note.textContent = result.data.message || self.t("edit_failed"); return; }
        if (self.own && self.own.sources) self.own.sources[id] = text.value.trim();
        var fresh = fragment(result.data.html).firstElementChild.querySelector(":scope > .ts-box");
        box.replaceWith(fresh);
        var message = document.createElement("p");
        message.className = "ts-message ts-message--success";
        message.setAttribute("role", "status");
        message.textContent = result.data.message;
        fresh.appendChild(message);
        self.applyOwn();
        // The form that held the focus is gone: the focus goes to the saved comment.
        fresh.setAttribute("tabindex", "-1");
        fresh.focus();
      }).catch(function () { save.removeAttribute("aria-disabled"); note.textContent = self.t("edit_unreachable"); });
    });
  };

  Thread.prototype.remove = function (button) {
    var id = button.dataset.comment;
    if (!window.confirm(this.t("delete_confirm"))) return;
    var self = this;
    api("/api/v1/comments/" + id + "/delete", { device_token: stored("device"), author_token: stored("author") }, this.lang)
      .then(function (result) {
        if (result.status !== 200) { window.alert(result.data.message || self.t("delete_failed")); return; }
        var item = self.byId("comment-" + id);
        // The Delete button goes with the comment: the focus goes to the thread's heading (or
        // the tombstone), not to the top of the page.
        if (!item.querySelector(":scope > .ts-list--children > .ts-comment")) {
          item.remove();
          var heading = self.find(".ts-heading");
          heading.setAttribute("tabindex", "-1");
          heading.focus();
          return;
        }
        var box = item.querySelector(":scope > .ts-box");
        box.innerHTML = "";
        var note = document.createElement("p");
        note.className = "ts-tombstone";
        note.textContent = self.t("deleted");
        box.appendChild(note);
        item.classList.add("ts-comment--tombstone");
        box.setAttribute("tabindex", "-1");
        box.focus();
      });
  };

  Thread.prototype.place = function (html, parentId, atTop) {
    var item = fragment(html).firstElementChild;
    var parent = parentId ? this.byId("comment-" + parentId) : null;
    var list;
    if (parent) {
      list = parent.querySelector(":scope > .ts-list--children");
      if (!list) {
        list = document.createElement("ol");
        list.className = "ts-list ts-list--children";
        parent.appendChild(list);
      }
    } else {
      list = this.find("#ts-list");
      var empty = this.find(".ts-empty");
      if (empty) empty.remove();
      if (atTop) { list.insertBefore(item, list.firstChild); return item; }
    }
    list.appendChild(item);
    return item;
  };

  Thread.prototype.click = function (event) {
    var target = event.target.closest("a, button");
    if (!target) return;
    if (target.classList.contains("ts-reply")) { event.preventDefault(); this.replyTo(target); }
    else if (target.classList.contains("ts-cancel")) { event.preventDefault(); this.cancelReply(); }
    else if (target.classList.contains("ts-report")) { event.preventDefault(); this.reportForm(target); }
    else if (target.classList.contains("ts-next")) { event.preventDefault(); this.more(target); }
    else if (target.classList.contains("ts-more-replies__link")) { event.preventDefault(); this.replies(target); }
    else if (target.classList.contains("ts-edit")) { event.preventDefault(); this.field("comment").focus(); }
    else if (target.classList.contains("ts-live__button")) { event.preventDefault(); this.liveShow(); }
    else if (target.classList.contains("ts-respect")) { event.preventDefault(); this.respect(target); }
    else if (target.classList.contains("ts-own-edit")) { event.preventDefault(); this.editForm(target); }
    else if (target.classList.contains("ts-own-delete")) { event.preventDefault(); this.remove(target); }
    else if (target.classList.contains("ts-sort__link")) { event.preventDefault(); this.sortBy(target.dataset.sort); }
    else if (target.classList.contains("ts-sign-in")) { if (!this.loginPrompt("sign_in")) event.preventDefault(); }
    else if (target.classList.contains("ts-sign-out")) { event.preventDefault(); logout(); }
    else if (target.classList.contains("ts-featured-item__link")) {
      var placed = this.byId("comment-" + target.dataset.comment);
      if (placed) { event.preventDefault(); placed.scrollIntoView({ block: "center" }); placed.setAttribute("tabindex", "-1"); placed.focus({ preventScroll: true }); }
    }
  };

  Thread.prototype.replyTo = function (link) {
    this.replyLink = link;
    var item = this.byId("comment-" + link.dataset.replyTo);
    item.querySelector(".ts-box").after(this.respond);
    this.field("comment_parent").value = link.dataset.replyTo;
    var title = this.find("#ts-reply-title");
    title.textContent = this.t("reply_to", { name: link.dataset.author }) + " ";
    var cancel = document.createElement("a");
    cancel.href = "#";
    cancel.className = "ts-cancel";
    cancel.textContent = this.t("cancel_reply");
    title.appendChild(cancel);
    this.field("comment").focus();
  };

  Thread.prototype.cancelReply = function () {
    if (!this.form) return;
    this.field("comment_parent").value = "";
    this.find("#ts-reply-title").textContent = this.t("leave_reply");
    if (this.respond.parentNode === this.home) return;  // at home: moving it would drop the focus
    var active = this.light ? document.activeElement : this.root.activeElement;
    var focused = this.respond.contains(active);
    this.home.insertBefore(this.respond, this.homeNext);
    // Moving the form drops the focus it held: it goes back to the comment's Reply link.
    if (focused && this.replyLink && this.replyLink.isConnected) this.replyLink.focus();
    else if (focused) active.focus();
    this.replyLink = null;
  };

  Thread.prototype.more = function (link) {
    var self = this;
    var path = "/embed/thread?" + query({ url: this.url, mode: this.mode, sort: this.sort, after: link.dataset.after, lang: this.lang });
    getHtml(path).then(function (html) {
      var holder = fragment(html);
      var list = self.find("#ts-list");
      Array.prototype.slice.call(holder.querySelectorAll("#ts-list > .ts-comment")).forEach(function (item) {
        if (!self.byId(item.id)) list.appendChild(item);
      });
      var next = holder.querySelector(".ts-pages");
      link.closest(".ts-pages").replaceWith(next || document.createTextNode(""));
    });
  };

  Thread.prototype.replies = function (link) {
    var self = this;
    var path = "/embed/replies?" + query({ url: this.url, comment: link.dataset.replies, after: link.dataset.after, lang: this.lang });
    getHtml(path).then(function (html) {
      var holder = fragment(html);
      var top = self.byId("comment-" + link.dataset.replies);
      var fresh = holder.querySelector(".ts-list--children");
      var old = top.querySelector(":scope > .ts-list--children");
      if (link.dataset.after && old) {
        Array.prototype.slice.call(fresh.children).forEach(function (item) {
          if (!self.byId(item.id)) old.appendChild(item);
        });
      } else if (old) { old.replaceWith(fresh); } else { top.appendChild(fresh); }
      var more = holder.querySelector(".ts-more-replies");
      link.closest(".ts-more-replies").replaceWith(more || document.createTextNode(""));
    });
  };

  Thread.prototype.message = function (text, kind) {
    // Errors are alerts, each a new element; other news goes in the polite status line.
    var old = this.find(".ts-message--error");
    if (old) old.remove();
    this.status.className = "ts-status";
    this.status.textContent = "";
    if (!text) return;
    if (kind && kind !== "error") {
      this.status.className = "ts-status ts-message ts-message--" + kind;
      this.status.textContent = text;
      return;
    }
    var box = document.createElement("p");
    box.className = "ts-message ts-message--error";
    box.setAttribute("role", "alert");
    box.textContent = text;
    this.form.before(box);
  };

  Thread.prototype.fieldErrors = function (errors) {
    var self = this;
    this.form.querySelectorAll(".ts-field__error").forEach(function (slot) { slot.hidden = true; slot.textContent = ""; });
    this.form.querySelectorAll(".ts-field").forEach(function (p) { p.classList.remove("ts-field--error"); });
    Object.keys(errors || {}).forEach(function (name) {
      var slot = self.byId("ts-" + name + "-error");
      if (!slot) return;
      slot.textContent = errors[name];
      slot.hidden = false;
      slot.parentNode.classList.add("ts-field--error");
    });
  };

  Thread.prototype.clearNudge = function () {
    var old = this.find(".ts-nudge");
    if (old) old.remove();
    this.field("nudge_token").value = "";
    this.form.querySelector("button[type=submit]").textContent = this.t("post");
  };

  Thread.prototype.showNudge = function (data) {
    this.clearNudge();
    var box = document.createElement("div");
    box.className = "ts-nudge";
    box.id = "nudge";  // as the page without scripts names it
    box.setAttribute("role", "alert");
    var message = document.createElement("p");
    message.className = "ts-nudge__message";
    message.textContent = data.message;
    var explain = document.createElement("p");
    explain.textContent = this.t("nudge_explain");
    var quote = document.createElement("blockquote");
    quote.className = "ts-nudge__text";
    quote.innerHTML = data.highlighted;  // escaped by the server, with <mark> around the spans
    var choices = document.createElement("p");
    var edit = document.createElement("a");
    edit.href = "#";
    edit.className = "ts-edit ts-button ts-button--secondary";
    edit.textContent = this.t("nudge_edit");
    choices.appendChild(edit);
    choices.appendChild(document.createTextNode(this.t("nudge_choices")));
    box.append(message, explain, quote, choices);
    this.form.before(box);
    // Focus moves to the nudge (read from its message on); "Edit my comment" takes it back to
    // the comment, "Post anyway" is the form's button.
    box.setAttribute("tabindex", "-1");
    box.focus();
    this.field("nudge_token").value = data.nudge_token;
    this.form.querySelector("button[type=submit]").textContent = this.t("post_anyway");
  };

  Thread.prototype.submit = function () {
    var self = this;
    var button = this.form.querySelector("button[type=submit]");
    // Busy, not disabled: a disabled button loses the keyboard's focus (to the page's top).
    if (this.posting) return;
    this.posting = true;
    button.setAttribute("aria-disabled", "true");
    function done() { self.posting = false; button.removeAttribute("aria-disabled"); }
    this.askForm().then(function () {
      var parent = self.field("comment_parent").value;
      var tos = self.field("tos_version").value;
      return api("/api/v1/comments", {
        thread_token: self.token,
        parent_id: parent ? parseInt(parent, 10) : null,
        author: self.field("author").value,
        email: self.field("email").value,
        url: self.field("url").value,
        comment: self.field("comment").value,
        phone: self.field("phone").value,
        nudge_token: self.field("nudge_token").value,
        notify_replies: self.field("notify_replies") ? self.field("notify_replies").checked : false,
        tos_version: tos ? parseInt(tos, 10) : null,
        form_started: self.formStarted,
        device_token: stored("device"),
        author_token: stored("author"),
      }, self.lang);
    }).then(function (result) {
      done();
      var data = result.data;
      // Each form token posts once: every answer brings the next one.
      if (data.form_started) self.formStarted = data.form_started;
      if (result.status === 422 && data.code === "nudged") { self.fieldErrors({}); self.message(""); self.showNudge(data); return; }
      if (result.status !== 201) {
        if (data.code === "parent_missing") self.cancelReply();
        if (data.code === "commenting_restricted") {
          // The rule wants someone else (signed out meanwhile?): say so, and let the host page
          // offer its sign-in; the reader's answer from the server decides the form.
          self.loginPrompt("post_refused");
          self.askedForm = false;
          self.askForm();
        }
        self.fieldErrors(data.errors);
        self.message(data.message || self.t("post_failed"), "error");
        return;
      }
      store("device", data.device_token);
      store("author", data.author_token);
      if (self.reader) { /* the account's details: nothing to remember */ }
      else if (self.field("remember").checked) {
        store("details", JSON.stringify({ author: self.field("author").value, email: self.field("email").value, url: self.field("url").value }));
      } else { store("details", ""); }
      self.clearNudge();
      self.fieldErrors({});
      self.field("comment").value = "";
      if (self.field("notify_replies")) self.field("notify_replies").checked = false;
      self.message(data.replies_notice ? data.message + " " + data.replies_notice : data.message, "success");
      var parentId = data.comment ? data.comment.parent_id : null;
      if (data.status === "published" && data.comment) {
        var heading = self.find(".ts-heading");
        var n = parseInt(heading.dataset.count, 10) + 1;
        if (!isNaN(n)) { heading.dataset.count = n; heading.textContent = self.tn("comments", n); }
      }
      self.cancelReply();
      if (data.html) {
        var item = self.place(data.html, parentId);
        item.setAttribute("tabindex", "-1");
        item.scrollIntoView({ block: "center" });
        // The new comment is the reader's own: ask again for their parts (Edit, Delete) now.
        self.askedForm = false;
        self.askForm();
      }
    }).catch(function () {
      done();
      self.message(self.t("unreachable"), "error");
    });
  };

  Thread.prototype.reportForm = function (link) {
    var self = this;
    var item = this.byId("comment-" + link.dataset.report);
    var box = item.querySelector(":scope > .ts-box");
    var open = box.querySelector(".ts-report-form");
    if (open) { open.querySelector("select").focus(); return; }
    var form = document.createElement("form");
    form.className = "ts-report-form";
    var names = this.words.reasons && this.words.reasons.length === REASON_CODES.length ? this.words.reasons : ENGLISH_REASONS;
    var reasons = REASON_CODES.map(function (code, i) { return [code, names[i]]; });
    var label = document.createElement("label");
    label.textContent = this.t("report_why") + " ";
    var select = document.createElement("select");
    select.name = "reason";
    reasons.forEach(function (r) { var o = document.createElement("option"); o.value = r[0]; o.textContent = r[1]; select.appendChild(o); });
    label.appendChild(select);
    var details = document.createElement("textarea");
    details.name = "details";
    details.maxLength = 500;
    details.rows = 2;
    details.setAttribute("aria-label", this.t("report_details"));
    details.placeholder = this.t("report_details");
    var send = document.createElement("button");
    send.type = "submit";
    send.className = "ts-button";
    send.textContent = this.t("report_send");
    var note = document.createElement("p");
    note.className = "ts-report-form__note";
    note.setAttribute("role", "status");
    // Closing (the button, or Escape anywhere in the form) gives focus back to "Report".
    var close = document.createElement("button");
    close.type = "button";
    close.className = "ts-button ts-button--secondary ts-report-form__close";
    close.textContent = this.t("cancel");
    function shut() { form.remove(); link.focus(); }
    close.addEventListener("click", shut);
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); shut(); }
    });
    var buttons = document.createElement("p");
    buttons.className = "ts-report-form__buttons";
    buttons.append(send, close);
    form.append(label, details, buttons, note);
    box.appendChild(form);
    select.focus();
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send.disabled = true;
      api("/api/v1/comments/" + link.dataset.report + "/reports", {
        reason: select.value, details: details.value, device_token: stored("device"),
      }, self.lang).then(function (result) {
        send.disabled = false;
        if (result.data.device_token) store("device", result.data.device_token);
        note.textContent = result.data.message || self.t("report_failed");
        if (result.status === 201) {
          select.disabled = true; details.disabled = true; send.remove();
          close.textContent = self.t("close");
          close.focus();  // the focused button is gone: focus stays in the form
        }
      });
    });
  };

  // --- Lazily, when the reader comes near -------------------------------------------------
  var rendered = [];  // every live thread of the page: login() and logout() reload them all

  function render(el, options) {
    var state = states.get(el);
    if (state && !state.destroyed) return state.loaded;
    // The theme (light, dark, auto) is the element's data-theme, which embed.css reads from
    // the shadow root (:host([data-theme])); render({theme}) sets it.
    if (options && options.theme) el.dataset.theme = options.theme;
    var thread = new Thread(el, options || {});
    states.set(el, thread);
    rendered.push(thread);
    thread.loaded = new Promise(function (resolve) {
      function go() { resolve(thread.load()); }
      if (!("IntersectionObserver" in window) || (options && options.eager)) { go(); return; }
      thread.observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) {
          thread.observer.disconnect();
          go();
        }
      }, { rootMargin: "800px 0px" });
      thread.observer.observe(el);
    });
    return thread.loaded;
  }

  function destroy(el) {
    var thread = states.get(el);
    if (!thread) return;
    thread.destroyed = true;
    thread.root.removeEventListener("click", thread.onClick);
    if (thread.observer) thread.observer.disconnect();
    if (thread.liveTimer) window.clearTimeout(thread.liveTimer);
    // A shadow root cannot be removed; emptied, the light DOM shows. The article page's own
    // thread is the page's content: it stays.
    if (!thread.light) thread.root.innerHTML = "";
    states.delete(el);
    rendered = rendered.filter(function (t) { return t !== thread; });
  }

  function reloadAll() {
    return Promise.all(rendered.map(function (thread) {
      thread.askedForm = false;
      thread.own = null;
      return thread.box || thread.light ? thread.load() : thread.loaded;
    }));
  }

  // Sign the reader in with a newsroom token for every thread of the page (the reader token is
  // the page's, as the device token is), then reload them as that reader. Resolves with the
  // reader ({name, email, badges}); rejects with the refusal ({code, message}), shown in each
  // thread too.
  function login(token) {
    var url = siteUrl();
    store("reader", "");
    return signIn(token, url).then(function (reader) {
      rendered.forEach(function (thread) { thread.accessToken = token; thread.signInError = null; });
      return reloadAll().then(function () { return { name: reader.name, email: reader.email, badges: reader.badges }; });
    }, function (error) {
      rendered.forEach(function (thread) { thread.accessToken = ""; thread.signInError = error; thread.showSignInError(); });
      throw error;
    });
  }

  // Sign out: the reader session ends and its newsroom token's jti is refused from now on; the
  // threads reload as a guest's (and do not sign in again with render's accessToken).
  // The site whose secrets check a token: the page's (a newsroom page's URL names it). Our own
  // article pages are no site's page: there the server takes the site from the request.
  function siteUrl() {
    var first = rendered[0];
    if (!first) return OWN ? "" : window.location.href;
    return first.light ? "" : first.url;
  }

  function logout() {
    var url = siteUrl();
    var ending = readerToken() || OWN ? api("/api/v1/sso/sign-out", { url: url }).catch(function () { return null; }) : Promise.resolve(null);
    return ending.then(function () {
      store("reader", "");
      rendered.forEach(function (thread) { thread.accessToken = ""; thread.signInError = null; thread.reader = null; });
      return reloadAll();
    });
  }

  window.Townsquare = { render: render, destroy: destroy, login: login, logout: logout, base: BASE };
  var targets = document.querySelectorAll("#townsquare-thread, [data-townsquare-thread], [data-townsquare-page]");
  Array.prototype.forEach.call(targets, function (el) {
    // The article page's thread is on screen already: taken over at once.
    render(el, "townsquarePage" in el.dataset ? { eager: true } : undefined);
  });
})();
