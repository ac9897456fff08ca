"""labs_utils.findings: effects with 95% intervals, four verdicts that never overlap, one-line results,
prose templates, and the solutions report's seed table."""
import json
import math
import random

import pytest

from labs_utils import build, findings
from labs_utils.findings import HOLDS, INCONCLUSIVE, NO_EFFECT, REVERSED, TOO_FEW, compare, rank


def _compare(a, b, size=0.01, **kw):
    kw.setdefault("claim", "A beats B")
    return compare("test", a, b, a_label="A", b_label="B", size=size, **kw)


@pytest.mark.parametrize("a, b, verdict", [
    ([0.83, 0.84, 0.82], [0.80, 0.81, 0.80], HOLDS),          # +2.7 points [+1.2, +4.1]
    ([0.80, 0.81, 0.80], [0.83, 0.84, 0.82], REVERSED),
    ([0.801, 0.800, 0.802, 0.799, 0.800], [0.800] * 5, NO_EFFECT),    # [-0.1, +0.2]: 1 point ruled out
    ([0.83, 0.78, 0.82], [0.80, 0.81, 0.80], INCONCLUSIVE),   # [-5.8, +6.4]: could not tell
    ([0.83], [0.80], TOO_FEW),                                # quick profile: one seed illustrates
    ([0.83, 0.84], [0.80, 0.81], TOO_FEW),
])
def test_paired_verdicts_follow_the_interval_and_the_claimed_size(a, b, verdict):
    assert _compare(a, b).verdict == verdict


def test_the_four_verdicts_never_overlap_and_cover_every_interval():
    # (low, high) of an effect claimed to be +1: each falls in exactly one case.
    cases = {(0.2, 0.8): HOLDS, (1.2, 3.0): HOLDS, (-3.0, -0.1): REVERSED, (-0.5, 0.7): NO_EFFECT,
             (-0.5, 1.5): INCONCLUSIVE, (-0.5, 1.0): INCONCLUSIVE}
    for (low, high), verdict in cases.items():
        assert findings.verdict_of(low, high, 1.0) == verdict
    # A claim that something goes down: the sign of the size gives the direction.
    assert findings.verdict_of(-3.0, -1.0, -2.0) == HOLDS
    assert findings.verdict_of(-0.5, 0.5, -2.0) == NO_EFFECT
    assert findings.verdict_of(1.0, 3.0, -2.0) == REVERSED


def test_the_interval_is_the_textbook_t_interval():
    assert findings.t_crit(3) == pytest.approx(4.303, abs=1e-3)
    assert findings.t_crit(5) == pytest.approx(2.776, abs=1e-3)
    f = _compare([0.81, 0.82, 0.83], [0.80, 0.80, 0.80])    # differences 1, 2, 3 points: sd 1
    assert f.effect == pytest.approx(2.0)
    assert (f.low, f.high) == pytest.approx((2 - 4.303 / math.sqrt(3), 2 + 4.303 / math.sqrt(3)), abs=1e-3)
    assert f.line == "A − B: +2.0 points [-0.5, +4.5], 3 seeds — inconclusive (claimed: +1.0 points)"


def test_a_real_effect_of_the_claimed_size_is_found_and_no_effect_rarely_concludes():
    rng = random.Random(0)
    trials = 2000
    # no effect at all, seed spread 1 point: holds or reversed about 5% of the time
    false = sum(_compare([0.8 + rng.gauss(0, 0.01) for _ in range(5)], [0.8] * 5).verdict in (HOLDS, REVERSED)
                for _ in range(trials))
    assert false / trials < 0.07
    # a true effect of 2 points with a spread of 0.5: found nearly always with 5 seeds
    found = sum(_compare([0.82 + rng.gauss(0, 0.005) for _ in range(5)], [0.8] * 5).verdict == HOLDS
                for _ in range(200))
    assert found >= 195


def test_the_line_says_when_an_effect_holds_but_is_smaller_than_claimed():
    f = _compare([0.803, 0.804, 0.803, 0.804, 0.803], [0.8] * 5, size=0.02)
    assert f.verdict == HOLDS and f.smaller_than_claimed
    assert f.line.endswith("5 seeds — holds, smaller than the claimed +2.0 points")


def test_digits_grow_until_the_interval_reads_correctly():
    f = _compare([0.8003, 0.8004, 0.8005], [0.8] * 3, size=0.001)
    assert f.verdict == HOLDS
    low = f.line.split("[")[1].split(",")[0]
    assert float(low) > 0            # a bound above 0 never prints as 0.0


def test_a_zero_mean_made_of_float_noise_prints_as_zero_not_with_extra_digits():
    # the five differences sum to about 2e-15, not 0: the line must still read +0.0, not +0.00000
    f = _compare([0.9263, 0.8997, 0.9163, 0.9253, 0.9287], [0.9253, 0.9017, 0.9133, 0.9263, 0.9297], size=0.02)
    assert 0 < abs(f.effect) < 1e-9
    assert f.line.startswith("A − B: +0.0 points [") or f.line.startswith("A − B: -0.0 points [")
    assert "0.00000" not in f.line


def test_lower_is_better_claims_use_a_negative_size():
    f = _compare([0.02, 0.03, 0.025], [0.10, 0.11, 0.105], size=-0.05, metric="train − validation accuracy")
    assert f.verdict == HOLDS and f.effect == pytest.approx(-8.0)
    assert _compare([0.10, 0.11, 0.105], [0.02, 0.03, 0.025], size=-0.05).verdict == REVERSED


def test_other_units_and_scales():
    f = _compare([120, 130, 125], [200, 210, 190], size=-20, metric="steps to 90%", unit="steps")
    assert f.line.startswith("A − B: -75.0 steps [") and f.verdict == HOLDS


def test_unpaired_uses_welchs_interval():
    assert _compare([0.90, 0.91, 0.90, 0.91], [0.80, 0.81, 0.80]).verdict == HOLDS
    assert _compare([0.80, 0.90, 0.85, 0.82], [0.84, 0.86, 0.83]).verdict == INCONCLUSIVE


def test_bad_input_is_one_clear_error():
    with pytest.raises(ValueError, match="NaN"):
        _compare([0.8, float("nan"), 0.8], [0.8, 0.8, 0.8])
    with pytest.raises(TypeError, match="one score per seed"):
        _compare(0.8, [0.8])
    with pytest.raises(ValueError, match="not verdicts"):
        _compare([0.8] * 3, [0.8] * 3, says={"bogus": "x"})


def test_markdown_is_one_line_a_sentence_and_a_folded_table():
    f = _compare([0.83, 0.84, 0.82], [0.80, 0.81, 0.80], seeds=[42, 43, 44], source="the notes",
                 says={HOLDS: "Here it helps."})
    text = f._repr_markdown_()
    head, line = text.split("\n\n")[:2]
    assert head == "**A beats B** (the notes)"
    assert line == f.line + ". Here it helps."
    assert "<details>" in text and "seed 43" in text and "+3.00" in text and "√3" in text
    unfolded = _compare([0.83, 0.84, 0.82], [0.80, 0.81, 0.80], unfold=True)._repr_markdown_()
    assert "<details>" not in unfolded and "| A − B (points) |" in unfolded
    assert "illustration" in _compare([0.83], [0.80])._repr_markdown_()


def test_seeds_needed_grows_with_the_spread():
    assert findings.seeds_needed(0.5, 2.0) == 4    # 3.18 x 0.5 / 2 <= 1, 4.30 x 0.5 / 1.73 > 1
    assert findings.seeds_needed(1.0, 2.0) > findings.seeds_needed(0.5, 2.0)
    assert findings.seeds_needed(1.0, 0.0) is None


def test_rank_judges_each_adjacent_pair():
    scores = {"elu": [0.85, 0.86, 0.87], "leaky": [0.84, 0.84, 0.86], "relu": [0.82, 0.82, 0.84]}
    r = rank("act", scores, ["elu", "leaky", "relu"], claim="ELU > leaky ReLU > ReLU", size=0.005)
    assert [p.verdict for p in r.pairs] == [INCONCLUSIVE, HOLDS]
    assert r.verdict == INCONCLUSIVE
    assert rank("act", scores, ["relu", "elu"], claim="x", size=0.01).verdict == REVERSED
    with pytest.raises(KeyError, match="selu"):
        rank("act", scores, ["selu", "elu"], claim="x", size=0.01)


def test_findings_are_recorded_for_the_report(tmp_path, monkeypatch):
    log = tmp_path / "m.jsonl"
    monkeypatch.setenv("LABS_METRICS_FILE", str(log))
    _compare([0.83, 0.84, 0.82], [0.80, 0.81, 0.80])
    rank("act", {"a": [1, 2, 3], "b": [0, 1, 2]}, ["a", "b"], claim="a > b", size=0.5, metric="score")
    rows = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(r["kind"], r["verdict"]) for r in rows] == [("finding", HOLDS), ("finding", HOLDS)]
    assert rows[0]["effect"] == pytest.approx(2.667, abs=1e-3) and rows[0]["unit"] == "points"


# ---------------------------------------------------------------------------------------------------------
# %%prose templates
# ---------------------------------------------------------------------------------------------------------

def test_prose_fills_fields_and_leaves_math_code_and_double_braces_alone():
    ns = {"gain": 0.0234, "names": ["a", "b"], "f": _compare([0.83, 0.84, 0.82], [0.80, 0.81, 0.80])}
    text = ("Gain {100 * gain:+.1f} points for {len(names)} names; {f.verdict}. "
            "$\\frac{a}{b}$ and `{x}` and {{literal}}.")
    assert findings.render(text, ns) == ("Gain +2.3 points for 2 names; holds. "
                                         "$\\frac{a}{b}$ and `{x}` and {literal}.")
    assert findings.template_text(text).split() == ("Gain points for names; . $\\frac{a}{b}$ and `{x}` "
                                                    "and {literal}.").split()


def test_prose_errors_name_the_field_in_one_line():
    with pytest.raises(findings.ProseError, match=r"prose field \{missing\}: name 'missing' is not defined"):
        findings.render("a {missing} b", {})
    with pytest.raises(findings.ProseError, match="unclosed"):
        findings.render("a {oops b", {})
    with pytest.raises(findings.ProseError, match=r"\{1/0\}: ZeroDivisionError"):
        findings.render("{1/0}", {})


# ---------------------------------------------------------------------------------------------------------
# The solutions report
# ---------------------------------------------------------------------------------------------------------

def test_report_lists_findings_and_the_seed_table_shows_each_seeds_line(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "source_notebooks", lambda names=None: [tmp_path / "03_x.ipynb"])
    dirs = [tmp_path / "solutions", tmp_path / "solutions-seed7"]
    for seed, d, verdict in ((42, dirs[0], HOLDS), (7, dirs[1], INCONCLUSIVE)):
        monkeypatch.setenv("LABS_SEED", str(seed))
        result = {"notebook": "03_x", "wall_s": 1.0, "peak_mb": 1, "error": None, "metrics": [
            {"name": "acc", "value": 0.9, "floor": None, "profile": "full"},
            {"kind": "finding", "name": "dropout", "claim": "dropout helps", "verdict": verdict,
             "summary": f"dropout − none: +2.0 points [+1.0, +3.0], 5 seeds — {verdict}"},
            {"kind": "finding", "name": "act", "claim": "elu > relu", "verdict": verdict, "summary": "s",
             "pairs": [{"name": "act: elu > relu", "claim": "elu above relu", "summary": "p",
                        "verdict": HOLDS if seed == 42 else REVERSED}]}]}
        build._save_result(d, result, "full")
        assert build.write_report([build._saved_result(d, "03_x", "full")], d, "full")
        report = (d / "report.md").read_text()
        assert f"| 03_x | dropout | dropout helps | dropout − none: +2.0 points [+1.0, +3.0], 5 seeds — {verdict} |" \
            in report
    build.write_seed_comparison([42, 7], dirs, "full")
    text = (dirs[0] / "report.md").read_text()
    assert ("| 03_x | dropout | dropout helps | dropout − none: +2.0 points [+1.0, +3.0], 5 seeds — holds | "
            "dropout − none: +2.0 points [+1.0, +3.0], 5 seeds — inconclusive | **depends on the seed**") in text
    assert "| 03_x | act: elu > relu | elu above relu | p | p | **depends on the seed**" in text
    assert build.combined_verdict([HOLDS, HOLDS]) == HOLDS
    assert findings.TOO_FEW == build.combined_verdict([TOO_FEW, None])
