"""The embed: Townsquare's thread under a page of another site (a newsroom's CMS).

- ``tokens``: what stands in for cookies on another site's page — the signed per-thread token
  (which story a post is for), the signed device token the script keeps in the page's storage
  (one browser for flood limits and reports), and the author token (the reader's own comments,
  so their pending ones show to them alone).
- ``pages``: the page a script or a CMS names by URL → its site and story (created on first
  view when the site allows), and whether a browser's ``Origin`` may see and write to it.
- ``views``: ``/embed/thread`` and ``/embed/replies`` (HTML fragments from the same cached data
  as the JSON API), ``/embed.js`` and ``/count.js``.

Depends on ``moderation``, ``comments``, ``stories``, ``sites``, ``terms`` and ``lib``.
"""
