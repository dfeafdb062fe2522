"""Import and export: other systems' comments in, a site's comments out.

Importing (``townsquare import``; docs/import.md):

- ``services``: ``import_file``, one file in one transaction (a dry run rolls it back).
- ``formats``: the formats and their parsers; ``sources/``: one streaming parser per format,
  yielding the records of ``records``.
- ``options`` (``ImportOptions``, ``ImportRefused``) and ``report`` (``ImportReport``): what an
  import is asked to do, and what it did.
- ``importer``: ``Importer``, writing threads and comments, replies after their parents,
  in batches (``bulk``); ``models``: ``ImportedRecord``, so a second run adds only what is new.
- ``prepare``: one comment's Markdown, checks and HTML; ``preparer`` and ``workers``: the same
  in worker processes for big files.
- ``scoring``: the imported archive scored by the civility model (``--score``).

Exporting (``townsquare export``; docs/export.md): ``export``, JSON Lines and WordPress WXR.
"""
