// Comment counts for every link on a page, in one request:
//   <a href="https://news.example.org/story" data-townsquare-count>Comments</a>
//   <script src="https://comments.example.org/count.js" async></script>
// The link's data-townsquare-count value names the page when it is not the link's own address.
(function () {
  "use strict";
  var script = document.currentScript;
  var BASE = script ? new URL(script.src).origin : "";
  var MAX_URLS = 100;
  var MAX_QUERY = 6000;  // longer lists go in a POST body

  function pageOf(el) {
    var named = el.getAttribute("data-townsquare-count");
    var href = named || el.getAttribute("href") || window.location.href;
    return new URL(href, window.location.href).href.split("#")[0];
  }

  function label(n) { return n + (n === 1 ? " comment" : " comments"); }

  function fetchCounts(urls) {
    var query = urls.map(function (u) { return "url=" + encodeURIComponent(u); }).join("&");
    var options = { mode: "cors", credentials: "omit", cache: "no-cache" };
    var path = "/api/v1/counts?" + query;
    if (query.length > MAX_QUERY) {
      path = "/api/v1/counts";
      options.method = "POST";
      options.headers = { "Content-Type": "application/json" };
      options.body = JSON.stringify({ urls: urls });
    }
    return fetch(BASE + path, options).then(function (response) {
      if (!response.ok) throw new Error("Townsquare counts: " + response.status);
      return response.json();
    });
  }

  function update() {
    var links = Array.prototype.slice.call(document.querySelectorAll("[data-townsquare-count]"));
    var byUrl = {};
    links.forEach(function (el) { (byUrl[pageOf(el)] = byUrl[pageOf(el)] || []).push(el); });
    var urls = Object.keys(byUrl);
    for (var i = 0; i < urls.length; i += MAX_URLS) {
      fetchCounts(urls.slice(i, i + MAX_URLS)).then(function (data) {
        Object.keys(data.counts).forEach(function (url) {
          (byUrl[url] || []).forEach(function (el) {
            el.textContent = label(data.counts[url]);
            el.setAttribute("data-townsquare-counted", String(data.counts[url]));
          });
        });
      }).catch(function (error) { if (window.console) window.console.warn(error.message); });
    }
  }

  window.TownsquareCounts = { update: update };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", update);
  else update();
})();
