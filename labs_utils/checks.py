"""Exercise checkers: a pass prints one line, a failure raises AssertionError.

The message says what was expected, what came back and, when given, a hint.
"""
import numbers

import numpy as np

PASS_MARK = "\u2714"  # a check mark


def _fail(name, expected, got, hint=None):
    msg = f"{name}: expected {expected}, got {got}."
    if hint:
        msg += f"\nHint: {hint}"
    raise AssertionError(msg)


def _passed(name, detail=""):
    print(f"{PASS_MARK} {name}: correct{detail}")


def _summary(value, limit=6):
    if value is None:
        return "None (did the function return its result?)"
    arr = np.asarray(value)
    if arr.ndim == 0 or arr.size <= limit:
        return np.array2string(arr, precision=5, separator=", ")
    return f"array of shape {arr.shape}"


def _to_numpy(value, name, hint):
    if value is None:
        _fail(name, "an array or tensor", _summary(None), hint)
    if hasattr(value, "numpy"):  # eager tensors and variables
        value = value.numpy()
    try:
        return np.asarray(value)
    except Exception:  # ragged lists, arbitrary objects
        _fail(name, "an array or tensor", f"an object of type {type(value).__name__}", hint)


def check_number(got, expected, *, name="value", rtol=1e-6, atol=1e-9, hint=None):
    """Check a scalar against ``expected`` within tolerance."""
    if isinstance(got, bool) or got is None:
        _fail(name, expected, _summary(got) if got is None else repr(got), hint)
    if hasattr(got, "numpy"):
        got = got.numpy()
    if isinstance(got, np.ndarray):
        if got.size != 1:
            _fail(name, f"a single number ({expected})", f"an array of shape {got.shape}", hint)
        got = got.item()
    if not isinstance(got, (numbers.Number, np.number)):
        _fail(name, f"a number ({expected})", f"an object of type {type(got).__name__}", hint)
    if not np.isclose(float(got), float(expected), rtol=rtol, atol=atol):
        _fail(name, f"{expected:.6g}", f"{float(got):.6g}", hint)
    _passed(name)


def check_shape(got, expected, *, name="shape", hint=None):
    """Check an array/tensor's shape (or a shape itself); ``None`` in ``expected`` matches any size."""
    if got is None:
        _fail(name, f"shape {tuple(expected)}", _summary(None), hint)
    if hasattr(got, "shape") and not isinstance(got, tuple):
        shape = got.shape
    else:
        shape = got
    try:
        shape = tuple(None if d is None else int(d) for d in shape)
    except TypeError:
        _fail(name, f"shape {tuple(expected)}", f"an object of type {type(got).__name__}", hint)
    expected = tuple(expected)
    if len(shape) != len(expected) or any(e is not None and e != s for e, s in zip(expected, shape)):
        _fail(name, f"shape {expected}", f"shape {shape}", hint)
    _passed(name, f" (shape {shape})")


def check_array(got, expected, *, name="array", rtol=1e-5, atol=1e-6, dtype=None, hint=None):
    """Check an array or tensor: same shape, optional dtype kind, values within tolerance."""
    got_arr = _to_numpy(got, name, hint)
    exp_arr = np.asarray(expected.numpy() if hasattr(expected, "numpy") else expected)
    if got_arr.shape != exp_arr.shape:
        _fail(name, f"shape {exp_arr.shape}", f"shape {got_arr.shape}", hint)
    if dtype is not None and got_arr.dtype != np.dtype(dtype):
        _fail(name, f"dtype {np.dtype(dtype)}", f"dtype {got_arr.dtype}", hint)
    if not np.issubdtype(got_arr.dtype, np.number) and got_arr.dtype != bool:
        _fail(name, "numeric values", f"dtype {got_arr.dtype}", hint)
    close = np.isclose(got_arr.astype(np.float64), exp_arr.astype(np.float64), rtol=rtol, atol=atol)
    if not close.all():
        idx = tuple(int(i) for i in np.argwhere(~close)[0])
        where = f" at index {idx}" if idx else ""
        _fail(name, f"{exp_arr[idx]!r}{where}",
              f"{got_arr[idx]!r} ({int((~close).sum())} of {close.size} values differ)", hint)
    _passed(name)


def _layer_kind(layer):
    return type(layer).__name__


def check_model(model, *, layer_types=None, output_shape=None, n_params=None, name="model", hint=None):
    """Check a Keras model's layer kinds (in order), output shape and parameter count."""
    import keras

    if not isinstance(model, keras.Model):
        _fail(name, "a keras.Model", "None" if model is None else f"a {type(model).__name__}", hint)
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
