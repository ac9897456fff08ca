"""labs_utils.findings: verdicts chosen by the data, rendering, and the solutions report's seed table."""
import json

import pytest

from labs_utils import build, findings
from labs_utils.findings import HOLDS, NOISE, REVERSED, TOO_FEW, compare, rank


def _compare(a, b, **kw):
    kw.setdefault("claim", "A beats B")
    return compare("test", a, b, a_label="A", b_label="B", **kw)


@pytest.mark.parametrize("a, b, verdict", [
    ([0.83, 0.84, 0.82], [0.80, 0.81, 0.80], HOLDS),        # every seed agrees
    ([0.80, 0.81, 0.80], [0.83, 0.84, 0.82], REVERSED),     # every seed contradicts
    ([0.83, 0.80, 0.82], [0.80, 0.81, 0.80], NOISE),        # one seed disagrees
    ([0.81, 0.84, 0.805], [0.80, 0.80, 0.80], NOISE),       # all agree, but t = 1.7 < 4.30: chance 1 in 8
    ([0.83], [0.80], TOO_FEW),                              # quick profile: one seed illustrates
    ([0.83, 0.84], [0.80, 0.81], TOO_FEW),
])
def test_paired_verdicts(a, b, verdict):
    assert _compare(a, b).verdict == verdict


def test_lower_is_better_flips_the_direction():
    assert _compare([0.2, 0.21, 0.19], [0.3, 0.31, 0.29], higher_is_better=False).verdict == HOLDS
    assert _compare([0.2, 0.21, 0.19], [0.3, 0.31, 0.29]).verdict == REVERSED


def test_min_effect_turns_a_tiny_consistent_gain_into_noise():
    a, b = [0.8001, 0.80012, 0.80011], [0.8, 0.8, 0.8]
    assert _compare(a, b).verdict == HOLDS
    assert _compare(a, b, min_effect=0.001).verdict == NOISE


def test_the_t_rule_matches_the_textbook_values():
    assert findings.t_crit(3) == pytest.approx(4.303, abs=1e-3)
    assert findings.t_crit(5) == pytest.approx(2.776, abs=1e-3)
    # mean 0.02, sd 0.01 over 3 seeds: t = 3.46, below 4.30; over 5 seeds: t = 4.47, above 2.78
    assert _compare([0.81, 0.82, 0.83], [0.80, 0.80, 0.80]).verdict == NOISE
    assert _compare([0.81, 0.82, 0.83, 0.81, 0.83], [0.80] * 5).verdict == HOLDS


def test_under_no_effect_the_rule_rarely_concludes():
    import random
    rng = random.Random(0)
    trials = 4000
    concluded = sum(_compare([rng.gauss(0, 1) for _ in range(3)], [0.0] * 3).verdict != NOISE
                    for _ in range(trials))
    assert concluded / trials < 0.06   # the sign rule alone concluded about 25% of the time


def test_unpaired_uses_the_spread_of_the_means():
    assert _compare([0.90, 0.91, 0.90, 0.91], [0.80, 0.81, 0.80]).verdict == HOLDS
    assert _compare([0.80, 0.90, 0.85, 0.82], [0.84, 0.86, 0.83]).verdict == NOISE


def test_bad_scores_are_one_clear_error():
    with pytest.raises(ValueError, match="NaN"):
        _compare([0.8, float("nan"), 0.8], [0.8, 0.8, 0.8])
    with pytest.raises(TypeError, match="one score per seed"):
        _compare(0.8, [0.8])


def test_markdown_shows_every_seed_the_spread_and_the_reason():
    text = _compare([0.83, 0.80, 0.82], [0.80, 0.81, 0.80], seeds=[42, 43, 44])._repr_markdown_()
    assert "seed 43" in text and "0.8167 ± 0.0153" in text and "+0.0300" in text
    assert "within noise" in text and "2 of 3 seeds agree with it, 1 contradict" in text
    text = _compare([0.81, 0.84, 0.805], [0.80, 0.80, 0.80])._repr_markdown_()
    assert "3 of 3 seeds agree with it, 0 contradict it, but the mean difference is 1.7 standard errors" in text
    assert "needs 4.30" in text
    assert "cannot test it" in _compare([0.83], [0.80])._repr_markdown_()


def test_rank_judges_each_adjacent_pair():
    scores = {"elu": [0.85, 0.86, 0.87], "leaky": [0.84, 0.84, 0.86], "relu": [0.83, 0.83, 0.85]}
    r = rank("act", scores, ["elu", "leaky", "relu"], claim="ELU > leaky ReLU > ReLU")
    assert [p.verdict for p in r.pairs] == [NOISE, HOLDS]
    assert r.verdict == NOISE
    assert rank("act", scores, ["relu", "elu"], claim="x").verdict == REVERSED
    with pytest.raises(KeyError, match="selu"):
        rank("act", scores, ["selu", "elu"], claim="x")


def test_findings_are_recorded_for_the_report(tmp_path, monkeypatch):
    log = tmp_path / "m.jsonl"
    monkeypatch.setenv("LABS_METRICS_FILE", str(log))
    _compare([0.83, 0.84, 0.82], [0.80, 0.81, 0.80])
    rank("act", {"a": [1, 2, 3], "b": [0, 1, 2]}, ["a", "b"], claim="a > b")
    rows = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(r["kind"], r["verdict"]) for r in rows] == [("finding", HOLDS), ("finding", HOLDS)]


def test_report_lists_findings_and_a_flip_between_seeds_is_noise(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "source_notebooks", lambda names=None: [tmp_path / "03_x.ipynb"])
    dirs = [tmp_path / "solutions", tmp_path / "solutions-seed7"]
    for seed, d, verdict in ((42, dirs[0], HOLDS), (7, dirs[1], REVERSED)):
        monkeypatch.setenv("LABS_SEED", str(seed))
        result = {"notebook": "03_x", "wall_s": 1.0, "peak_mb": 1, "error": None, "metrics": [
            {"name": "acc", "value": 0.9, "floor": None, "profile": "full"},
            {"kind": "finding", "name": "dropout", "claim": "dropout helps", "verdict": verdict, "summary": "s"},
            {"kind": "finding", "name": "act", "claim": "elu > relu", "verdict": verdict, "summary": "s",
             "pairs": [{"name": "act: elu > relu", "claim": "elu above relu",
                        "verdict": HOLDS if seed == 42 else NOISE}]}]}
        build._save_result(d, result, "full")
        assert build.write_report([build._saved_result(d, "03_x", "full")], d, "full")
        assert f"| 03_x | dropout | dropout helps | {verdict} | s |" in (d / "report.md").read_text()
    build.write_seed_comparison([42, 7], dirs, "full")
    text = (dirs[0] / "report.md").read_text()
    assert "| 03_x | dropout | dropout helps | holds | reversed | **within noise" in text
    assert "| 03_x | act: elu > relu | elu above relu | holds | within noise | **within noise" in text
    assert build.combined_verdict([HOLDS, HOLDS]) == HOLDS
    assert findings.TOO_FEW == build.combined_verdict([TOO_FEW, None])
