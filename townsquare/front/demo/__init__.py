"""The demo site (``townsquare demo``): "The Harbour Courier", a newspaper that does not exist.

- ``stories``: ``demo_load``, the articles with their drawn photos, the Terms and Guidelines and
  the readers' comments, each written through the domain apps' services;
- ``data``: the articles, comments, Terms and Guidelines themselves (plain data, no Django);
- ``photos``: the articles' lead pictures, drawn with Pillow;
- ``accounts``: ``demo_moderator_ensure``, the staff account a visitor signs in with.
"""
