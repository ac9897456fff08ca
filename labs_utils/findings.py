"""Claims measured over seeds and worded by the data, and prose rendered from the run.

A lab states a result in one of two ways, never as a number typed into markdown:

- ``show(f"... {accuracy:.4f} ...")`` renders a sentence from the run's variables;
- ``compare(...)`` / ``rank(...)`` measure a claim ("A beats B") over several seeds and render it with
  its spread and a verdict chosen by the data.

The rule for a verdict is a paired t-test a student can redo by hand from the rendered table: a claim
**holds** when every seed agrees with it, the mean difference is at least ``min_effect``, and that mean is
further from 0 than ``t_crit`` standard errors (``t_crit`` is Student's two-sided 5% value: 4.30 for 3
seeds, 2.78 for 5); it is **reversed** when the same is true the other way; otherwise it is **within
noise**. Agreement in sign alone is not enough: with no real effect, 3 seeds all agree 1 time in 4.
With fewer than three seeds (the quick profile) nothing is concluded: the result only illustrates.
"""
import math
from dataclasses import dataclass, field

from .report import log_result

HOLDS, NOISE, REVERSED, TOO_FEW = "holds", "within noise", "reversed", "too few seeds"
MIN_SEEDS = 3


def show(text):
    """Display ``text`` as markdown (use an f-string so its numbers come from the run)."""
    from IPython.display import Markdown, display

    display(Markdown(text))


def _mean(values):
    return sum(values) / len(values)


def _sd(values):
    if len(values) < 2:
        return 0.0
    m = _mean(values)
    return math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1))


def _as_scores(values, label):
    try:
        scores = [float(v) for v in values]
    except TypeError:
        raise TypeError(f"{label}: give one score per seed as a list, got {type(values).__name__}") from None
    if not scores:
        raise ValueError(f"{label}: no scores")
    if any(math.isnan(s) for s in scores):
        raise ValueError(f"{label}: a score is NaN (a run diverged); fix the run before comparing")
    return scores


def t_crit(n):
    """Student's t, two-sided 5%, for a mean of ``n`` paired differences."""
    from scipy.stats import t

    return float(t.ppf(0.975, n - 1))


def t_stat(differences):
    """Mean difference in standard errors (infinite when every seed gives the same non-zero gap)."""
    mean, sd = _mean(differences), _sd(differences)
    if sd == 0:
        return 0.0 if mean == 0 else math.copysign(math.inf, mean)
    return mean / (sd / math.sqrt(len(differences)))


def verdict_of(differences, min_effect=0.0):
    """holds / within noise / reversed / too few seeds for per-seed differences (positive = as claimed)."""
    n = len(differences)
    if n < MIN_SEEDS:
        return TOO_FEW
    mean, t = _mean(differences), t_stat(differences)
    if all(d > 0 for d in differences) and mean >= min_effect and t > t_crit(n):
        return HOLDS
    if all(d < 0 for d in differences) and -mean >= min_effect and -t > t_crit(n):
        return REVERSED
    return NOISE


@dataclass
class Finding:
    """One claim compared with the run: the scores per seed, their difference and the verdict."""

    name: str
    claim: str
    source: str
    metric: str
    a_label: str
    b_label: str
    a: list
    b: list
    higher_is_better: bool = True
    min_effect: float = 0.0
    digits: int = 4
    seeds: list = field(default_factory=list)

    @property
    def paired(self):
        return len(self.a) == len(self.b)

    @property
    def differences(self):
        """Per-seed advantage of A over B in the claim's direction (paired runs), else the mean's."""
        sign = 1.0 if self.higher_is_better else -1.0
        if self.paired:
            return [sign * (x - y) for x, y in zip(self.a, self.b)]
        return [sign * (_mean(self.a) - _mean(self.b))]

    @property
    def verdict(self):
        if not self.paired:   # different seeds on each side: compare the means with their spreads
            if min(len(self.a), len(self.b)) < MIN_SEEDS:
                return TOO_FEW
            gap = self.differences[0]
            noise = self._unpaired_crit() * self._unpaired_se()
            if abs(gap) <= max(noise, self.min_effect):
                return NOISE
            return HOLDS if gap > 0 else REVERSED
        return verdict_of(self.differences, self.min_effect)

    def _unpaired_se(self):
        return math.sqrt(_sd(self.a) ** 2 / len(self.a) + _sd(self.b) ** 2 / len(self.b))

    def _unpaired_crit(self):
        return t_crit(min(len(self.a), len(self.b)))   # the smaller side's degrees of freedom: conservative

    def _score(self, values):
        d = self.digits
        if len(values) == 1:
            return f"{values[0]:.{d}f}"
        return f"{_mean(values):.{d}f} ± {_sd(values):.{d}f}"

    def summary(self):
        """One plain-text line (for reports)."""
        return (f"{self.a_label} {self._score(self.a)} vs {self.b_label} {self._score(self.b)} "
                f"({self.metric}, {len(self.a)} seed(s)): {self.verdict}")

    def _reason(self):
        v = self.verdict
        n = len(self.a)
        if v == TOO_FEW:
            return (f"{n} seed{'s' if n != 1 else ''} only (quick profile?): this run illustrates the claim, "
                    f"it cannot test it; the full profile uses {MIN_SEEDS} or more")
        if not self.paired:
            return (f"the gap between the means is {'more' if v != NOISE else 'not more'} than "
                    f"{self._unpaired_crit():.2f} standard errors (Welch, two-sided 5%)")
        diffs = self.differences
        t, crit = abs(t_stat(diffs)), t_crit(n)
        size = (f"the mean difference is {'more than 100' if math.isinf(t) else f'{t:.1f}'} standard errors "
                f"from 0 (a paired t-test with {n} seeds needs {crit:.2f})")
        n_for, n_against = sum(d > 0 for d in diffs), sum(d < 0 for d in diffs)
        if v == HOLDS:
            return f"all {n} seeds agree and {size}"
        if v == REVERSED:
            return f"all {n} seeds contradict it and {size}"
        ties = n - n_for - n_against
        count = (f"{n_for} of {n} seeds agree with it, {n_against} contradict it"
                 + (f", {ties} show{'s' if ties == 1 else ''} no difference" if ties else ""))
        if n_for == n or n_against == n:
            if abs(_mean(diffs)) < self.min_effect:
                return f"{count}, but the mean difference is below {self.min_effect:g}"
            return f"{count}, but {size}"
        return count

    def _repr_markdown_(self):
        d = self.digits
        lines = [f"**Finding: {self.claim}** ({self.source})", ""]
        lines.append(f"| {self.metric} | " + " | ".join(
            [f"seed {s}" for s in self.seeds] if self.paired and len(self.seeds) == len(self.a) else
            [f"run {i + 1}" for i in range(max(len(self.a), len(self.b)))]) + " | mean ± sd |")
        lines.append("|---|" + "---:|" * (max(len(self.a), len(self.b)) + 1))
        for label, values in ((self.a_label, self.a), (self.b_label, self.b)):
            cells = [f"{v:.{d}f}" for v in values] + [""] * (max(len(self.a), len(self.b)) - len(values))
            lines.append(f"| {label} | " + " | ".join(cells) + f" | {self._score(values)} |")
        if self.paired:
            diffs = [x - y for x, y in zip(self.a, self.b)]
            lines.append("| difference | " + " | ".join(f"{x:+.{d}f}" for x in diffs)
                         + f" | {_mean(diffs):+.{d}f} ± {_sd(diffs):.{d}f} |")
        lines += ["", f"Verdict on this run: **{self.verdict}** — {self._reason()}."]
        return "\n".join(lines)

    def record(self):
        """Log the finding for the solutions report (only during ``make solutions``)."""
        log_result({"kind": "finding", "name": self.name, "claim": self.claim, "verdict": self.verdict,
                    "summary": self.summary()})


def compare(name, a, b, *, claim, a_label, b_label, metric="test accuracy", source="the notes",
            higher_is_better=True, min_effect=0.0, seeds=None, digits=4):
    """Measure the claim "A is better than B": ``a`` and ``b`` hold one score per seed.

    With the same seeds in the same order on both sides the comparison is paired, seed by seed.
    The finding is recorded for the solutions report and returned; a cell ending with it renders it.
    """
    finding = Finding(name=name, claim=claim, source=source, metric=metric, a_label=a_label,
                      b_label=b_label, a=_as_scores(a, a_label), b=_as_scores(b, b_label),
                      higher_is_better=higher_is_better, min_effect=min_effect, digits=digits,
                      seeds=list(seeds or []))
    finding.record()
    return finding


@dataclass
class Ranking:
    """A claimed order of several options, each adjacent pair judged like ``compare``."""

    name: str
    claim: str
    source: str
    metric: str
    scores: dict
    pairs: list

    @property
    def verdict(self):
        verdicts = [p.verdict for p in self.pairs]
        if TOO_FEW in verdicts:
            return TOO_FEW
        if REVERSED in verdicts:
            return REVERSED
        return HOLDS if all(v == HOLDS for v in verdicts) else NOISE

    def summary(self):
        return "; ".join(f"{p.a_label} > {p.b_label}: {p.verdict}" for p in self.pairs)

    def _repr_markdown_(self):
        digits = self.pairs[0].digits if self.pairs else 4
        lines = [f"**Finding: {self.claim}** ({self.source})", "",
                 f"| option | {self.metric}, mean ± sd | seeds |", "|---|---:|---:|"]
        ordered = sorted(self.scores.items(), key=lambda kv: -_mean(kv[1]))
        for label, values in ordered:
            lines.append(f"| {label} | {_mean(values):.{digits}f} ± {_sd(values):.{digits}f} | {len(values)} |")
        lines += ["", "The claimed order, pair by pair:", ""]
        for p in self.pairs:
            lines.append(f"- {p.a_label} above {p.b_label}: **{p.verdict}** — {p._reason()}")
        lines += ["", f"Verdict on this run: **{self.verdict}**."]
        return "\n".join(lines)


def rank(name, scores, claimed_order, *, claim, metric="validation accuracy", source="the notes",
         higher_is_better=True, min_effect=0.0, digits=4):
    """Measure a claimed order (best first) of options whose ``scores`` hold one score per seed each."""
    missing = [label for label in claimed_order if label not in scores]
    if missing:
        raise KeyError(f"no scores for {missing}; have {sorted(scores)}")
    scores = {label: _as_scores(values, label) for label, values in scores.items()}
    pairs = [Finding(name=f"{name}: {hi} > {lo}", claim=f"{hi} above {lo}", source=source, metric=metric,
                     a_label=hi, b_label=lo, a=scores[hi], b=scores[lo], higher_is_better=higher_is_better,
                     min_effect=min_effect, digits=digits)
             for hi, lo in zip(claimed_order, claimed_order[1:])]
    ranking = Ranking(name=name, claim=claim, source=source, metric=metric, scores=scores, pairs=pairs)
    log_result({"kind": "finding", "name": name, "claim": claim, "verdict": ranking.verdict,
                "summary": ranking.summary(),
                "pairs": [{"name": p.name, "claim": p.claim, "verdict": p.verdict} for p in pairs]})
    return ranking
