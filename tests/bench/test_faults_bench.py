"""The fault bench's verdicts: what it calls lost, doubled, or a 500 it cannot excuse."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import faults_bench  # noqa: E402
from faults_bench import Attempt, Phase  # noqa: E402

DOWN = (10.0, 12.0)


def _attempt(probe: int, *, status: int = 201, began: float = 1.0, ended: float = 1.2, ack=True):
    return Attempt(
        probe=probe,
        poster=0,
        script=True,
        began=began,
        ended=ended,
        status=status,
        acknowledged=probe * 10 if ack and status in (201, 303) else None,
    )


def _verdicts(phase: Phase, down=DOWN) -> dict[str, bool]:
    return {v.name: v.passed for v in faults_bench.judge(phase, database_down=down)}


def test_a_clean_run_passes_every_check():
    phase = Phase("pg", attempts=[_attempt(1), _attempt(2)], stored={1: [10], 2: [20]})
    assert all(_verdicts(phase).values())


def test_an_acknowledged_comment_missing_afterwards_fails():
    phase = Phase("pg", attempts=[_attempt(1), _attempt(2)], stored={1: [10]})
    assert not _verdicts(phase)["every acknowledged comment is stored under its id"]


def test_an_acknowledgement_naming_another_row_counts_as_missing():
    phase = Phase("pg", attempts=[_attempt(1)], stored={1: [11]})
    assert not _verdicts(phase)["every acknowledged comment is stored under its id"]


def test_a_post_stored_twice_fails_even_if_its_answer_was_lost():
    lost = _attempt(3, status=0, ack=False)
    phase = Phase("pg", attempts=[_attempt(1), lost], stored={1: [10], 3: [31, 32]})
    assert not _verdicts(phase)["none is stored twice"]


def test_a_500_is_excused_only_when_it_overlaps_the_downtime():
    during = _attempt(4, status=500, began=11.0, ended=11.1)
    straddling = _attempt(5, status=500, began=9.5, ended=10.5)
    after = _attempt(6, status=500, began=12.5, ended=12.6)
    excused = Phase("pg", attempts=[during, straddling], stored={})
    assert _verdicts(excused)["no 5xx except while the database was down"]
    blamed = Phase("pg", attempts=[during, after], stored={})
    assert not _verdicts(blamed)["no 5xx except while the database was down"]


def test_the_verdict_tells_a_503_from_a_500():
    unavailable = _attempt(4, status=503, began=11.0, ended=11.1)
    crashed = _attempt(5, status=500, began=11.2, ended=11.3)
    phase = Phase("pg", attempts=[unavailable, unavailable, crashed], stored={})
    (verdict,) = [v for v in faults_bench.judge(phase, database_down=DOWN) if "5xx" in v.name]
    assert verdict.passed and "3 answers were 5xx (500 ×1, 503 ×2)" in verdict.detail


def test_on_sqlite_any_500_or_database_is_locked_fails():
    locked = _attempt(7, status=200, ack=False)
    locked.locked = True
    phase = Phase("sqlite", attempts=[_attempt(1), locked], stored={1: [10]})
    verdicts = _verdicts(phase, down=None)
    assert not verdicts['no "database is locked"'] and verdicts["no 5xx at all"]
    in_log = Phase("sqlite", attempts=[_attempt(1)], stored={1: [10]}, log="database is locked")
    assert not _verdicts(in_log, down=None)['no "database is locked"']
    failed = Phase("sqlite", attempts=[_attempt(8, status=500)], stored={})
    assert not _verdicts(failed, down=None)["no 5xx at all"]


def test_the_probe_number_is_read_back_from_the_stored_text():
    assert faults_bench.PROBE.search("Some words.\n\n(bench probe 1234)").group(1) == "1234"
    assert faults_bench.PROBE.search("(bench probe 12) and more words") is None
