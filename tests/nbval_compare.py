"""Compare a cell's printed output with its reference by meaning, not by bits.

Another CPU, instruction set, thread count or a GPU changes the last digits of float32 results
(a softmax row sums to 0.99999994 on one machine and 1.0000001 on another), so two texts agree when

- their words, punctuation, integers, shapes and dtypes are identical, token by token (runs of
  whitespace only separate tokens: NumPy pads and wraps arrays by the width of their numbers);
- each pair of floats agrees within ``RTOL``; when both sides are printed with the same number of
  decimals (a fixed format such as ``f"{x:.4f}"``), a difference of one unit in the last digit, which
  rounding near a boundary gives, is allowed too. Shortest-form floats (NumPy's ``1.``, Python's
  ``0.4``) say nothing about their precision and get the relative tolerance only.

``perturb`` rewrites a reference the way another machine might print it (the test that proves the
comparison tolerant uses it); ``LABS_NBVAL_PERTURB=1`` applies it to every reference in a test run.
"""
import math
import re

RTOL = 1e-3   # float32 kernels, TF32 matmuls on recent GPUs, and summation order stay far inside this
ATOL = 1e-8   # values that are zero up to rounding: 0., -0., 1e-09

# A number not glued to a word ("conv2d_1", "float32", "0x7f" stay text): integer, decimal or
# scientific, with an optional sign.
_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w])")
# Everything else: runs of letters and punctuation, a lone sign or point, or digits glued to a word.
_TOKEN = re.compile(_NUMBER.pattern + r"|[^\s\d+\-.]+|[+\-.]|\d+")


def _is_float(text):
    return any(ch in text for ch in ".eE")


def _decimals(text):
    """Digits after the point; None for '1.' (NumPy's shortest form says nothing about precision)."""
    mantissa = re.split("[eE]", text)[0]
    if "." not in mantissa:
        return 0
    places = len(mantissa.split(".")[1])
    return places or None


def _exponent(text):
    parts = re.split("[eE]", text)
    return int(parts[1]) if len(parts) > 1 else 0


def tokens(text):
    """The text as a list of ('int' | 'float' | 'text', string) tokens; whitespace dropped."""
    out = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if _NUMBER.fullmatch(token):
            out.append(("float" if _is_float(token) else "int", token))
        else:
            out.append(("text", token))
    return out


def floats_agree(ref, got, rtol=RTOL, atol=ATOL):
    """True when two printed floats agree within ``rtol``, or differ only in their last printed digit."""
    a, b = float(ref), float(got)
    if math.isnan(a) or math.isnan(b) or math.isinf(a) or math.isinf(b):
        return ref == got
    slack = 0.0
    da, db = _decimals(ref), _decimals(got)
    exponent_a, exponent_b = _exponent(ref), _exponent(got)
    if da is not None and (da, exponent_a) == (db, exponent_b):
        # The same fixed format on both sides ("%.4f", np.round): rounding may flip the last digit.
        slack = 10.0 ** (exponent_a - da)
    return abs(a - b) <= rtol * max(abs(a), abs(b)) + atol + slack


def first_difference(ref, got, rtol=RTOL, atol=ATOL):
    """None when the texts agree by meaning, else a one-line description of the first difference."""
    if not isinstance(ref, str) or not isinstance(got, str):
        return None if ref == got else f"expected {ref!r}, got {got!r}"
    ref_tokens, got_tokens = tokens(ref), tokens(got)
    for i, ((kind_r, r), (kind_g, g)) in enumerate(zip(ref_tokens, got_tokens)):
        if kind_r == kind_g == "float":
            if not floats_agree(r, g, rtol, atol):
                return f"token {i + 1}: the number {g} differs from the reference {r} beyond rtol={rtol:g}"
        elif (kind_r, r) != (kind_g, g):
            return f"token {i + 1}: {g!r} where the reference has {r!r}"
    if len(ref_tokens) != len(got_tokens):
        longer, name = (ref_tokens, "reference") if len(ref_tokens) > len(got_tokens) else (got_tokens, "output")
        extra = " ".join(t for _, t in longer[min(len(ref_tokens), len(got_tokens)):][:5])
        return f"the {name} goes on: {extra!r}"
    return None


def _nudge(token, up):
    """The same float moved by one unit in its last printed digit (or by float32 rounding)."""
    value, decimals = float(token), _decimals(token)
    if value == 0 and not decimals:  # "0." <-> "-0."
        return token[1:] if token.startswith("-") else "-" + token
    if decimals is None or re.search("[eE]", token):
        # "1." -> "1.0000001" or "0.99999994": what another CPU printed for the same float32
        return f"{value * (1 + 1.2e-7 if up else 1 - 6e-8):.8g}"
    step = 10.0 ** -decimals
    return f"{value + (step if up else -step):.{decimals}f}"


def perturb(text, seed=0):
    """Every float in ``text`` moved in its last digit, alternately up and down."""
    count = [seed]

    def replace(match):
        token = match.group(0)
        if not _is_float(token):
            return token
        count[0] += 1
        return _nudge(token, up=count[0] % 2 == 0)

    return _NUMBER.sub(replace, text)
