"""Stories: the articles a discussion hangs off, and the article and front pages.

- ``models``: Story (hosted article or a CMS page's canonical URL, discussion settings, the
  counters the comment services keep); ``selectors``/``services``: finding and saving stories.
- ``views``: the front page and the article page, public and cacheable for anonymous readers.
  (The demo newspaper and the admin pages are in ``front``: ``demo``, ``admin.stories``.)
- ``feeds``: ``/robots.txt``, ``/sitemap.xml`` and the RSS feed of the hosted stories.
"""
