"""``civility unpack``: a shipped int8 encoder back to a float run that training continues.

A tiny BERT (``test_finetune``'s) is fine-tuned, exported as the package exports, unpacked, and
the run compared with the one it was exported from. Needs the ``train`` extra (torch, onnx).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("onnx")

from django.core.management import CommandError, call_command  # noqa: E402

from townsquare.civility.offline import finetune, unpack  # noqa: E402
from townsquare.civility.offline.export import Candidate, export_run  # noqa: E402

from .test_finetune import _tiny_bert, config, heads  # noqa: E402
from .test_finetune import data as data  # noqa: E402, F401  (the module's fixture)


@pytest.fixture(scope="module")
def exported(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("unpack")
    source = _tiny_bert(root / "tiny", layers=2)
    run = root / "run"
    finetune.finetune(data, config(source, epochs=0.05), run, progress=False, log=lambda _: None)
    export_run(run, root / "artifact")
    return source, run, root / "artifact"


def test_an_unpacked_run_is_the_exported_run_to_the_int8_grid(tmp_path, exported):
    source, run, artifact = exported
    lines = []
    info = unpack.unpack_model(artifact, tmp_path / "back", template=source, log=lines.append)
    back = tmp_path / "back"
    assert finetune.is_run(back)
    from transformers import AutoModel

    original = AutoModel.from_pretrained(str(run / "encoder")).state_dict()
    unpacked = AutoModel.from_pretrained(str(back / "encoder")).state_dict()
    matrices = 0
    for name, tensor in original.items():
        if name.startswith("pooler.") or not tensor.is_floating_point():
            continue
        a, b = tensor.numpy(), unpacked[name].numpy()
        if name.endswith(".weight") and a.ndim == 2 and "LayerNorm" not in name:
            # int8 per output channel (matrices) or per table (embeddings): off by at most
            # half a step of the grid, and never equal to the float it came from everywhere
            step = np.abs(a).max(axis=1 if "embeddings" not in name else None, keepdims=True)
            assert np.all(np.abs(a - b) <= step / 127 * 0.5 + 1e-6), name
            matrices += 1
        else:
            np.testing.assert_array_equal(a, b, err_msg=name)  # kept in float in the graph
    assert matrices == 3 + 2 * 6  # three embedding tables, six products a layer
    # the heads are the export's encoder block, and the run scores as the export does
    dense, bias = heads(run)
    got_dense, got_bias = heads(back)
    np.testing.assert_allclose(got_dense, dense, atol=1e-6)
    np.testing.assert_allclose(got_bias, bias, atol=1e-6)
    assert info["unpacked"]["lowest_cosine_exported_again"] >= unpack.MIN_COSINE
    again = tmp_path / "again"
    export_run(back, again)
    texts = ["Nobody should say that about our neighbours.", "I will find you tonight."]
    np.testing.assert_allclose(
        Candidate(again).score(texts), Candidate(artifact).score(texts), atol=1e-4
    )
    # its record: where it came from, and the architecture of the run it was exported from
    record = json.loads((back / "run.json").read_text())
    assert record["unpacked"]["version"] == Candidate(artifact).model.version
    assert finetune.run_architecture(record) == finetune.run_architecture(
        json.loads((run / "run.json").read_text())
    )
    assert any("exported again, lowest cosine" in line for line in lines)


def test_training_continues_from_an_unpacked_run_and_soups_with_its_origin(
    tmp_path, exported, data
):
    source, run, artifact = exported
    back = tmp_path / "back"
    unpack.unpack_model(artifact, back, template=source, log=lambda _: None)
    continued = tmp_path / "continued"
    finetune.finetune(
        data,
        config(back, epochs=0.05, seed=7),
        continued,
        progress=False,
        log=lambda _: None,
    )
    # the same steps from the bare encoder, with new heads: the yardstick for "started there"
    fresh = tmp_path / "fresh"
    finetune.finetune(
        data, config(source, epochs=0.05, seed=7), fresh, progress=False, log=lambda _: None
    )
    start, _ = heads(back)
    after, _ = heads(continued)
    assert not np.allclose(start, after)  # it learned from where the export left off
    # ...and started there: its heads stay far nearer the unpacked ones than new heads land
    assert np.linalg.norm(after - start) < 0.5 * np.linalg.norm(heads(fresh)[0] - start)
    soup = finetune.soup_runs(
        [continued, back],
        tmp_path / "soup",
        weights=[0.6, 0.4],
        across_recipes=True,
        log=lambda _: None,
    )
    assert soup["soup_weights"] == [0.6, 0.4]


def test_unpack_refuses_what_it_cannot_unpack(tmp_path, exported):
    with pytest.raises(CommandError, match="no model directory"):
        call_command(
            "civility",
            "unpack",
            "--model-dir",
            str(tmp_path / "nope"),
            "--run-dir",
            str(tmp_path / "run"),
        )
    (tmp_path / "empty").mkdir()
    with pytest.raises(CommandError, match="no model"):
        call_command(
            "civility",
            "unpack",
            "--model-dir",
            str(tmp_path / "empty"),
            "--run-dir",
            str(tmp_path / "run"),
        )
    _, run, _ = exported
    with pytest.raises(CommandError, match="already holds a run"):
        call_command(
            "civility", "unpack", "--model-dir", str(tmp_path / "empty"), "--run-dir", str(run)
        )


def _renamed(artifact, out, old: str, new: str, *, keep: bool = False):
    """A copy of ``artifact`` whose graph calls the initializer ``old`` ``new`` (with ``keep``,
    a copy of it under ``new`` beside it)."""
    import shutil

    import onnx

    shutil.copytree(artifact, out)
    path = next(out.glob("*.onnx"))
    graph = onnx.load(str(path))
    (tensor,) = [i for i in graph.graph.initializer if i.name == old]
    if keep:
        added = graph.graph.initializer.add()
        added.CopyFrom(tensor)
        tensor = added
    tensor.name = new
    onnx.save(graph, str(path))
    return out


def test_unpack_refuses_a_graph_that_does_not_match_the_encoder(tmp_path, exported):
    source, _, artifact = exported
    norm = "inner.encoder.layer.1.output.LayerNorm.weight"
    # a tensor of the encoder that the graph does not carry: nothing is written
    lacking = _renamed(artifact, tmp_path / "lacking", norm, "elsewhere")
    with pytest.raises(ValueError, match="lacks 1 of the encoder's tensors.*layer.1.output"):
        unpack.unpack_model(lacking, tmp_path / "a", template=source, log=lambda _: None)
    assert not (tmp_path / "a").exists()
    # a tensor the encoder has no place for
    gamma = norm.replace("weight", "gamma")
    extra = _renamed(artifact, tmp_path / "extra", norm, gamma, keep=True)
    with pytest.raises(ValueError, match="a tensor the encoder lacks: .*LayerNorm.gamma"):
        unpack.unpack_model(extra, tmp_path / "b", template=source, log=lambda _: None)
    assert not (tmp_path / "b").exists()
