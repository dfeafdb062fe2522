"""Fine-tuning survives an interruption, and its export scores with exact token shares.

A tiny randomly initialised BERT (one layer, 32 wide) on the real tokenizer stands in for the
encoder, so each test takes seconds; needs the ``train`` extra (torch), skipped without it.
"""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from townsquare.civility.offline import contrast, finetune  # noqa: E402


def _tiny_bert(out, *, layers: int = 1):
    """A small random BERT with MiniLM's tokenizer: fast enough to train in a test."""
    from transformers import BertConfig, BertModel

    from townsquare.civility.encoder import minilm_dir

    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=30522,
        hidden_size=32,
        num_hidden_layers=layers,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
    )
    BertModel(config).save_pretrained(str(out))
    for name in ("tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json"):
        shutil.copy(minilm_dir() / name, out / name)
    return out


@pytest.fixture(scope="module")
def tiny_source(tmp_path_factory):
    return _tiny_bert(tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="module")
def data():
    items = contrast.generate(per_pattern=2, obfuscated_share=0.3)
    return finetune.training_data([], items, finetune.Config(texts=0, obfuscated_share=0.0))


def config(source, **extra):
    base = dict(
        source=str(source), max_tokens=24, batch=8, epochs=0.35, checkpoint_every=3, lr=1e-3
    )
    return finetune.Config(**{**base, **extra})


def heads(run_dir):
    with np.load(run_dir / "heads.npz") as h:
        return h["dense"].copy(), h["bias"].copy()


def test_an_interrupted_run_resumes_to_the_uninterrupted_result(tmp_path, tiny_source, data):
    cfg = config(tiny_source)
    total = int(np.ceil(cfg.epochs * finetune.steps_per_epoch(len(data.texts), cfg.batch)))
    assert total >= 8
    straight = tmp_path / "straight"
    finetune.finetune(data, cfg, straight, progress=False, log=lambda _: None)

    cut = tmp_path / "cut"
    with pytest.raises(finetune.Interrupted):
        finetune.finetune(data, cfg, cut, stop_after=4, progress=False, log=lambda _: None)
    assert (cut / finetune.CHECKPOINT).exists() and not (cut / "heads.npz").exists()
    lines: list[str] = []
    info = finetune.finetune(data, cfg, cut, progress=False, log=lines.append)
    assert lines[0].startswith("resuming from step 4")
    assert info["steps"] == total
    a, b = heads(straight), heads(cut)
    np.testing.assert_allclose(a[0], b[0], atol=1e-6)
    np.testing.assert_allclose(a[1], b[1], atol=1e-6)
    # A crash between checkpoints (every 3 steps): step 5's work is lost, redone from step 3.
    crashed = tmp_path / "crashed"

    def crash(step):
        if step == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        finetune.finetune(data, cfg, crashed, on_step=crash, progress=False, log=lambda _: None)
    lines = []
    finetune.finetune(data, cfg, crashed, progress=False, log=lines.append)
    assert lines[0].startswith("resuming from step 3")
    c = heads(crashed)
    np.testing.assert_allclose(a[0], c[0], atol=1e-6)
    np.testing.assert_allclose(a[1], c[1], atol=1e-6)
    run = json.loads((cut / "run.json").read_text())
    assert run["data"]["digest"] == data.digest() and run["hardware"]["device"]


def test_a_checkpoint_from_other_settings_is_refused(tmp_path, tiny_source, data):
    run = tmp_path / "run"
    with pytest.raises(finetune.Interrupted):
        finetune.finetune(
            data, config(tiny_source), run, stop_after=3, progress=False, log=lambda _: None
        )
    with pytest.raises(ValueError, match="lr"):
        finetune.finetune(
            data, config(tiny_source, lr=2e-3), run, progress=False, log=lambda _: None
        )
    # --restart starts over with the new settings.
    finetune.finetune(
        data,
        config(tiny_source, lr=2e-3, epochs=0.05),
        run,
        restart=True,
        progress=False,
        log=lambda _: None,
    )
    assert (run / "heads.npz").exists()


def test_training_data_obfuscates_both_labels_and_adds_contrast_train_only():
    from townsquare.civility.offline.corpora import Example

    civil = [
        Example(f"a perfectly pleasant remark number {i}", "x", {"toxicity": 0.0}, {}, "", "train")
        for i in range(200)
    ]
    rude = [
        Example(f"you absolute halfwit number {i}", "x", {"toxicity": 1.0}, {}, "", "train")
        for i in range(200)
    ]
    for e in civil + rude:
        e.targets = {a: e.targets.get("toxicity", 0.0) for a in finetune.ATTRIBUTES}
        e.weights = dict.fromkeys(finetune.ATTRIBUTES, 1.0)
    items = contrast.generate(per_pattern=2)
    cfg = finetune.Config(texts=300, obfuscated_share=0.5)
    d = finetune.training_data(civil + rude, items, cfg)
    assert d.counts["x"] == 300
    assert d.counts["contrast"] == sum(i.split == "train" for i in items)
    copies = d.texts[300 + d.counts["contrast"] :]
    copy_labels = d.targets[300 + d.counts["contrast"] :, 0]
    assert len(copies) >= 140
    assert 0.35 < copy_labels.mean() < 0.65  # both labels, in proportion
    assert finetune.training_data(civil + rude, items, cfg).digest() == d.digest()


def test_export_scores_like_torch_and_each_token_share_is_exact(tmp_path, tiny_source, data):
    pytest.importorskip("onnx")
    from transformers import AutoModel, AutoTokenizer

    from townsquare.civility.offline.export import Candidate, export_run

    run = tmp_path / "run"
    finetune.finetune(
        data, config(tiny_source, epochs=0.05), run, progress=False, log=lambda _: None
    )
    out = tmp_path / "artifact"
    export_run(run, out)
    candidate = Candidate(out)
    texts = ["Nobody should say that about our neighbours.", "I will find you tonight."]
    got = candidate.score(texts)

    tok = AutoTokenizer.from_pretrained(str(run / "encoder"))
    model = AutoModel.from_pretrained(str(run / "encoder")).eval()
    dense, bias = heads(run)
    with torch.no_grad():
        for text, row in zip(texts, got, strict=True):
            batch = tok([text], truncation=True, max_length=24, return_tensors="pt")
            mean = model(**batch).last_hidden_state[0].mean(0).numpy()
            np.testing.assert_allclose(row, mean @ dense + bias, atol=0.05)

    # The run-time model: logit = bias + the tokens' shares, each owned by a word.
    (encoded,) = candidate.encoder.encode([texts[1]])
    result = candidate.model.chunk_scores(texts[1], encoded)
    np.testing.assert_allclose(result.logits, got[1], atol=1e-4)
    shares = (encoded.states @ candidate.model.dense_weights) / len(encoded.states)
    np.testing.assert_allclose(
        result.contributions.sum(axis=0) + shares[encoded.special].sum(axis=0),
        got[1] - candidate.model.bias,
        atol=1e-4,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"texts": 0}, "texts must be at least 1"),
        ({"layers": 25}, "layers must be between 0"),
        ({"epochs": 0}, "epochs must be in"),
        ({"obfuscated_share": 1.5}, "obfuscated-share must be in"),
        ({"lr": 0.0}, "lr must be above 0"),
        ({"source": "/nonexistent"}, "no encoder"),
    ],
)
def test_settings_that_cannot_train_are_refused_before_any_work(tmp_path, change, message):
    config = finetune.Config(**change)
    with pytest.raises(ValueError, match=message):
        config.check()
    # The service itself refuses too, before it makes the run directory.
    with pytest.raises(ValueError, match=message):
        empty = finetune.Data([], np.zeros((0, 5)), np.zeros((0, 5)))
        finetune.finetune(empty, config, tmp_path / "run")
    assert not (tmp_path / "run").exists()
    finetune.Config().check()  # the defaults train


def test_batches_cover_the_epoch_once_and_depend_only_on_seed_and_step():
    lengths = [(i * 37) % 101 for i in range(1000)]
    cfg = finetune.Config(batch=16)
    batches = finetune.epoch_batches(0, lengths, cfg)
    flat = [i for b in batches for i in b]
    assert len(flat) == len(set(flat)) == 16 * finetune.steps_per_epoch(1000, 16)
    assert finetune.batch_indices(5, lengths, cfg) == batches[5]
    assert finetune.epoch_batches(1, lengths, cfg) != batches
    # Sorted by length inside a pool: a batch spans far less than the whole range of lengths.
    spread = np.mean([max(lengths[i] for i in b) - min(lengths[i] for i in b) for b in batches])
    assert spread < 20


def test_a_run_cut_short_can_take_its_last_checkpoint_as_the_result(tmp_path, tiny_source, data):
    run = tmp_path / "run"
    with pytest.raises(finetune.Interrupted):
        finetune.finetune(
            data, config(tiny_source), run, stop_after=3, progress=False, log=lambda _: None
        )
    info = finetune.outputs_from_checkpoint(run, log=lambda _: None)
    assert info["partial"] and info["steps"] == 3 and info["steps_planned"] > 3
    state = torch.load(run / finetune.CHECKPOINT, weights_only=False)
    dense, bias = heads(run)
    np.testing.assert_array_equal(dense, state["head"]["weight"].numpy().T)
    np.testing.assert_array_equal(bias, state["head"]["bias"].numpy())
    assert (run / "encoder" / "config.json").exists()


def test_a_cheaper_encoder_keeps_its_first_layers_through_a_resume(tmp_path, data):
    from transformers import AutoConfig

    source = _tiny_bert(tmp_path / "two-layers", layers=2)
    run = tmp_path / "run"
    with pytest.raises(finetune.Interrupted):
        finetune.finetune(
            data, config(source, layers=1), run, stop_after=3, progress=False, log=lambda _: None
        )
    info = finetune.finetune(data, config(source, layers=1), run, progress=False, log=print)
    assert info["config"]["layers"] == 1
    assert AutoConfig.from_pretrained(str(run / "encoder")).num_hidden_layers == 1
    # Asking for more layers than the source has is refused, not silently ignored.
    with pytest.raises(ValueError, match="layers"):
        finetune.finetune(
            data, config(source, layers=3), tmp_path / "other", progress=False, log=print
        )


def test_a_soup_is_the_mean_of_its_runs_and_refuses_runs_made_otherwise(
    tmp_path, tiny_source, data
):
    from transformers import AutoModel

    runs = []
    for seed in (1, 2):
        run = tmp_path / f"run-{seed}"
        finetune.finetune(
            data, config(tiny_source, seed=seed, epochs=0.05), run, progress=False, log=print
        )
        runs.append(run)
    info = finetune.soup_runs(runs, tmp_path / "soup", log=print)
    assert info["config"]["seed"] == [1, 2] and len(info["soup"]) == 2
    dense = [heads(r)[0] for r in runs]
    np.testing.assert_allclose(heads(tmp_path / "soup")[0], (dense[0] + dense[1]) / 2, atol=1e-6)
    (a, b), soup = (
        [AutoModel.from_pretrained(str(r / "encoder")).state_dict() for r in runs],
        AutoModel.from_pretrained(str(tmp_path / "soup" / "encoder")).state_dict(),
    )
    name = "encoder.layer.0.attention.self.query.weight"
    assert not torch.equal(a[name], b[name])
    torch.testing.assert_close(soup[name], (a[name] + b[name]) / 2)

    other = tmp_path / "other-lr"
    finetune.finetune(
        data, config(tiny_source, lr=2e-3, epochs=0.05), other, progress=False, log=print
    )
    with pytest.raises(ValueError, match="more than their seed"):
        finetune.soup_runs([runs[0], other], tmp_path / "bad", log=print)

    # Across recipes (train --soup-with): runs of other training settings average, weighted,
    # as long as they share the architecture; the weights are normalised.
    info = finetune.soup_runs(
        [runs[0], runs[1], other],
        tmp_path / "mixed",
        weights=[1, 1, 2],
        across_recipes=True,
        log=print,
    )
    assert info["soup_weights"] == [0.25, 0.25, 0.5]
    # what the runs differ in is listed run by run; what they share, once
    assert info["config"]["lr"] == [1e-3, 1e-3, 2e-3] and info["config"]["seed"] == [
        1,
        2,
        finetune.SEED,
    ]
    assert info["config"]["max_tokens"] == 24
    c = AutoModel.from_pretrained(str(other / "encoder")).state_dict()
    mixed = AutoModel.from_pretrained(str(tmp_path / "mixed" / "encoder")).state_dict()
    torch.testing.assert_close(mixed[name], 0.25 * a[name] + 0.25 * b[name] + 0.5 * c[name])
    np.testing.assert_allclose(
        heads(tmp_path / "mixed")[0],
        0.25 * dense[0] + 0.25 * dense[1] + 0.5 * heads(other)[0],
        atol=1e-6,
    )
    window = tmp_path / "other-window"
    finetune.finetune(
        data, config(tiny_source, max_tokens=16, epochs=0.05), window, progress=False, log=print
    )
    with pytest.raises(ValueError, match="architecture.*max_tokens"):
        finetune.soup_runs([runs[0], window], tmp_path / "bad", across_recipes=True, log=print)
    for bad in ([1], [1, -1], [0, 0], [1, float("nan")]):
        with pytest.raises(ValueError, match="weight"):
            finetune.soup_runs(runs, tmp_path / "bad", weights=bad, log=print)
    assert not (tmp_path / "bad").exists()

    # The same through the command line.
    from django.core.management import CommandError, call_command

    command = ["civility", "soup", "--runs", *map(str, [*runs, other])]
    with pytest.raises(CommandError, match="more than their seed"):
        call_command(*command, "--run-dir", str(tmp_path / "bad"))
    with pytest.raises(CommandError, match="one weight a run"):
        call_command(*command, "--run-dir", str(tmp_path / "bad"), "--weights", "1", "2")
    assert not (tmp_path / "bad").exists()
    call_command(
        *command, "--run-dir", str(tmp_path / "cli"), "--weights", "1", "1", "2", "--across-recipes"
    )
    info = json.loads((tmp_path / "cli" / "run.json").read_text())
    assert info["soup_weights"] == [0.25, 0.25, 0.5]
    np.testing.assert_allclose(heads(tmp_path / "cli")[0], heads(tmp_path / "mixed")[0])


def test_a_run_continues_from_a_finished_run_and_soups_with_it(tmp_path, tiny_source, data):
    """``source`` a finished run: its encoder and heads go on learning (not a new head), the
    continued run records the lineage's origin, and it averages with its parent."""
    from transformers import AutoModel

    parent = tmp_path / "parent"
    finetune.finetune(data, config(tiny_source, epochs=0.05), parent, progress=False, log=print)
    # Zero steps' worth of learning: the child starts exactly where the parent ended.
    frozen = tmp_path / "frozen"
    finetune.finetune(
        data, config(parent, lr=1e-12, epochs=0.05), frozen, progress=False, log=print
    )
    np.testing.assert_allclose(heads(frozen)[0], heads(parent)[0], atol=1e-6)
    np.testing.assert_allclose(heads(frozen)[1], heads(parent)[1], atol=1e-6)
    name = "encoder.layer.0.attention.self.query.weight"
    p = AutoModel.from_pretrained(str(parent / "encoder")).state_dict()
    torch.testing.assert_close(
        AutoModel.from_pretrained(str(frozen / "encoder")).state_dict()[name], p[name]
    )
    # A new head over the parent's encoder (the encoder directory, not the run) starts elsewhere.
    fresh = tmp_path / "fresh"
    finetune.finetune(
        data, config(parent / "encoder", lr=1e-12, epochs=0.05), fresh, progress=False, log=print
    )
    assert np.abs(heads(fresh)[0] - heads(parent)[0]).max() > 1e-3

    child = tmp_path / "child"
    finetune.finetune(data, config(parent, epochs=0.05), child, progress=False, log=print)
    info = json.loads((child / "run.json").read_text())
    assert info["config"]["source"] == str(parent) and info["origin"] == str(tiny_source)
    assert finetune.run_architecture(info) == finetune.run_architecture(
        json.loads((parent / "run.json").read_text())
    )
    # Its parent and it share every tensor's meaning, so they average (across recipes).
    soup = finetune.soup_runs(
        [parent, child], tmp_path / "soup", weights=[3, 1], across_recipes=True, log=print
    )
    assert soup["origin"] == str(tiny_source)
    np.testing.assert_allclose(
        heads(tmp_path / "soup")[0], 0.75 * heads(parent)[0] + 0.25 * heads(child)[0], atol=1e-6
    )
    # A run from another start does not.
    other = tmp_path / "other"
    finetune.finetune(
        data, config(_tiny_bert(tmp_path / "tiny2"), epochs=0.05), other, progress=False, log=print
    )
    with pytest.raises(ValueError, match="architecture.*source"):
        finetune.soup_runs([child, other], tmp_path / "bad", across_recipes=True, log=print)
    # Neither an encoder nor a run: refused before any work.
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="no finished run"):
        config(tmp_path / "empty").check()
