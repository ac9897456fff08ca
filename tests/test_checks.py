import keras
import numpy as np
import pytest
import tensorflow as tf

from labs_utils import checks


def test_check_number(capsys):
    checks.check_number(24.0, 24, name="df/dx")
    checks.check_number(tf.constant(0.7310586), 0.7310586, name="sigma")
    checks.check_number(np.float32(1.0000001), 1.0)
    assert "\u2714 df/dx: correct" in capsys.readouterr().out
    with pytest.raises(AssertionError, match=r"df/dx: expected 24, got -24\.\nHint: check the sign"):
        checks.check_number(-24.0, 24, name="df/dx", hint="check the sign")
    for wrong in (None, "24", [24, 24], np.ones(3), True, float("nan")):
        with pytest.raises(AssertionError):
            checks.check_number(wrong, 24)


def test_check_shape(capsys):
    checks.check_shape(tf.zeros((32, 28, 28, 1)), (32, 28, 28, 1))
    checks.check_shape(np.zeros((5, 3)), (None, 3))
    checks.check_shape((5, 3), (5, 3))
    checks.check_shape(tf.TensorShape([None, 10]), (None, 10))
    assert capsys.readouterr().out.count("correct") == 4
    with pytest.raises(AssertionError, match=r"expected shape \(32, 28, 28, 1\), got shape \(32, 1, 28, 28\)"):
        checks.check_shape(np.zeros((32, 1, 28, 28)), (32, 28, 28, 1))
    with pytest.raises(AssertionError, match="shape"):
        checks.check_shape(np.zeros((5, 3, 1)), (None, 3))
    with pytest.raises(AssertionError, match="None"):
        checks.check_shape(None, (2,))
    with pytest.raises(AssertionError, match="int"):
        checks.check_shape(7, (2,))


def test_check_array(capsys):
    expected = np.linspace(0, 1, 12).reshape(3, 4)
    checks.check_array(tf.constant(expected, dtype=tf.float32), expected, dtype="float32", name="x")
    checks.check_array(tf.Variable(expected), expected)
    assert "\u2714 x: correct" in capsys.readouterr().out
    wrong = expected.copy()
    wrong[1, 2] += 0.1
    with pytest.raises(AssertionError, match=r"at index \(1, 2\).*1 of 12 values differ") as info:
        checks.check_array(wrong, expected, hint="divide by 255")
    assert "Hint: divide by 255" in str(info.value)
    with pytest.raises(AssertionError, match="expected shape"):
        checks.check_array(expected.T, expected)
    with pytest.raises(AssertionError, match="expected dtype float32, got dtype float64"):
        checks.check_array(expected, expected, dtype="float32")
    with pytest.raises(AssertionError, match="None"):
        checks.check_array(None, expected)
    with pytest.raises(AssertionError):
        checks.check_array(np.full_like(expected, np.nan), expected)
    with pytest.raises(AssertionError, match="numeric"):
        checks.check_array(np.array(["a", "b"]), np.array([1, 2]))


def _mlp(hidden=300):
    return keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),
                             keras.layers.Dense(hidden, activation="relu"), keras.layers.Dense(10)])


def test_check_model(capsys):
    checks.check_model(_mlp(), layer_types=["Flatten", "Dense", keras.layers.Dense],
                       output_shape=(None, 10), n_params=784 * 300 + 300 + 3010, name="mlp")
    assert "\u2714 mlp: correct" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="parameters"):
        checks.check_model(_mlp(100), n_params=784 * 300 + 300 + 3010)
    with pytest.raises(AssertionError, match="layers"):
        checks.check_model(_mlp(), layer_types=["Flatten", "Dense"])
    with pytest.raises(AssertionError, match="output shape"):
        checks.check_model(_mlp(), output_shape=(None, 5))
    with pytest.raises(AssertionError, match="keras.Model"):
        checks.check_model(None)
    unbuilt = keras.Sequential([keras.layers.Dense(3)])
    with pytest.raises(AssertionError, match="unbuilt"):
        checks.check_model(unbuilt, n_params=3)
