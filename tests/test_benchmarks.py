"""The Keras-vs-PyTorch benchmark: it times the course's own models and reports honestly."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import lenet5_keras  # noqa: E402
import run as bench  # noqa: E402


def test_benchmark_builds_lab_08s_own_models():
    namespace = lenet5_keras.course_models()
    classic = lenet5_keras.build("classic", namespace)
    assert classic.count_params() == 60_850           # lab 08's LeNet-5, the paper's counts + softmax
    assert classic.get_layer("C3").count_params() == 1_516
    modern = lenet5_keras.build("modern", namespace)
    assert modern.input_shape == (None, 28, 28, 1) and modern.output_shape == (None, 10)


def _result(framework, pipeline, epochs):
    return {"framework": framework, "pipeline": pipeline, "model": "classic", "label": framework,
            "parameters": 1, "batch_size": 64, "epoch_seconds": epochs, "total_seconds": sum(epochs),
            "train_accuracy": 0.5}


def test_report_compares_warm_epochs_and_says_when_keras_is_slower():
    assert bench.steady([9.0, 3.0, 5.0, 4.0]) == 4.0   # the first (tracing) epoch is left out
    faster = bench.report([_result("keras", "course", [9, 3, 3]), _result("pytorch", "plain loop", [6, 6, 6])],
                          3, "versions")
    assert "0.50x" in faster and "no slower than" in faster
    slower = bench.report([_result("keras", "course", [1, 8, 8]), _result("pytorch", "plain loop", [6, 6, 6])],
                          3, "versions")
    assert "1.33x" in slower and "SLOWER than" in slower


def test_missing_pytorch_environment_is_one_clear_message(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "argv", ["run.py", "--torch-python", str(tmp_path / "nope" / "python")])
    with pytest.raises(SystemExit, match="make bench"):
        bench.main()
