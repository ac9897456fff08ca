"""Environment checks with one clear message each.

Runnable before the venv exists (``python3 labs_utils/doctor.py --python``), so the
Python check uses the standard library only.
"""
import sys

# TensorFlow 2.21 ships wheels for 3.10-3.13, but the pinned Keras 3.15, NumPy 2.4, scikit-learn 1.9,
# matplotlib 3.11 and ipykernel 7 need 3.11 or newer (Python 3.10 reached its end of life in October 2026).
SUPPORTED_PYTHON = ((3, 11), (3, 13))
MIN_TENSORFLOW = (2, 16)  # first TensorFlow whose `import keras` is Keras 3
TESTED = {"TensorFlow": "2.21.0", "Keras": "3.15.1"}  # requirements.txt's pins (a test keeps them equal)
_HOSTED_FIX = ('on Colab or Kaggle, run `%pip install -U "tensorflow>=2.16" "keras>=3"` in a cell '
               "and restart the runtime")


class SetupError(RuntimeError):
    """The environment cannot run the labs; the message says how to fix it."""


def _version_tuple(text):
    parts = []
    for piece in text.split(".")[:2]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


def check_python(version_info=None):
    """Raise SetupError unless this Python can install the pinned requirements."""
    version = tuple((version_info or sys.version_info)[:2])
    low, high = SUPPORTED_PYTHON
    if not low <= version <= high:
        why = ("the pinned TensorFlow 2.21, Keras 3.15 and NumPy 2.4 need" if version > high else
               "the pinned Keras 3.15, NumPy 2.4 and ipykernel 7 need")
        raise SetupError(
            f"Python {version[0]}.{version[1]} is not supported: {why} Python "
            f"{low[0]}.{low[1]}-{high[0]}.{high[1]}. Install one of those and run "
            "`make PYTHON=python3.12 lab` (or `make test`) with it."
        )


def check_tensorflow(tf_version=None, keras_version=None):
    """Raise SetupError unless TensorFlow >= 2.16 with Keras 3 is importable."""
    if tf_version is None or keras_version is None:
        try:
            import keras
            import tensorflow as tf
        except ImportError as err:
            raise SetupError(
                f"TensorFlow/Keras could not be imported ({err}). Run `make lab` from the "
                "repository root: it creates .venv with the pinned requirements."
            ) from None
        tf_version, keras_version = tf.__version__, keras.__version__
    if _version_tuple(tf_version) < MIN_TENSORFLOW:
        raise SetupError(
            f"TensorFlow {tf_version} is too old: the labs need TensorFlow >= "
            f"{MIN_TENSORFLOW[0]}.{MIN_TENSORFLOW[1]} (Keras 3). Run "
            f"`pip install -r requirements.txt` in your environment, use `make lab`, or {_HOSTED_FIX}."
        )
    if _version_tuple(keras_version)[0] != 3:
        raise SetupError(
            f"Keras {keras_version} found, but the labs are written for Keras 3. Uninstall "
            f"tf-keras/keras 2 and run `pip install -r requirements.txt`, or {_HOSTED_FIX}."
        )


def support_note(tf_version, keras_version):
    """What setup() says about the versions it found (they passed check_tensorflow)."""
    found = {"TensorFlow": tf_version, "Keras": keras_version}
    if found == TESTED:
        return "These are the versions the course is tested with."
    tested = " and ".join(f"{name} {version}" for name, version in TESTED.items())
    return (f"Supported (TensorFlow >= {MIN_TENSORFLOW[0]}.{MIN_TENSORFLOW[1]} with Keras 3), but the course "
            f"is tested with {tested}: expect printed numbers to differ in their last digits, and "
            "trained accuracies slightly; the exercise checks allow for that.")


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    try:
        check_python()
        if "--python" not in args:
            from labs_utils.environment import quiet_tensorflow_import

            try:
                quiet_tensorflow_import()  # without TensorFlow's native start-up log lines
            except ImportError:
                pass  # reported by check_tensorflow()
            check_tensorflow()
    except SetupError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
