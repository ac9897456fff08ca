"""Claims measured over seeds, each read in one line, and prose rendered from the run.

A finding compares two configurations trained from the same seeds and states the effect in the measure's
own unit with its 95% interval, e.g. ``dropout 0.5 − none: +2.4 points [+1.1, +3.7], 5 seeds — holds``.
The verdict follows from the interval and the size of effect the claim names (chosen before the run):

- **holds**: the whole interval lies on the claimed side of 0 (the line says when it is smaller than claimed);
- **reversed**: the whole interval lies on the other side;
- **no effect of the claimed size**: the interval contains 0 but not the claimed size, so the run rules
  the claim out;
- **inconclusive**: the interval contains both 0 and the claimed size: the experiment could not tell.

The interval is Student's t interval of the mean of the paired (seed by seed) differences, so a student can
redo it by hand from the per-seed table: mean ± t · sd / √n, with t = 4.30 for 3 seeds, 2.78 for 5 and 2.26
for 10. With fewer than three seeds (the quick profile) nothing is concluded: the run only illustrates.

Prose that depends on the run is written as prose, in a code cell that starts with ``%%prose``: its text is
markdown, and each ``{field}`` in it (any Python expression, with an optional format such as
``{gain:+.1f}``) is filled in from the notebook's variables. Math (``$...$``) and code spans are left
alone, and ``{{`` / ``}}`` give literal braces. A sentence that depends on a verdict is declared once, with
the finding (``says={HOLDS: "...", ...}``).
"""
import math
import re
from dataclasses import dataclass, field

from .report import log_result

HOLDS = "holds"
REVERSED = "reversed"
NO_EFFECT = "no effect of the claimed size"
INCONCLUSIVE = "inconclusive"
TOO_FEW = "too few seeds"
# Only for a claim that names no size (labs 04-08 until they are reworked): the interval contains 0, and
# without a claimed size "no effect" cannot be told from "could not tell".
NOISE = "within noise"
VERDICTS = (HOLDS, REVERSED, NO_EFFECT, INCONCLUSIVE, TOO_FEW, NOISE)
MIN_SEEDS = 3

_MEANING = {
    HOLDS: "the whole interval lies on the claimed side of 0",
    REVERSED: "the whole interval lies on the other side of 0: the effect goes against the claim",
    NO_EFFECT: "the interval contains 0 but excludes the claimed size: this run rules the claim out",
    INCONCLUSIVE: "the interval contains both 0 and the claimed size: this experiment could not tell",
    NOISE: "the interval contains 0, and the claim names no size to rule out",
}


# ---------------------------------------------------------------------------------------------------------
# Prose rendered from the run
# ---------------------------------------------------------------------------------------------------------

_SKIPPED = re.compile(r"\$\$.*?\$\$|\$[^$\n]*\$|`[^`\n]*`", re.S)


class ProseError(ValueError):
    """A ``{field}`` of a prose template could not be filled in; the message says which and why."""

    def _render_traceback_(self):   # IPython shows the message alone
        return [f"\x1b[0;31m{self}\x1b[0m"]


def _fields(template):
    """Split a template into ('text', str) and ('field', expression) pieces."""
    pieces, i, n = [], 0, len(template)
    protected = [(m.start(), m.end()) for m in _SKIPPED.finditer(template)]
    text = []
    while i < n:
        span = next(((a, b) for a, b in protected if a == i), None)
        if span:
            text.append(template[span[0]:span[1]])
            i = span[1]
        elif template.startswith("{{", i) or template.startswith("}}", i):
            text.append(template[i])
            i += 2
        elif template[i] == "{":
            depth, j = 1, i + 1
            while j < n and depth:
                depth += {"{": 1, "}": -1}.get(template[j], 0)
                j += 1
            if depth:
                raise ProseError(f"prose: an unclosed '{{' near {template[i:i + 40]!r} (write {{{{ for a brace)")
            pieces.append(("text", "".join(text)))
            text = []
            pieces.append(("field", template[i + 1:j - 1]))
            i = j
        else:
            text.append(template[i])
            i += 1
    pieces.append(("text", "".join(text)))
    return pieces


def template_text(template):
    """The literal prose of a template, its fields removed (what an author typed)."""
    return " ".join(piece for kind, piece in _fields(template) if kind == "text")


def render(template, namespace):
    """Fill in every ``{field}`` of ``template`` from ``namespace``."""
    out = []
    for kind, piece in _fields(template):
        if kind == "text":
            out.append(piece)
            continue
        try:
            code = compile("f" + repr("{" + piece + "}"), "<prose>", "eval")
        except SyntaxError as err:
            raise ProseError(f"prose field {{{piece}}} is not a Python expression ({err.msg})") from None
        try:
            out.append(eval(code, namespace))   # noqa: S307  (the notebook's own variables)
        except NameError as err:
            raise ProseError(f"prose field {{{piece}}}: {err}; run the cells above it first") from None
        except Exception as err:   # the field's own error, in one line
            raise ProseError(f"prose field {{{piece}}}: {type(err).__name__}: {err}") from None
    return "".join(out)


def show(text):
    """Display ``text`` as markdown."""
    from IPython.display import Markdown, display

    display(Markdown(text))


def prose_magic(line, cell):
    """``%%prose``: the cell is markdown whose ``{fields}`` come from the notebook's variables."""
    from IPython import get_ipython

    show(render(cell, get_ipython().user_ns))


def register_prose_magic():
    """Make ``%%prose`` available in the running IPython kernel (``setup()`` calls this)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.register_magic_function(prose_magic, magic_kind="cell", magic_name="prose")


# ---------------------------------------------------------------------------------------------------------
# Statistics a student can redo by hand
# ---------------------------------------------------------------------------------------------------------

def _mean(values):
    return sum(values) / len(values)


def _sd(values):
    if len(values) < 2:
        return 0.0
    m = _mean(values)
    return math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1))


def t_crit(n, df=None):
    """Student's t, two-sided 5%, for a mean of ``n`` paired differences (or ``df`` degrees of freedom)."""
    from scipy.stats import t

    return float(t.ppf(0.975, (n - 1) if df is None else df))


def interval(differences):
    """The mean of per-seed differences and its 95% t interval ``(mean, low, high)``."""
    n, mean = len(differences), _mean(differences)
    if n < 2:
        return mean, math.nan, math.nan
    half = t_crit(n) * _sd(differences) / math.sqrt(n)
    return mean, mean - half, mean + half


def seeds_needed(sd, size, most=50):
    """Seeds for which an effect of ``size`` gives a 95% interval at most half its size wide on either side
    (so it would usually be told from 0), at a seed-to-seed spread ``sd`` of the differences."""
    if size == 0 or not math.isfinite(sd):
        return None
    for n in range(MIN_SEEDS, most + 1):
        if t_crit(n) * sd / math.sqrt(n) <= abs(size) / 2:
            return n
    return None


def verdict_of(low, high, size, direction=1.0):
    """The verdict for a 95% interval ``[low, high]`` of an effect claimed to be ``size`` (its sign is the
    claimed direction; ``size=None``: no size claimed, in ``direction``)."""
    if math.isnan(low):
        return TOO_FEW
    sign = direction if size is None else (1.0 if size >= 0 else -1.0)
    low, high = sorted((sign * low, sign * high))
    if low > 0:
        return HOLDS
    if high < 0:
        return REVERSED
    if size is None:
        return NOISE
    return NO_EFFECT if high < abs(size) else INCONCLUSIVE


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


def _digits(values, base, distinct=()):
    """Decimals enough that no non-zero value prints as 0, and the ``distinct`` pair prints as two values."""
    # A difference of equal scores can come out as 1e-17 rather than 0: that is a zero, not a value to show.
    finite = [v for v in values if math.isfinite(v) and abs(v) > 1e-9]
    distinct = [v for v in distinct if math.isfinite(v)]
    for d in range(base, base + 4):
        if all(round(v, d) != 0 for v in finite) and (
                len(set(distinct)) < 2 or len({round(v, d) for v in distinct}) == 2):
            return d
    return base + 4


# ---------------------------------------------------------------------------------------------------------
# Findings
# ---------------------------------------------------------------------------------------------------------

@dataclass
class Finding:
    """One claim measured over seeds: per-seed scores of A and B, the effect A − B and its verdict."""

    name: str
    claim: str
    source: str
    metric: str
    a_label: str
    b_label: str
    a: list
    b: list
    size: float = None       # the claimed effect of A − B, in the metric's own scale (sign = direction)
    unit: str = ""
    scale: float = 1.0       # metric -> unit (100 turns accuracies into points)
    digits: int = 1
    seeds: list = field(default_factory=list)
    says: dict = field(default_factory=dict)
    label: str = ""
    unfold: bool = False
    higher_is_better: bool = True   # the claimed direction when no size is claimed

    @property
    def _size(self):
        return None if self.size is None else self.scale * self.size

    @property
    def paired(self):
        return len(self.a) == len(self.b)

    @property
    def n(self):
        return min(len(self.a), len(self.b))

    @property
    def differences(self):
        """Per-seed A − B in the unit (paired runs)."""
        return [self.scale * (x - y) for x, y in zip(self.a, self.b)]

    @property
    def _interval(self):
        if self.paired:
            return interval(self.differences)
        mean = self.scale * (_mean(self.a) - _mean(self.b))   # Welch's interval for unpaired runs
        if self.n < 2:
            return mean, math.nan, math.nan
        va, vb = (self.scale ** 2 * _sd(v) ** 2 / len(v) for v in (self.a, self.b))
        se = math.sqrt(va + vb)
        if se == 0:
            return mean, mean, mean
        df = (va + vb) ** 2 / (va ** 2 / (len(self.a) - 1) + vb ** 2 / (len(self.b) - 1))
        half = t_crit(0, df=df) * se
        return mean, mean - half, mean + half

    @property
    def effect(self):
        """The mean of A − B, in the unit."""
        return self._interval[0]

    @property
    def low(self):
        return self._interval[1]

    @property
    def high(self):
        return self._interval[2]

    @property
    def verdict(self):
        if self.n < MIN_SEEDS:
            return TOO_FEW
        return verdict_of(self.low, self.high, self._size, 1.0 if self.higher_is_better else -1.0)

    @property
    def smaller_than_claimed(self):
        """True when the claim holds but the whole interval lies below the claimed size."""
        size = self._size
        return self.verdict == HOLDS and bool(size) and abs(self.high if size > 0 else self.low) < abs(size)

    def _fmt(self, value):
        d = _digits([self.effect, self.low, self.high, self._size or 0.0], self.digits,
                    distinct=(self.low, self.high))
        return f"{value:+.{d}f}"

    def _unit(self):
        return f" {self.unit}" if self.unit else ""

    @property
    def line(self):
        """The result in one line: effect, 95% interval, seeds, verdict."""
        label = self.label or f"{self.a_label} − {self.b_label}"
        n = self.n
        if self.verdict == TOO_FEW:
            return (f"{label}: {self._fmt(self.effect)}{self._unit()}, {n} seed{'s' * (n != 1)} — "
                    f"an illustration (at least {MIN_SEEDS} seeds are needed to conclude)")
        note = ""
        size = f"{self._fmt(self._size or 0.0)}{self._unit()}"
        if self.smaller_than_claimed:
            note = f", smaller than the claimed {size}"
        elif self.verdict in (NO_EFFECT, INCONCLUSIVE) and self._size is not None:
            note = f" (claimed: {size})"
        return (f"{label}: {self._fmt(self.effect)}{self._unit()} [{self._fmt(self.low)}, {self._fmt(self.high)}], "
                f"{n} seeds — {self.verdict}{note}")

    def summary(self):
        """The line, for reports."""
        return self.line

    @property
    def sentence(self):
        """The author's sentence for this verdict (``says``), else what the verdict means."""
        if self.verdict in self.says:
            return self.says[self.verdict]
        if self.verdict == TOO_FEW:
            return "The full profile measures it over several seeds."
        return _MEANING[self.verdict][0].upper() + _MEANING[self.verdict][1:] + "."

    def _table(self):
        d = _digits(self.differences, self.digits + 1)
        cols = (([f"seed {s}" for s in self.seeds] if len(self.seeds) == len(self.a) else
                 [f"run {i + 1}" for i in range(len(self.a))]) if self.paired else
                [f"run {i + 1}" for i in range(max(len(self.a), len(self.b)))])
        lines = [f"| {self.metric} | " + " | ".join(cols) + " | mean |", "|---|" + "---:|" * (len(cols) + 1)]
        for label, values in ((self.a_label, self.a), (self.b_label, self.b)):
            cells = [f"{v:.4g}" for v in values] + [""] * (len(cols) - len(values))
            lines.append(f"| {label} | " + " | ".join(cells) + f" | {_mean(values):.4g} |")
        if self.paired:
            diffs = self.differences
            lines.append(f"| A − B ({self.unit or 'difference'}) | " + " | ".join(f"{x:+.{d}f}" for x in diffs)
                         + f" | {_mean(diffs):+.{d}f} |")
        text = "\n".join(lines)
        if self.verdict != TOO_FEW and self.paired:
            sd, n = _sd(self.differences), self.n
            text += (f"\n\nInterval: mean ± t · sd / √n = {_mean(self.differences):+.{d}f} ± {t_crit(n):.2f} · "
                     f"{sd:.{d}f} / √{n}.")
            needed = seeds_needed(sd, self._size or 0.0) if self.verdict == INCONCLUSIVE else None
            if needed:
                text += (f" At this spread, about {needed} seeds would tell an effect of the claimed size from 0.")
        return text

    def _repr_markdown_(self):
        head = f"**{self.claim}** ({self.source})"
        body = f"{self.line}. {self.sentence}"
        table = self._table()
        if self.unfold:
            return f"{head}\n\n{body}\n\n{table}"
        return (f"{head}\n\n{body}\n\n<details><summary>Per seed, and how the interval is computed</summary>\n\n"
                f"{table}\n\n</details>")

    def record(self):
        """Log the finding for the solutions report (only during ``make solutions``)."""
        log_result({"kind": "finding", "name": self.name, "claim": self.claim, "verdict": self.verdict,
                    "summary": self.line, "effect": self.effect, "low": self.low, "high": self.high,
                    "unit": self.unit, "seeds": self.n})


def _unit_for(metric, unit, scale):
    if unit is None and "accuracy" in metric:
        return "points", 100.0 if scale is None else scale
    return unit or "", 1.0 if scale is None else scale


def compare(name, a, b, *, claim, a_label, b_label, size=None, metric="test accuracy", source="the notes",
            unit=None, scale=None, seeds=None, digits=1, says=None, label="", unfold=False, higher_is_better=True):
    """Measure the claim "A − B is about ``size``" from one score per seed on each side.

    ``size`` is the claimed effect in the metric's own scale, signed (e.g. 0.01 for "one point more
    accuracy", -0.05 for "a gap five points narrower"). Accuracies are shown in points unless ``unit`` says
    otherwise. With the same seeds in the same order on both sides the comparison is paired, seed by seed.
    ``says`` maps a verdict to the sentence this lab wants to add when the run gives it. The finding is
    recorded for the solutions report and returned; a cell ending with it renders it. (Without a ``size``
    the verdict can only be holds, reversed or within noise, in the direction ``higher_is_better`` gives.)
    """
    unit, scale = _unit_for(metric, unit, scale)
    finding = Finding(name=name, claim=claim, source=source, metric=metric, a_label=a_label, b_label=b_label,
                      a=_as_scores(a, a_label), b=_as_scores(b, b_label), size=None if size is None else float(size),
                      unit=unit, scale=scale, digits=digits, seeds=list(seeds or []), says=dict(says or {}),
                      label=label, unfold=unfold, higher_is_better=higher_is_better)
    unknown = set(finding.says) - set(VERDICTS)
    if unknown:
        raise ValueError(f"says: {sorted(unknown)} are not verdicts; use findings.HOLDS, REVERSED, NO_EFFECT, "
                         "INCONCLUSIVE or TOO_FEW")
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
        for v in (TOO_FEW, REVERSED, INCONCLUSIVE, NOISE, NO_EFFECT):
            if v in verdicts:
                return v
        return HOLDS

    def summary(self):
        return "; ".join(p.line for p in self.pairs)

    def _repr_markdown_(self):
        unit_scale = self.pairs[0].scale if self.pairs else 1.0
        lines = [f"**{self.claim}** ({self.source})", "", "The claimed order, pair by pair:", ""]
        lines += [f"- {p.line}" for p in self.pairs]
        lines += ["", f"Verdict on the whole order: **{self.verdict}**.", "",
                  "<details><summary>Mean per option</summary>", "",
                  f"| option | {self.metric}, mean | seeds |", "|---|---:|---:|"]
        ordered = sorted(self.scores.items(), key=lambda kv: -_mean(kv[1]))
        digits = 4 if unit_scale != 1 else 3
        lines += [f"| {label} | {_mean(v):.{digits}f} | {len(v)} |" for label, v in ordered]
        lines += ["", "</details>"]
        return "\n".join(lines)


def rank(name, scores, claimed_order, *, claim, size=None, metric="validation accuracy", source="the notes",
         unit=None, scale=None, digits=1, higher_is_better=True):
    """Measure a claimed order (best first) of options whose ``scores`` hold one score per seed each; each
    adjacent pair is a finding with the claimed ``size`` (the positive gap claimed between neighbours)."""
    missing = [label for label in claimed_order if label not in scores]
    if missing:
        raise KeyError(f"no scores for {missing}; have {sorted(scores)}")
    unit, scale = _unit_for(metric, unit, scale)
    scores = {label: _as_scores(values, label) for label, values in scores.items()}
    pairs = [Finding(name=f"{name}: {hi} > {lo}", claim=f"{hi} above {lo}", source=source, metric=metric,
                     a_label=hi, b_label=lo, a=scores[hi], b=scores[lo], size=None if size is None else float(size),
                     unit=unit, scale=scale, digits=digits, higher_is_better=higher_is_better)
             for hi, lo in zip(claimed_order, claimed_order[1:])]
    ranking = Ranking(name=name, claim=claim, source=source, metric=metric, scores=scores, pairs=pairs)
    log_result({"kind": "finding", "name": name, "claim": claim, "verdict": ranking.verdict,
                "summary": ranking.summary(),
                "pairs": [{"name": p.name, "claim": p.claim, "verdict": p.verdict, "summary": p.line}
                          for p in pairs]})
    return ranking
