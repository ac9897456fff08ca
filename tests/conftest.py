import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))

# Hermetic caches for the whole run (and the notebook kernels it starts): Keras reads KERAS_HOME
# when first imported, so this must happen before anything imports keras.
_CACHE = tempfile.mkdtemp(prefix="labs-test-cache-")
os.environ["KERAS_HOME"] = os.path.join(_CACHE, "keras")
os.environ["TFDS_DATA_DIR"] = os.path.join(_CACHE, "tfds")
os.environ.setdefault("LABS_PROFILE", "quick")
os.environ.pop("LABS_DATA_DIR", None)
os.environ.pop("LABS_METRICS_FILE", None)


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_CACHE, ignore_errors=True)


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A writable copy of the vendored data folder, selected through LABS_DATA_DIR."""
    root = tmp_path / "data"
    for folder in ("fashion-mnist", "mnist"):
        shutil.copytree(ROOT / "data" / folder, root / folder)
    monkeypatch.setenv("LABS_DATA_DIR", str(root))
    return root
