import json
import os
import subprocess
import sys

import pytest

from labs_utils import choose, current_profile, record_metric
from labs_utils.doctor import TESTED, SetupError, check_python, check_tensorflow, support_note

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_profiles(monkeypatch):
    monkeypatch.delenv("LABS_PROFILE", raising=False)
    assert current_profile() == "full" and choose(quick=1, full=30) == 30
    monkeypatch.setenv("LABS_PROFILE", "quick")
    assert current_profile() == "quick" and choose(quick=1, full=30) == 1
    monkeypatch.setenv("LABS_PROFILE", " FULL ")
    assert current_profile() == "full"
    monkeypatch.setenv("LABS_PROFILE", "fast")
    with pytest.raises(ValueError, match="LABS_PROFILE='fast' is not a profile; use one of quick, full"):
        choose(quick=1, full=2)


def test_python_and_tensorflow_versions():
    check_python((3, 11))
    check_python((3, 13))
    check_python((3, 12))
    for bad in ((3, 9), (3, 10), (3, 14)):
        with pytest.raises(SetupError, match=rf"Python 3.{bad[1]} is not supported: .* need Python 3.11-3.13"):
            check_python(bad)
    check_tensorflow("2.21.0", "3.15.1")
    check_tensorflow()  # the installed versions
    with pytest.raises(SetupError, match="TensorFlow 2.15.1 is too old"):
        check_tensorflow("2.15.1", "2.15.0")
    with pytest.raises(SetupError, match="Keras 2.15.0 found.*on Colab or Kaggle, run `%pip install"):
        check_tensorflow("2.16.1", "2.15.0")


def test_setup_says_whether_the_versions_found_are_the_tested_ones():
    pins = dict(line.strip().split("==") for line in open(os.path.join(ROOT, "requirements.txt")) if "==" in line)
    assert TESTED == {"TensorFlow": pins["tensorflow"], "Keras": pins["keras"]}
    assert support_note(pins["tensorflow"], pins["keras"]) == "These are the versions the course is tested with."
    colab = support_note("2.19.0", "3.10.0")   # what a hosted notebook may have preinstalled
    assert colab.startswith("Supported (TensorFlow >= 2.16 with Keras 3), but the course is tested with "
                            "TensorFlow 2.21.0 and Keras 3.15.1")


def test_doctor_script_gives_one_line_and_exit_code():
    ok = subprocess.run([sys.executable, "labs_utils/doctor.py", "--python"], cwd=ROOT,
                        capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stderr == ""
    code = ("import sys, runpy; sys.version_info = (3, 9, 0, 'final', 0); "
            "sys.argv = ['doctor.py', '--python']; runpy.run_path('labs_utils/doctor.py', run_name='__main__')")
    bad = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 1
    assert bad.stderr.strip().splitlines() == [bad.stderr.strip()]
    assert bad.stderr.startswith("error: Python 3.9 is not supported")


SNIPPET = """
import labs_utils
labs_utils.setup(seed=7)
import random, keras, numpy as np, tensorflow as tf
layer = keras.layers.Dense(3)
layer.build((None, 4))
print("NUMBERS", random.random(), np.random.rand(), float(tf.random.uniform(())),
      float(tf.reduce_sum(layer.kernel)))
"""


def _run_setup(profile):
    env = dict(os.environ, LABS_PROFILE=profile)
    return subprocess.run([sys.executable, "-c", SNIPPET], capture_output=True, text=True, env=env, cwd=ROOT)


def test_setup_prints_versions_and_gives_the_same_numbers_twice():
    first, second = _run_setup("quick"), _run_setup("quick")
    assert first.returncode == 0, first.stderr
    assert "TensorFlow 2." in first.stdout and "Keras 3." in first.stdout
    assert "Device: CPU" in first.stdout or "Device: GPU" in first.stdout
    assert "profile: quick | seed: 7" in first.stdout
    numbers = [line for line in first.stdout.splitlines() if line.startswith("NUMBERS")]
    assert numbers and numbers == [l for l in second.stdout.splitlines() if l.startswith("NUMBERS")]
    # TensorFlow's native start-up lines are kept out of the output.
    assert "absl::InitializeLog" not in first.stderr and "oneDNN" not in first.stderr


def test_record_metric(tmp_path, monkeypatch, capsys):
    log = tmp_path / "metrics.jsonl"
    monkeypatch.setenv("LABS_METRICS_FILE", str(log))
    monkeypatch.setenv("LABS_PROFILE", "full")
    record_metric("test_accuracy", 0.91, floor=0.89)
    record_metric("test_accuracy_2", 0.5, floor=0.89)
    out = capsys.readouterr().out
    assert "test_accuracy = 0.9100  (floor 0.89: met)" in out and "NOT met" in out
    rows = [json.loads(line) for line in log.read_text().splitlines()]
    assert rows[0] == {"name": "test_accuracy", "value": 0.91, "floor": 0.89, "profile": "full"}
    monkeypatch.setenv("LABS_PROFILE", "quick")
    record_metric("loss", 0.3, floor=0.89)
    assert "applies to the full profile" in capsys.readouterr().out
    with pytest.raises(ValueError, match="NaN"):
        record_metric("loss", float("nan"))


def test_device_batch_size_scales_only_on_a_gpu(monkeypatch):
    from labs_utils import environment

    monkeypatch.setenv("LABS_GPU_BATCH_SCALE", "4")
    monkeypatch.setattr(environment, "on_gpu", lambda: False)
    assert environment.device_batch_size(128) == 128          # CPU results never change
    monkeypatch.setattr(environment, "on_gpu", lambda: True)
    assert environment.device_batch_size(128) == 512
    monkeypatch.delenv("LABS_GPU_BATCH_SCALE")
    assert environment.device_batch_size(128) == 128          # default: the CPU recipe on a GPU too
    for bad in ("0", "four"):
        monkeypatch.setenv("LABS_GPU_BATCH_SCALE", bad)
        with pytest.raises(ValueError, match="LABS_GPU_BATCH_SCALE"):
            environment.device_batch_size(128)


def test_mixed_precision_is_opt_in_and_gpu_only(monkeypatch):
    import keras

    from labs_utils.environment import _configure_precision

    try:
        monkeypatch.setenv("LABS_MIXED_PRECISION", "1")
        assert "ignored" in _configure_precision(keras, gpu=False)
        assert keras.mixed_precision.global_policy().name == "float32"
        assert "mixed precision" in _configure_precision(keras, gpu=True)
        assert keras.mixed_precision.global_policy().name == "mixed_float16"
        monkeypatch.delenv("LABS_MIXED_PRECISION")
        assert _configure_precision(keras, gpu=True) == ""
        assert keras.mixed_precision.global_policy().name == "float32"
    finally:
        keras.mixed_precision.set_global_policy("float32")
