"""The civility model's offline tooling: data sets, training the shipped model, evaluation.

Nothing here runs when a comment is scored (``civility.api.score``) or a site model is learned
(``civility learn``: ``civility.site_learning``); the runtime modules of ``civility`` import
nothing from this package (``tests/test_layers.py``), so a production server needs none of its
data sets or libraries. The ``civility`` command's ``train``, ``evaluate``, ``score`` and
``eval-sets`` actions, the tests of the model's quality and the benches use it.

- ``corpora``: the public data sets (``../shared/data``, never copied), their seeded splits.
- ``probes``: our own functional and product probes.
- ``training``: v2's tiers, stack and artifact; ``build``: ``civility train --v2-only``, every
  step from the data sets to v2's artifacts; ``embedcache``: encodings cached on disk.
- ``pipeline``: ``civility train``, the shipped v3 model from a clean checkout in six
  resumable stages (v2 base, contrast set, fine-tune per seed, stack and fold, dev choice, ship).
- ``evaluation``: scoring a labelled CSV, its figures and report (``civility evaluate``).
- ``suite``: every set's ``dev`` or ``test`` half in one table (``civility evaluate --suite``).
- ``fairness``: identity-term sentences and the false-positive rate per term.
- ``spans``: highlights against Toxic Spans, character F1.
- ``plots``: the curves and bars drawn with matplotlib (``train`` extra), skipped without it.
- ``eval_sets``: the C3 and OLID train/test CSVs (``civility eval-sets``).
- ``contrast``: our own contrast set, split by pattern (``civility contrast``); ``obfuscate``:
  spelling changes applied to civil and uncivil texts alike.
- ``finetune``: the v3 encoder fine-tune, checkpointed and resumable (``civility finetune``);
  ``moresets``: the extra permissive sets it reads; ``export``: its int8 ONNX candidate
  (and ``rewindow``, the same candidate scoring another window).
- ``stack``: a candidate stacked with v2's tiers (a v2 model given explicitly, ``load_base``),
  one logistic regression per attribute; ``ship``: a folded candidate made the shipped model.
"""
