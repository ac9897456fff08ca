import gzip
import hashlib
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from labs_utils import data
from labs_utils.data import DataError

# The decompressed sha256 of each file, as given for Fashion-MNIST (independent of data.py).
PUBLISHED = {
    "train-images-idx3-ubyte.gz": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    "train-labels-idx1-ubyte.gz": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    "t10k-images-idx3-ubyte.gz": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    "t10k-labels-idx1-ubyte.gz": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
}


def _read_idx(path):
    """Parse an IDX file by hand, to check Keras's loader against an independent reader."""
    raw = gzip.decompress(path.read_bytes())
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def _cache():
    return data.keras_cache_dir(os.path.join("datasets", "fashion-mnist"))


def test_vendored_files_match_published_hashes():
    folder = data.REPO_DATA_DIR / "fashion-mnist"
    assert sorted(p.name for p in folder.glob("*.gz")) == sorted(PUBLISHED)
    for name, sha in PUBLISHED.items():
        assert hashlib.sha256(gzip.decompress((folder / name).read_bytes())).hexdigest() == sha
    assert data.FASHION_MNIST_FILES == PUBLISHED


def test_load_fashion_mnist_goes_through_keras_and_matches_the_files():
    (x_train, y_train), (x_test, y_test) = data.load_fashion_mnist()
    folder = data.REPO_DATA_DIR / "fashion-mnist"
    assert x_train.shape == (60000, 28, 28) and x_train.dtype == np.uint8
    assert x_test.shape == (10000, 28, 28) and y_test.shape == (10000,)
    np.testing.assert_array_equal(x_train, _read_idx(folder / "train-images-idx3-ubyte.gz"))
    np.testing.assert_array_equal(y_test, _read_idx(folder / "t10k-labels-idx1-ubyte.gz"))
    assert np.bincount(y_train).tolist() == [6000] * 10
    # Keras's own loader now runs offline from the seeded cache.
    import keras

    (k_train, _), _ = keras.datasets.fashion_mnist.load_data()
    np.testing.assert_array_equal(k_train, x_train)
    assert len(data.FASHION_MNIST_CLASS_NAMES) == 10


def test_labs_data_dir_overrides_the_folder(data_copy):
    assert data.data_dir() == data_copy
    (x_train, _), _ = data.load_fashion_mnist()
    assert x_train.shape == (60000, 28, 28)


def test_missing_file_names_it_and_says_how_to_fix(data_copy):
    (data_copy / "fashion-mnist" / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(DataError) as info:
        data.load_fashion_mnist()
    message = str(info.value)
    assert "Missing data file" in message and "t10k-labels-idx1-ubyte.gz" in message
    assert f"Put the four Fashion-MNIST files in {data_copy / 'fashion-mnist'}" in message
    assert "LABS_DATA_DIR" in message and len(message.splitlines()) == 1


def test_the_data_is_found_in_a_checkout_or_an_installed_package(tmp_path, monkeypatch):
    """No LABS_DATA_DIR: an installed wheel's labs_utils/datasets wins, else the checkout's data/."""
    monkeypatch.setattr(data, "PACKAGE_DATA_DIR", tmp_path / "not-installed")
    assert data.data_dir() == data.REPO_DATA_DIR
    assert "git checkout -- data/fashion-mnist" in data._fix_fashion()
    installed = tmp_path / "site-packages" / "labs_utils" / "datasets"
    (installed / "fashion-mnist").mkdir(parents=True)
    monkeypatch.setattr(data, "PACKAGE_DATA_DIR", installed)
    assert data.data_dir() == installed
    with pytest.raises(DataError, match=r"Missing data file .*site-packages.*Reinstall the course package"):
        data.load_fashion_mnist()


@pytest.mark.parametrize("damage", ["truncate", "flip", "not-gzip"])
def test_corrupt_file_is_refused_and_no_corrupt_copy_is_cached(data_copy, damage):
    name = "train-labels-idx1-ubyte.gz"
    path = data_copy / "fashion-mnist" / name
    raw = bytearray(path.read_bytes())
    if damage == "truncate":
        path.write_bytes(raw[: len(raw) // 2])
    elif damage == "flip":
        path.write_bytes(gzip.compress(gzip.decompress(raw)[:-1] + b"\x07"))
    else:
        path.write_bytes(b"this is not a gzip file")
    # A corrupt copy already in Keras's cache (e.g. an interrupted download) must go too.
    _cache().mkdir(parents=True, exist_ok=True)
    (_cache() / name).write_bytes(path.read_bytes())
    with pytest.raises(DataError, match=f"Corrupt data file .*{name}"):
        data.load_fashion_mnist()
    assert not (_cache() / name).exists()


def test_stale_cache_copy_is_replaced_atomically():
    data.load_fashion_mnist()
    name = "t10k-labels-idx1-ubyte.gz"
    (_cache() / name).write_bytes(b"half a download")
    _, (_, y_test) = data.load_fashion_mnist()
    assert y_test.shape == (10000,)
    assert sorted(p.name for p in _cache().iterdir()) == sorted(PUBLISHED)  # no temp files left


# MNIST's hashes as its vendoring README gives them (independent of data.py).
MNIST_PUBLISHED = {
    "train-images-idx3-ubyte.gz": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte.gz": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte.gz": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte.gz": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}


def test_vendored_mnist_is_the_real_mnist():
    folder = data.REPO_DATA_DIR / "mnist"
    assert sorted(p.name for p in folder.glob("*.gz")) == sorted(MNIST_PUBLISHED) == sorted(data.MNIST_FILES)
    for name, sha in MNIST_PUBLISHED.items():
        assert hashlib.sha256(gzip.decompress((folder / name).read_bytes())).hexdigest() == sha
    (x_train, y_train), (x_test, y_test) = data.load_mnist()
    # The shapes and dtypes keras.datasets.mnist.load_data() returns, read independently of data.py.
    assert (x_train.shape, x_train.dtype, y_train.shape, y_train.dtype) == ((60000, 28, 28), np.uint8, (60000,), np.uint8)
    assert (x_test.shape, x_test.dtype, y_test.shape) == ((10000, 28, 28), np.uint8, (10000,))
    np.testing.assert_array_equal(x_test, _read_idx(folder / "t10k-images-idx3-ubyte.gz"))
    np.testing.assert_array_equal(y_train, _read_idx(folder / "train-labels-idx1-ubyte.gz"))
    # What every MNIST pipeline knows about the real data: the label counts and the pixel statistics.
    assert np.bincount(y_train).tolist() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    assert np.bincount(y_test).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    pixels = x_train / 255.0
    assert round(float(pixels.mean()), 4) == 0.1307 and round(float(pixels.std()), 4) == 0.3081


def test_prepare_mnist_splits_like_fashion_mnist():
    (x_tr, y_tr), (x_val, y_val), (x_te, y_te) = data.prepare_mnist(1000, val_size=500, seed=3)
    assert x_tr.shape == (1000, 28, 28) and x_val.shape == (500, 28, 28) and x_te.shape == (10000, 28, 28)
    assert x_tr.dtype == np.float32 and y_tr.dtype == np.int64 and 0 <= x_tr.min() and x_tr.max() <= 1
    assert abs(np.bincount(y_val)[1] - 500 * 6742 / 60000) <= 1     # stratified


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_a_missing_or_corrupt_mnist_file_is_one_clear_message(data_copy, damage):
    path = data_copy / "mnist" / "t10k-labels-idx1-ubyte.gz"
    if damage == "missing":
        path.unlink()
    else:
        path.write_bytes(gzip.compress(gzip.decompress(path.read_bytes())[:-1] + b"\x07"))
    with pytest.raises(DataError) as info:
        data.load_mnist()
    message = str(info.value)
    assert ("Missing data file" if damage == "missing" else "Corrupt data file") in message
    assert "t10k-labels-idx1-ubyte.gz" in message and len(message.splitlines()) == 1
    assert f"Put the four MNIST files in {data_copy / 'mnist'}" in message


def _toy(n=1000, n_classes=10):
    rng = np.random.default_rng(1)
    return rng.integers(0, 256, size=(n, 4, 4), dtype=np.uint8), np.repeat(np.arange(n_classes), n // n_classes)


def test_train_val_split_is_seeded_stratified_and_disjoint():
    x, y = _toy()
    (x_tr, y_tr), (x_val, y_val) = data.train_val_split(x, y, val_size=200, seed=3)
    assert len(x_val) == 200 and len(x_tr) == 800
    assert np.bincount(y_val).tolist() == [20] * 10
    (x_tr2, _), (x_val2, _) = data.train_val_split(x, y, val_size=200, seed=3)
    np.testing.assert_array_equal(x_val, x_val2)
    (_, _), (x_val3, _) = data.train_val_split(x, y, val_size=200, seed=4)
    assert not np.array_equal(x_val, x_val3)
    seen = {a.tobytes() for a in x_tr}
    assert not any(a.tobytes() in seen for a in x_val)


def test_take_subset():
    x, y = _toy()
    xs, ys = data.take_subset(x, y, 100, seed=0)
    assert len(xs) == 100 and np.bincount(ys).tolist() == [10] * 10
    np.testing.assert_array_equal(xs, data.take_subset(x, y, 100, seed=0)[0])
    assert data.take_subset(x, y, None)[0] is x
    assert len(data.take_subset(x, y, 5)[0]) == 5  # fewer than the classes: plain random
    with pytest.raises(ValueError, match="at least 1"):
        data.take_subset(x, y, 0)
    with pytest.raises(ValueError, match="same length"):
        data.take_subset(x, y[:10], 5)


def test_make_dataset_batches_shuffles_with_seed_and_reshuffles_each_epoch():
    x = np.arange(100, dtype=np.float32).reshape(100, 1)
    y = np.arange(100)
    ds = data.make_dataset(x, y, batch_size=32, shuffle=True, seed=7, map_fn=lambda a, b: (a * 2, b))
    batches = list(ds)
    assert [b[0].shape[0] for b in batches] == [32, 32, 32, 4]
    epoch1 = np.concatenate([b[1].numpy() for b in batches])
    epoch2 = np.concatenate([b[1].numpy() for b in ds])
    assert sorted(epoch1.tolist()) == list(range(100)) and not np.array_equal(epoch1, epoch2)
    np.testing.assert_array_equal(batches[0][0].numpy()[:, 0], 2 * batches[0][1].numpy())
    again = data.make_dataset(x, y, batch_size=32, shuffle=True, seed=7)
    np.testing.assert_array_equal(np.concatenate([b[1].numpy() for b in again]), epoch1)
    plain = data.make_dataset(x, batch_size=50)
    np.testing.assert_array_equal(next(iter(plain)).numpy(), x[:50])
    assert plain.options().autotune.enabled is False    # its thread stalls epoch ends (issue 6)


def test_make_dataset_rejects_mismatched_inputs():
    with pytest.raises(ValueError, match="same length"):
        data.make_dataset(np.zeros((10, 2)), np.zeros(9))
    with pytest.raises(ValueError, match="batch_size"):
        data.make_dataset(np.zeros((10, 2)), batch_size=0)


def test_tfds_builder_prepares_offline_says_so_and_slices(tmp_path):
    """The first tfds.load prepares the dataset from the vendored files, in a fresh TFDS folder."""
    code = ("import labs_utils\nlabs_utils.setup()\n"
            "import json, numpy as np, tensorflow_datasets as tfds\nimport labs_utils.tfds_data\n"
            "train_90 = tfds.load('labs_fashion_mnist', split='train[:90%]', as_supervised=True)\n"
            "images, labels = tfds.as_numpy(tfds.load('labs_fashion_mnist', split='test', as_supervised=True,"
            " batch_size=-1))\n"
            "print(json.dumps([int(train_90.cardinality()), list(images.shape), np.bincount(labels).tolist(),"
            " int(images.astype(np.int64).sum())]))\n")
    env = dict(os.environ, TFDS_DATA_DIR=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = proc.stdout + proc.stderr
    assert "Preparing labs_fashion_mnist from " in out and "(no download;" in out
    assert "Downloading" not in out and "dataset_info.json" not in out and "Unknown size" not in out
    assert "WARNING" not in out, out   # TFDS's absl warnings are filtered
    n_train_90, shape, counts, pixel_sum = json.loads(proc.stdout.strip().splitlines()[-1])
    _, (x_test, y_test) = data.load_fashion_mnist()
    assert n_train_90 == 54000 and shape == [10000, 28, 28, 1]
    assert counts == np.bincount(y_test).tolist() and pixel_sum == int(x_test.astype(np.int64).sum())
