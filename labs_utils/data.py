"""Offline datasets: Fashion-MNIST and MNIST from the vendored files, hash-checked."""
import filecmp
import gzip
import hashlib
import os
import shutil
import tempfile
import zlib
from pathlib import Path

import numpy as np

from .profiles import resolve_seed

DATA_DIR_ENV = "LABS_DATA_DIR"
REPO_DATA_DIR = Path(__file__).resolve().parent.parent / "data"   # a checkout
PACKAGE_DATA_DIR = Path(__file__).resolve().parent / "datasets"    # an installed wheel (the same files)

# sha256 of each file's decompressed bytes, as published for Fashion-MNIST.
FASHION_MNIST_FILES = {
    "train-images-idx3-ubyte.gz": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    "train-labels-idx1-ubyte.gz": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    "t10k-images-idx3-ubyte.gz": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    "t10k-labels-idx1-ubyte.gz": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
}
# sha256 of each file's decompressed bytes, as recorded when MNIST was vendored (data/README.md).
MNIST_FILES = {
    "train-images-idx3-ubyte.gz": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte.gz": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte.gz": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte.gz": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}

FASHION_MNIST_CLASS_NAMES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)

_FIX_DEBIAN = "or install Debian's dataset-fashion-mnist package and set LABS_DATA_DIR=/usr/share/datasets."
_verified = set()  # (path, size, mtime) of files already hashed in this process


class DataError(RuntimeError):
    """A dataset file is missing, corrupt or cannot be fetched; the message says how to fix it."""


def data_dir():
    """The data root: ``$LABS_DATA_DIR`` if set, else the package's own copy (an installed course),
    else the repository's ``data/``."""
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV])
    return PACKAGE_DATA_DIR if PACKAGE_DATA_DIR.is_dir() else REPO_DATA_DIR


def _fix(folder="fashion-mnist", title="Fashion-MNIST"):
    """How to get a dataset's files back, for where they were looked for."""
    root = data_dir()
    debian = _FIX_DEBIAN if folder == "fashion-mnist" else ""
    if os.environ.get(DATA_DIR_ENV):
        return (f"Put the four {title} files in {root / folder} (LABS_DATA_DIR={root})"
                + (f", {debian}" if debian else ", or unset LABS_DATA_DIR to use the course's own copy."))
    if root == PACKAGE_DATA_DIR:
        return ("Reinstall the course package (`pip install --force-reinstall labs_utils ...`)"
                + (f", {debian}" if debian else "."))
    return f"Restore it with `git checkout -- data/{folder}`" + (f", {debian}" if debian else ".")


def _fix_fashion():
    return _fix("fashion-mnist", "Fashion-MNIST")


def _sha256(path, *, gunzip=False):
    digest = hashlib.sha256()
    opener = gzip.open if gunzip else open
    with opener(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _verify(path, expected, *, gunzip, fix):
    """Raise DataError unless ``path`` exists and hashes to ``expected``."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"Missing data file {path}. {fix}")
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key in _verified:
        return
    try:
        actual = _sha256(path, gunzip=gunzip)
    except (OSError, EOFError, zlib.error) as err:  # gzip.BadGzipFile is an OSError
        raise DataError(f"Corrupt data file {path} ({err}). {fix}") from None
    if actual != expected:
        raise DataError(f"Corrupt data file {path} (sha256 {actual[:12]}..., expected "
                        f"{expected[:12]}...). {fix}")
    _verified.add(key)


def keras_cache_dir(subdir):
    """The folder where ``keras.utils.get_file`` caches ``datasets/...`` files."""
    try:
        from keras.src.backend.config import keras_home  # private, but it is what get_file uses
        base = keras_home()
    except ImportError:
        base = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    base = os.path.expanduser(base)
    if not os.access(base, os.W_OK):
        base = os.path.join(tempfile.gettempdir(), ".keras")  # get_file's own fallback
    return Path(base) / subdir


def _seed_cache(src, cache_dir):
    """Copy ``src`` into Keras's cache atomically, replacing any stale or partial copy."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_dir / src.name
    if target.is_file() and filecmp.cmp(src, target, shallow=False):
        return
    fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=f".{src.name}.")
    os.close(fd)
    try:
        shutil.copyfile(src, tmp)
        os.replace(tmp, target)  # readers never see a half-written file
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _discard_bad_copy(path, expected, *, gunzip):
    try:
        _verify(path, expected, gunzip=gunzip, fix="")
    except DataError:
        if Path(path).exists():
            os.remove(path)


def load_fashion_mnist():
    """Fashion-MNIST as ``((x_train, y_train), (x_test, y_test))``, uint8, offline.

    The vendored files are verified, seeded into Keras's cache and read by
    ``keras.datasets.fashion_mnist.load_data()`` itself.
    """
    src_dir = data_dir() / "fashion-mnist"
    cache_dir = keras_cache_dir(os.path.join("datasets", "fashion-mnist"))
    for name, sha in FASHION_MNIST_FILES.items():
        try:
            _verify(src_dir / name, sha, gunzip=True, fix=_fix_fashion())
        except DataError:
            _discard_bad_copy(cache_dir / name, sha, gunzip=True)
            raise
        _seed_cache(src_dir / name, cache_dir)

    import keras

    return keras.datasets.fashion_mnist.load_data()


def _read_idx(path):
    """An IDX file (the MNIST format, gzipped) as a uint8 array of the shape its header gives."""
    with gzip.open(path, "rb") as fh:
        raw = fh.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_mnist():
    """MNIST digits as ``((x_train, y_train), (x_test, y_test))``, uint8, offline, always.

    The arrays ``keras.datasets.mnist.load_data()`` returns (60,000 and 10,000 images of 28 x 28, labels
    0-9), read from the four original files vendored in ``data/mnist`` after checking their hashes.
    """
    folder = data_dir() / "mnist"
    fix = _fix("mnist", "MNIST")
    for name, sha in MNIST_FILES.items():
        _verify(folder / name, sha, gunzip=True, fix=fix)
    x_train, y_train, x_test, y_test = (_read_idx(folder / f"{split}-{kind}-idx{dim}-ubyte.gz")
                                        for split in ("train", "t10k")
                                        for kind, dim in (("images", 3), ("labels", 1)))
    return (x_train, y_train), (x_test, y_test)


def _check_pair(x, y):
    if y is not None and len(x) != len(y):
        raise ValueError(f"x and y must have the same length; got {len(x)} images and {len(y)} labels")


def train_val_split(x, y, *, val_size=5000, seed=None):
    """Split off a class-stratified validation set: ``(x_train, y_train), (x_val, y_val)``."""
    from sklearn.model_selection import train_test_split

    _check_pair(x, y)
    x_train, x_val, y_train, y_val = train_test_split(
        x, y, test_size=val_size, random_state=resolve_seed(seed), stratify=y)
    return (x_train, y_train), (x_val, y_val)


def take_subset(x, y, n, *, seed=None):
    """A seeded, class-stratified subset of ``n`` examples (all of them when ``n`` is None)."""
    _check_pair(x, y)
    if n is None or n >= len(x):
        return x, y
    if n < 1:
        raise ValueError(f"subset size must be at least 1, got {n}")
    from sklearn.model_selection import train_test_split

    stratify = y if n >= len(np.unique(y)) else None
    x_sub, _, y_sub, _ = train_test_split(x, y, train_size=n, random_state=resolve_seed(seed), stratify=stratify)
    return x_sub, y_sub


def make_dataset(x, y=None, *, batch_size=32, shuffle=False, seed=None, cache=True, map_fn=None, repeat=False):
    """A ``tf.data`` pipeline: (map) -> cache -> seeded shuffle -> (repeat) -> batch -> prefetch.

    Pass it to ``fit`` instead of NumPy arrays for large data: it is built once, whereas Keras
    rebuilds its own pipeline from arrays every epoch. ``repeat=True`` makes it endless, reshuffled on
    every pass (``fit`` then needs ``steps_per_epoch``).
    """
    import tensorflow as tf

    _check_pair(x, y)
    if batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size}")
    ds = tf.data.Dataset.from_tensor_slices(x if y is None else (x, y))
    if map_fn is not None:
        ds = ds.map(map_fn, num_parallel_calls=tf.data.AUTOTUNE)
    if cache:
        ds = ds.cache()  # after the map, so the preprocessing runs once
    if shuffle:
        ds = ds.shuffle(len(x), seed=resolve_seed(seed), reshuffle_each_iteration=True)
    if repeat:
        ds = ds.repeat()
    # No tf.data autotuning: its background thread can hold up the end of every epoch for seconds
    # (measured: up to 20 s per epoch in lab 08; see benchmarks/README.md). A fixed prefetch of two
    # batches is all an in-memory dataset needs to keep the model busy.
    options = tf.data.Options()
    options.autotune.enabled = False
    return ds.batch(batch_size).prefetch(2).with_options(options)


def _prepare(loaded, n_train, val_size, seed):
    (x_full, y_full), (x_test, y_test) = loaded
    (x_train, y_train), (x_valid, y_valid) = train_val_split(x_full, y_full, val_size=val_size, seed=seed)
    x_train, y_train = take_subset(x_train, y_train, n_train, seed=seed)
    return tuple((x.astype(np.float32) / 255.0, y.astype(np.int64))
                 for x, y in ((x_train, y_train), (x_valid, y_valid), (x_test, y_test)))


def prepare_fashion_mnist(n_train=None, *, val_size=5000, seed=None):
    """Scaled splits ready for training: ``(x_train, y_train), (x_valid, y_valid), (x_test, y_test)``.

    Images are float32 in [0, 1], labels int64; the validation set is stratified and seeded, and
    ``n_train`` (None for all 55,000) takes a stratified subset of what remains for training.
    """
    return _prepare(load_fashion_mnist(), n_train, val_size, seed)


def prepare_mnist(n_train=None, *, val_size=5000, seed=None):
    """The same splits as ``prepare_fashion_mnist``, of MNIST digits."""
    return _prepare(load_mnist(), n_train, val_size, seed)
