"""The civility model's offline tooling: data sets, training the shipped model, evaluation.

Nothing here runs when a comment is scored (``civility.api.score``) or a site model is learned
(``civility learn``: ``civility.site_learning``); the runtime modules of ``civility`` import
nothing from this package (``tests/test_layers.py``), so a production server needs none of its
data sets or libraries. The ``civility`` command's ``train``, ``evaluate``, ``score`` and
``eval-sets`` actions, the tests of the model's quality and the benches use it.

- ``corpora``: the public data sets (``../shared/data``, never copied), their seeded splits.
- ``probes``: our own functional and product probes.
- ``training``: the shipped model's tiers, stack and artifact; ``build``: ``civility train``,
  every step from the data sets to ``artifacts/``; ``embedcache``: encodings cached on disk.
- ``evaluation``: scoring a labelled CSV, its figures and report (``civility evaluate``).
- ``suite``: every set's ``dev`` or ``test`` half in one table (``civility evaluate --suite``).
- ``fairness``: identity-term sentences and the false-positive rate per term.
- ``spans``: highlights against Toxic Spans, character F1.
- ``plots``: the curves and bars drawn with matplotlib (``train`` extra), skipped without it.
- ``eval_sets``: the C3 and OLID train/test CSVs (``civility eval-sets``).
- ``contrast``: our own contrast set, split by pattern (``civility contrast``); ``obfuscate``:
  spelling changes applied to civil and uncivil texts alike.
- ``finetune``: the v3 encoder fine-tune, checkpointed and resumable (``civility finetune``);
  ``moresets``: the extra permissive sets it reads; ``export``: its int8 ONNX candidate.
- ``stack``: a candidate stacked with v2's tiers, one logistic regression per attribute.
"""
