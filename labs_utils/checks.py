"""Exercise checkers: a pass prints one line, anything else is one AssertionError.

A check cell runs inside ``with checks.exercise("name", hint=...):``. Whatever the student's code
returns or raises, the student then sees one message: what was expected, what came back, and a hint.
An error raised inside the student's own code is reported as such, with its line; an answer the check
cannot use (``None``, a wrong type) says so. Only the stub's ``NotImplementedError`` passes through
unchanged: it is the TODO.

A check with several parts wraps each in ``with checks.part("what it checks"):``. In a notebook the
first failure stops the cell as before; under `make grade` each part is scored on its own (partial
credit), recorded by the grader through ``_recorder``.

The checkers accept NumPy arrays, tensors, variables, ``keras.ops`` results, lists and tuples, in
float32 or float64, unless the call asks for a dtype (then the exercise says so in words).
"""
import contextlib
import importlib
import numbers
import os
import re
import sys
import sysconfig
import traceback

import numpy as np

PASS_MARK = "\u2714"  # a check mark
_recorder = None   # set by the grader on its own copy of this module: collects the parts' verdicts
_open = []         # the exercise being checked (for its parts)


def _failure(message, verdict="failed"):
    """An AssertionError that Jupyter shows as its message alone, without a traceback. ``verdict`` tells
    grading a wrong answer ("failed") from an answer that raised ("error")."""
    err = AssertionError(message)
    err.verdict = verdict
    lines = message.splitlines()
    # IPython renders an exception through _render_traceback_ when it has one.
    err._render_traceback_ = lambda: [f"\x1b[0;31m\u2718 {lines[0]}\x1b[0m", *lines[1:]]
    return err


def _fail(name, expected, got, hint=None):
    __tracebackhide__ = True  # pytest shows the message, not this frame
    msg = f"{name}: expected {expected}, got {got}."
    if hint:
        msg += f"\nHint: {hint}"
    raise _failure(msg)


def _passed(name, detail=""):
    print(f"{PASS_MARK} {name}: correct{detail}")


def _number(value):
    """A scalar for messages: 6 significant digits, no NumPy type names."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (numbers.Integral, np.integer)):
        return f"{int(value):,}" if abs(int(value)) >= 10_000 else str(int(value))
    try:
        return f"{float(value):.6g}"
    except (TypeError, ValueError):
        return repr(value)


def _distinct(expected, got):
    """Both numbers printed with enough significant digits to tell them apart, and how far apart they are
    when 6 digits are not enough: a message never reads "expected X, got X"."""
    e, g = _number(expected), _number(got)
    if e != g or isinstance(expected, (bool, np.bool_)):
        return e, g
    expected, got = float(expected), float(got)
    for digits in range(7, 18):
        e, g = f"{expected:.{digits}g}", f"{got:.{digits}g}"
        if e != g:
            break
    scale = max(abs(expected), abs(got))
    relative = f", a relative difference of {abs(got - expected) / scale:.1e}" if scale else ""
    return e, g + relative


def _summary(value, limit=6):
    if value is None:
        return "None (did the function return its result?)"
    try:
        arr = np.asarray(value.numpy() if hasattr(value, "numpy") else value)
    except Exception:
        return f"an object of type {type(value).__name__}"
    if arr.dtype == object:
        return f"an object of type {type(value).__name__}"
    if arr.ndim == 0:
        return _number(arr.item())
    if arr.size <= limit:
        return np.array2string(arr, precision=5, separator=", ")
    return f"an array of shape {arr.shape}"


def _to_numpy(value, name, hint):
    """Tensors, variables, arrays, lists and tuples as a numeric NumPy array; else AssertionError."""
    __tracebackhide__ = True
    if value is None:
        _fail(name, "an array or tensor", _summary(None), hint)
    try:
        if hasattr(value, "numpy"):  # eager tensors, tf and Keras variables
            value = value.numpy()
        elif isinstance(value, (list, tuple)):  # e.g. a list of scalar tensors
            value = [v.numpy() if hasattr(v, "numpy") else v for v in value]
        arr = np.asarray(value)
    except Exception:  # ragged lists, symbolic tensors, arbitrary objects
        _fail(name, "an array or tensor", f"an object of type {type(value).__name__}", hint)
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        _fail(name, "numeric values", f"values of type {arr.dtype if arr.dtype != object else type(value).__name__}",
              hint)
    return arr


def _scalar(got, expected, name, hint):
    """``got`` as one Python number (from a number, a 0-d or one-element array or tensor), or a failure
    naming ``expected``."""
    __tracebackhide__ = True
    if got is None or isinstance(got, (bool, np.bool_, str)):
        _fail(name, expected, _summary(got) if got is None else repr(got), hint)
    arr = _to_numpy(got, name, hint)
    if arr.size != 1:
        _fail(name, f"a single number ({expected})", f"an array of shape {arr.shape}", hint)
    value = arr.reshape(()).item()
    if isinstance(value, bool):
        _fail(name, expected, repr(value), hint)
    return value


def check_number(got, expected, *, name="value", rtol=1e-6, atol=1e-9, hint=None):
    """Check a scalar (a number, a 0-d or one-element array or tensor) against ``expected``."""
    __tracebackhide__ = True
    value = _scalar(got, _number(expected), name, hint)
    if not np.isclose(float(value), float(expected), rtol=rtol, atol=atol):
        _fail(name, *_distinct(expected, value), hint)
    _passed(name)


def check_shape(got, expected, *, name="shape", hint=None):
    """Check an array/tensor's shape (or a shape itself); ``None`` in ``expected`` matches any size."""
    __tracebackhide__ = True
    expected = tuple(expected)
    if got is None:
        _fail(name, f"shape {expected}", _summary(None), hint)
    shape = got.shape if hasattr(got, "shape") and not isinstance(got, tuple) else got
    try:
        shape = tuple(None if d is None else int(d) for d in shape)
    except (TypeError, ValueError):
        if isinstance(got, (list, tuple)):  # a nested list: its NumPy shape
            shape = _to_numpy(got, name, hint).shape
        else:
            _fail(name, f"shape {expected}", f"an object of type {type(got).__name__}", hint)
    if len(shape) != len(expected) or any(e is not None and e != s for e, s in zip(expected, shape)):
        _fail(name, f"shape {expected}", f"shape {shape}", hint)
    _passed(name, f" (shape {shape})")


def check_array(got, expected, *, name="array", rtol=1e-5, atol=1e-6, dtype=None, hint=None):
    """Check an array or tensor: same shape, optional dtype, values within tolerance."""
    __tracebackhide__ = True
    got_arr = _to_numpy(got, name, hint)
    exp_arr = np.asarray(expected.numpy() if hasattr(expected, "numpy") else expected)
    if got_arr.shape != exp_arr.shape:
        _fail(name, f"shape {exp_arr.shape}", f"shape {got_arr.shape}", hint)
    if dtype is not None and got_arr.dtype != np.dtype(dtype):
        _fail(name, f"dtype {np.dtype(dtype)}", f"dtype {got_arr.dtype}", hint)
    close = np.isclose(got_arr.astype(np.float64), exp_arr.astype(np.float64), rtol=rtol, atol=atol)
    if not close.all():
        idx = tuple(int(i) for i in np.argwhere(~close)[0])
        where = f" at index {idx}" if idx else ""
        e, g = _distinct(exp_arr[idx], got_arr[idx])
        _fail(name, f"{e}{where}", f"{g} ({int((~close).sum())} of {close.size} values differ)", hint)
    _passed(name)


def _bound(got, limit, name, hint, at_least):
    __tracebackhide__ = True
    value = _scalar(got, f"a number {'≥' if at_least else '≤'} {_number(limit)}", name, hint)
    if np.isnan(value) or (value < limit if at_least else value > limit):
        _fail(name, f"{'at least' if at_least else 'at most'} {_number(limit)}", _number(value), hint)
    _passed(name, f" ({_number(value)}, {'≥' if at_least else '≤'} {_number(limit)})")


def check_at_least(got, floor, *, name="value", hint=None):
    """Check a measured outcome (an accuracy, a speed) reaches ``floor``; NaN always fails."""
    __tracebackhide__ = True
    _bound(got, floor, name, hint, at_least=True)


def check_at_most(got, ceiling, *, name="value", hint=None):
    """Check a measured outcome (a gap, a loss) stays at or below ``ceiling``; NaN always fails."""
    __tracebackhide__ = True
    _bound(got, ceiling, name, hint, at_least=False)


def check_equal(got, expected, *, name="value", hint=None):
    """Check an exact value: a string, a boolean, an integer, or a list of them (any sequence type)."""
    __tracebackhide__ = True
    if hasattr(got, "numpy"):
        got = got.numpy()
    if isinstance(got, (np.ndarray, np.generic)):
        got = got.tolist()
    if isinstance(expected, (list, tuple)) and got is not None and not isinstance(got, (str, bytes)):
        try:
            got = list(got)
        except TypeError:
            _fail(name, repr(list(expected)), f"an object of type {type(got).__name__}", hint)
        expected = list(expected)
    numeric = (isinstance(got, numbers.Number) and isinstance(expected, numbers.Number)
               and not isinstance(got, bool) and not isinstance(expected, bool))
    if type(got) is not type(expected) and not numeric:
        _fail(name, repr(expected), _summary(None) if got is None else f"{got!r} (a {type(got).__name__})", hint)
    if got != expected:
        _fail(name, repr(expected), repr(got), hint)
    _passed(name)


def _layer_kind(layer):
    return type(layer).__name__


def check_model(model, *, layer_types=None, output_shape=None, n_params=None, name="model", hint=None):
    """Check a Keras model's layer kinds (in order), output shape and parameter count."""
    __tracebackhide__ = True
    import keras

    if not isinstance(model, keras.Model):
        _fail(name, "a keras.Model", _summary(None) if model is None else f"a {type(model).__name__}", hint)
    if layer_types is not None:
        expected = [t if isinstance(t, str) else t.__name__ for t in layer_types]
        got = [_layer_kind(layer) for layer in model.layers]
        if got != expected:
            _fail(name, f"layers {expected}", f"layers {got}", hint)
    if output_shape is not None:
        if not model.built:
            _fail(name, f"output shape {tuple(output_shape)}", "an unbuilt model (give it an Input)", hint)
        got_shape = tuple(model.output_shape)
        if got_shape != tuple(output_shape):
            _fail(name, f"output shape {tuple(output_shape)}", f"output shape {got_shape}", hint)
    if n_params is not None:
        if not model.built:
            _fail(name, f"{n_params:,} parameters", "an unbuilt model (give it an Input)", hint)
        got_params = model.count_params()
        if got_params != n_params:
            _fail(name, f"{n_params:,} parameters", f"{got_params:,} parameters", hint)
    _passed(name)


# --- answers that must not call a library function -----------------------------------------------

SOFTMAX_FUNCTIONS = (
    "tensorflow.nn.softmax", "tensorflow.math.softmax", "tensorflow.nn.log_softmax", "tensorflow.math.log_softmax",
    "keras.activations.softmax", "keras.activations.log_softmax", "keras.ops.softmax", "keras.ops.log_softmax",
    "keras.ops.nn.softmax", "keras.ops.nn.log_softmax", "keras.layers.Softmax",
    "scipy.special.softmax", "scipy.special.log_softmax",
)


@contextlib.contextmanager
def forbidding(paths, *, name, hint=None):
    """Inside the block, a call to any function named in ``paths`` ("module.attribute") fails the check
    with one message: for exercises whose point is to write that function yourself."""
    saved = []

    def refusal(path):
        def refuse(*args, **kwargs):
            __tracebackhide__ = True
            try:
                _fail(name, "your own computation", f"a call to {path.replace('tensorflow.', 'tf.')}", hint)
            except AssertionError as err:
                err.from_check = True
                raise
        return refuse

    try:
        for path in paths:
            module_name, attribute = path.rsplit(".", 1)
            try:
                module = importlib.import_module(module_name)
            except ImportError:
                continue
            if hasattr(module, attribute):
                saved.append((module, attribute, getattr(module, attribute)))
                setattr(module, attribute, refusal(path))
        yield
    finally:
        for module, attribute, original in reversed(saved):
            setattr(module, attribute, original)


# --- errors raised while checking -------------------------------------------------------------

_LIBRARY_DIRS = tuple(os.path.realpath(p) + os.sep for p in {
    sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"],
    os.path.dirname(os.path.abspath(__file__)),
})


def _is_library(filename):
    if filename.startswith("<"):
        return not filename.startswith("<ipython-input")
    if "__autograph_generated" in filename:  # code tf.function generates from the student's own
        return True
    return os.path.realpath(filename).startswith(_LIBRARY_DIRS)


def _clean_message(err, limit=300):
    """The first useful line of an exception's message, without TensorFlow's node decorations."""
    text = str(err).strip()
    text = re.sub(r"\{\{function_node [^}]*\}\}\s*", "", text)
    text = re.sub(r"\s*\[Op:\w+\].*", "", text, flags=re.S)
    text = text.splitlines()[0].strip() if text else ""
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " ..."
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


_DTYPE_CLASH = re.compile(r"expected to be a (\w+) tensor but is a (\w+) tensor|"
                          r"Cannot convert .* to EagerTensor of dtype (\w+)|"
                          r"must have the same dtype|Tensor conversion requested dtype (\w+)")


def _error_hint(err):
    """A hint for the errors students meet most, or None."""
    message = str(err)
    if _DTYPE_CLASH.search(message):
        return ("TensorFlow never converts dtypes for you (NumPy does): two tensors of different dtypes "
                "met, e.g. float32 and float64, or a float and a bool mask. Convert one side with "
                "tf.cast(value, tf.float32), or compute everything in NumPy.")
    if isinstance(err, TypeError) and "unsupported operand" in message:
        return "an operator is missing for these operand types: see which operations the exercise asks for."
    if isinstance(err, TypeError) and "NoneType" in message:
        return "did a function return None? Each function must `return` its result."
    return None


class exercise:
    """Context manager for a check cell: turns every failure into one clear AssertionError."""

    def __init__(self, name, hint=None):
        self.name, self.hint = name, hint

    def __enter__(self):
        self._check_file = sys._getframe(1).f_code.co_filename
        _open.append(self)
        return self

    def __exit__(self, exc_type, err, tb):
        __tracebackhide__ = True
        _open.remove(self)
        if err is None or not isinstance(err, Exception):
            return False  # passed, or interrupted
        failure = self.verdict(err, tb)
        if failure is err:
            return False
        raise failure from None

    def verdict(self, err, tb):
        """The one clear error to show for ``err``: itself if it already is one, else an AssertionError."""
        if isinstance(err, NotImplementedError):  # still the stub: its TODO says what to do
            err._render_traceback_ = lambda: [f"\x1b[0;33m\u270e {self.name}: not written yet. {err}\x1b[0m"]
            err.verdict = "failed"
            return err
        frames = [f for f in traceback.extract_tb(tb) if not _is_library(f.filename)]
        innermost = frames[-1] if frames else None
        if isinstance(err, AssertionError) and (innermost is None or innermost.filename == self._check_file
                                                or getattr(err, "from_check", False)):
            return err  # a checker's verdict: already says what was expected and what came back
        message = _clean_message(err)
        raised_in_answer = innermost is not None and innermost.filename != self._check_file
        if raised_in_answer:
            where = "your function" if innermost.name != "<module>" else "your code"
            if innermost.name not in ("<module>", "<lambda>"):
                where = f"your {innermost.name}()"
            text = f"{self.name}: {where} raised {message}\n  at line {innermost.lineno}: {innermost.line}"
        else:
            text = f"{self.name}: the check could not use your answer: {message}"
            if innermost is not None and innermost.line:
                text += f"\n  in the check's line: {innermost.line}"
        hints = [h for h in (_error_hint(err), self.hint) if h]
        if hints:
            text += "\nHint: " + "\nHint: ".join(hints)
        return _failure(text, verdict="error" if raised_in_answer else "failed")


class part:
    """One part of an exercise's check (inside ``with checks.exercise(...)``), graded on its own."""

    def __init__(self, label):
        self.label = label

    def __enter__(self):
        return self

    def __exit__(self, exc_type, err, tb):
        __tracebackhide__ = True
        if err is not None and not isinstance(err, Exception):
            return False  # interrupted
        if _recorder is None:
            return False  # in a notebook: the exercise reports the first failure
        failure = None
        if err is not None:
            failure = _open[-1].verdict(err, tb) if _open else err
        _recorder(self.label, failure)
        return True  # grading: go on with the next part


__all__ = ["check_array", "check_at_least", "check_at_most", "check_equal", "check_model", "check_number",
           "check_shape", "exercise", "forbidding", "part", "SOFTMAX_FUNCTIONS"]
