"""The one call at the top of every notebook."""
import contextlib
import os
import platform
import random
import sys
import warnings


@contextlib.contextmanager
def _native_stderr_silenced():
    """Send file descriptor 2 to /dev/null while TensorFlow's native code starts up.

    TensorFlow logs through absl before absl is initialised, and such lines ignore
    TF_CPP_MIN_LOG_LEVEL (oneDNN notice, CUDA probing); Python's own sys.stderr is untouched.
    """
    try:
        saved = os.dup(2)
    except OSError:  # no usable fd 2 (some embedded interpreters): nothing to silence
        yield
        return
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def quiet_tensorflow_import():
    """Import TensorFlow and probe devices once, without its start-up log lines."""
    if "tensorflow" in sys.modules:
        import tensorflow as tf
        return tf
    with _native_stderr_silenced():
        import tensorflow as tf
        tf.config.list_physical_devices()  # the CUDA probe logs here on machines without a GPU
    return tf


def _configure_devices(tf):
    """Turn on memory growth for every GPU and describe the device the labs will use."""
    from .report import instruction_set, onednn_enabled

    gpus = tf.config.list_physical_devices("GPU")
    if not gpus:
        onednn = {True: ", oneDNN on", False: ", oneDNN off"}.get(onednn_enabled(), "")
        return f"CPU ({os.cpu_count()} cores, {instruction_set()}{onednn})"
    names = []
    for gpu in gpus:
        try:
            # Without growth TensorFlow reserves the whole card at the first op.
            tf.config.experimental.set_memory_growth(gpu, True)
        except RuntimeError:
            pass  # already initialised in this kernel (setup() run twice): growth is set or fixed
        details = tf.config.experimental.get_device_details(gpu)
        names.append(details.get("device_name", gpu.name))
    return "GPU: " + ", ".join(names) + " (memory growth on)"


def _env_flag(name):
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def on_gpu():
    """True when TensorFlow sees a GPU (then Keras places every op on it by default)."""
    import tensorflow as tf

    return bool(tf.config.list_physical_devices("GPU"))


def device_batch_size(batch_size):
    """``batch_size`` times ``LABS_GPU_BATCH_SCALE`` on a GPU; unchanged on a CPU.

    A GPU is starved by the small batches a CPU likes. The scale defaults to 1 so that the recorded
    numbers and floors hold everywhere; ``LABS_GPU_BATCH_SCALE=4`` trades them for speed.
    """
    if not on_gpu():
        return batch_size
    raw = os.environ.get("LABS_GPU_BATCH_SCALE", "1")
    try:
        scale = int(raw)
    except ValueError:
        scale = 0
    if scale < 1:
        raise ValueError(f"LABS_GPU_BATCH_SCALE must be a positive integer, got {raw!r}")
    return batch_size * scale


def _configure_precision(keras, gpu):
    """float32 everywhere, unless LABS_MIXED_PRECISION asks for float16 compute on a GPU."""
    if _env_flag("LABS_MIXED_PRECISION") and gpu:
        keras.mixed_precision.set_global_policy("mixed_float16")
        return " | mixed precision (float16 compute, float32 weights)"
    keras.mixed_precision.set_global_policy("float32")   # a CPU gains nothing from float16
    return " | LABS_MIXED_PRECISION ignored: no GPU" if _env_flag("LABS_MIXED_PRECISION") else ""


def _plot_defaults():
    import matplotlib as mpl

    mpl.rcParams.update({
        "figure.figsize": (7.0, 4.0),
        "figure.dpi": 90,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "image.cmap": "binary",
    })


def setup(seed=None):
    """Seed everything, make ops deterministic, quiet TensorFlow, set plot defaults.

    ``seed`` defaults to ``LABS_SEED`` (else 42). Prints the versions, the device, the profile and the
    seed. The promise is exact: the same profile
    and seed on the same machine with the same library versions give the same numbers every run.
    Another CPU, a GPU or another TensorFlow changes float32 results in their last digits, and a
    training run can amplify that into slightly different accuracies.
    """
    from .doctor import check_python, check_tensorflow, support_note  # TF_CPP_MIN_LOG_LEVEL: see __init__
    from .profiles import current_profile, resolve_seed

    check_python()
    profile = current_profile()
    seed = resolve_seed(seed)
    try:
        quiet_tensorflow_import()  # quietly, before anything else imports it
    except ImportError:
        pass  # check_tensorflow() turns this into one clear message
    check_tensorflow()
    import keras
    import numpy as np
    import tensorflow as tf

    tf.get_logger().setLevel("ERROR")
    # Keras warns on every fit() with a tf.data pipeline, which the labs shuffle themselves.
    warnings.filterwarnings("ignore", message=r"`shuffle=True` was passed")
    random.seed(seed)
    keras.utils.set_random_seed(seed)  # Python, NumPy and TensorFlow in one call
    tf.config.experimental.enable_op_determinism()
    device = _configure_devices(tf)
    device += _configure_precision(keras, gpu=device.startswith("GPU"))
    _plot_defaults()
    from .findings import register_prose_magic

    register_prose_magic()   # %%prose cells: markdown with {fields} from the run
    print(f"TensorFlow {tf.__version__} | Keras {keras.__version__} | NumPy {np.__version__} | "
          f"Python {platform.python_version()}\n{support_note(tf.__version__, keras.__version__)}\n"
          f"Device: {device} | profile: {profile} | seed: {seed}")
