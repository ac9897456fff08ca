"""The Keras-vs-PyTorch benchmark: it times the course's own models and reports honestly."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import course  # noqa: E402
import lenet5_keras  # noqa: E402
import run as bench  # noqa: E402


def test_benchmark_builds_lab_08s_own_models():
    namespace = lenet5_keras.course_models()
    classic = lenet5_keras.build("classic", namespace)
    assert classic.count_params() == 60_850           # lab 08's LeNet-5, the paper's counts + softmax
    assert classic.get_layer("C3").count_params() == 1_516
    modern = lenet5_keras.build("modern", namespace)
    assert modern.input_shape == (None, 28, 28, 1) and modern.output_shape == (None, 10)


def _result(framework, pipeline, epochs, model="classic"):
    return {"framework": framework, "pipeline": pipeline, "model": model, "unit": "epoch",
            "parameters": 1, "batch_size": 64, "epoch_seconds": epochs, "total_seconds": sum(epochs),
            "flops_per_unit": 6e9, "train_accuracy": 0.5}


PEAKS = [{"framework": "tensorflow", "version": "x", "matmul_gflops": 10.0, "conv_gflops": 8.0},
         {"framework": "pytorch", "version": "y", "matmul_gflops": 12.0, "conv_gflops": 6.0}]


def test_report_compares_warm_epochs_and_says_when_keras_is_slower():
    assert bench.steady([9.0, 3.0, 5.0, 4.0]) == 4.0   # the first (tracing) epoch is left out
    faster = bench.report([_result("keras", "course", [9, 3, 3]), _result("pytorch", "plain loop", [6, 6, 6])],
                          PEAKS, 3, "versions", "isa")
    assert "0.50x" in faster and "no slower than" in faster
    # 6 GFLOP per epoch in 3 s = 2 GFLOP/s, a quarter of the best convolution rate (8)
    assert "| 2.0 (25%) |" in faster and "| 1.0 (12%) |" in faster
    slower = bench.report([_result("keras", "course", [1, 8, 8]), _result("pytorch", "plain loop", [6, 6, 6])],
                          PEAKS, 3, "versions", "isa")
    assert "1.33x" in slower and "SLOWER than" in slower


def test_flop_count_matches_lenet5_by_hand():
    import keras

    namespace = lenet5_keras.course_models()
    model = lenet5_keras.build("classic", namespace)
    # C1 6x25 weights at 28x28, C3's 1,500 connections at 10x10, C5 48,000 at 1x1, F6 10,080, Out 840
    macs = 150 * 784 + 1500 * 100 + 48_000 + 10_080 + 840
    assert course.forward_flops(model) == 2 * macs
    mlp = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(300),
                            keras.layers.Dense(10)])
    assert course.forward_flops(mlp) == 2 * (784 * 300 + 300 * 10)


def test_benchmark_reads_the_labs_own_functions():
    namespace = {"keras": __import__("keras")}
    make_mlp = course.notebook_function("02_mlp", "make_mlp", namespace)
    model = make_mlp([300, 100], epochs=1, steps_per_epoch=10)
    assert model.count_params() == 266_610
    with pytest.raises(SystemExit, match="no code cell defines"):
        course.notebook_function("02_mlp", "no_such_function", {})


def test_missing_pytorch_environment_is_one_clear_message(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "argv", ["run.py", "--torch-python", str(tmp_path / "nope" / "python")])
    with pytest.raises(SystemExit, match="make bench"):
        bench.main()
