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


def test_checkers_accept_every_array_style(capsys):
    expected = np.array([[0.25, 0.5], [1.0, 2.0]])
    for style in (expected, expected.astype("float32"), expected.tolist(), tuple(map(tuple, expected)),
                  tf.constant(expected), tf.constant(expected, tf.float32), keras.ops.convert_to_tensor(expected),
                  keras.Variable(expected), [tf.constant(row) for row in expected]):
        checks.check_array(style, expected, name="styles")
    for scalar in (3, 3.0, np.float64(3), np.int64(3), np.float32(3), tf.constant(3.0), tf.constant([3]),
                   keras.ops.sum(keras.ops.ones(3)), np.array(3.0), [3.0], tf.Variable(3.0)):
        checks.check_number(scalar, 3, name="scalar")
    assert capsys.readouterr().out.count("correct") == 20


def test_checkers_never_crash_on_odd_answers():
    expected = np.ones((2, 2))
    for odd in (None, "1", {"a": 1}, object(), [[1, 2], [3]], [None, None], np.array(["a", "b"]), print):
        with pytest.raises(AssertionError):
            checks.check_array(odd, expected)
        with pytest.raises(AssertionError):
            checks.check_number(odd, 1.0)
        with pytest.raises(AssertionError):
            checks.check_shape(odd, (2, 2))
        with pytest.raises(AssertionError):
            checks.check_model(odd)


def test_check_equal(capsys):
    checks.check_equal(("a", "b"), ["a", "b"], name="names")
    checks.check_equal(np.array(["a", "b"]), ["a", "b"])
    checks.check_equal(np.bool_(True), True)
    checks.check_equal(np.int64(3), 3)
    checks.check_equal([np.int64(4), 2], (4, 2))
    checks.check_equal(tf.constant(True), True)
    assert capsys.readouterr().out.count("correct") == 6
    with pytest.raises(AssertionError, match=r"names: expected \['a', 'b'\], got \['a', 'b', 'c'\]"):
        checks.check_equal(["a", "b", "c"], ["a", "b"], name="names")
    for wrong, expected in ((None, ["a"]), (5, ["a"]), ("ab", ["a", "b"]), (1, True), ("True", True),
                            (False, True), (None, False), ([1, 2], (2, 1))):
        with pytest.raises(AssertionError):
            checks.check_equal(wrong, expected)


STUDENT_CODE = """
import tensorflow as tf


def to_double(x):
    return tf.constant(x, dtype=tf.float64) * tf.constant(2.0)  # a float64 tensor meets a float32 one


def sanity():
    assert False, "my own sanity check"
"""


@pytest.fixture
def student(tmp_path):
    """Functions defined in a file of their own, as a notebook cell is."""
    path = tmp_path / "student_cell.py"
    path.write_text(STUDENT_CODE)
    namespace = {}
    exec(compile(STUDENT_CODE, str(path), "exec"), namespace)
    return namespace


def test_exercise_reports_an_error_in_the_students_code(student):
    with pytest.raises(AssertionError) as info:
        with checks.exercise("double", hint="stay in float32"):
            checks.check_array(student["to_double"]([1.0]), [2.0])
    message = str(info.value)
    assert message.startswith("double: your to_double() raised InvalidArgumentError: ")
    assert "expected to be a double tensor but is a float tensor" in message
    assert "{{function_node" not in message and "[Op:" not in message
    assert "at line 6: return tf.constant(x, dtype=tf.float64) * tf.constant(2.0)" in message
    assert "tf.cast" in message and "Hint: stay in float32" in message
    assert info.value.__suppress_context__  # one message, not a chain of tracebacks
    rendered = info.value._render_traceback_()
    assert "\u2718 double: your to_double() raised" in rendered[0] and len(rendered) == 4


def test_exercise_reports_an_answer_the_check_cannot_use():
    class Opaque:
        pass

    with pytest.raises(AssertionError, match=r"(?s)engine: the check could not use your answer: TypeError: "
                                             r"unsupported operand.*in the check's line: 2.0 - Opaque\(\)"):
        with checks.exercise("engine"):
            2.0 - Opaque()


def test_exercise_lets_verdicts_and_todos_through():
    with pytest.raises(AssertionError, match=r"^x: expected 2, got 3\.$"):
        with checks.exercise("x"):
            checks.check_number(3, 2, name="x")
    with pytest.raises(NotImplementedError, match="TODO: write it") as info:
        with checks.exercise("todo"):
            raise NotImplementedError("TODO: write it")
    assert "todo: not written yet. TODO: write it" in info.value._render_traceback_()[0]
    with checks.exercise("fine"):
        checks.check_number(2, 2)


def test_exercise_reports_an_assertion_inside_the_students_code(student):
    with pytest.raises(AssertionError, match=r"sums: your sanity\(\) raised AssertionError: my own sanity check"):
        with checks.exercise("sums"):
            student["sanity"]()


def test_check_at_least_and_at_most(capsys):
    checks.check_at_least(np.float32(0.85), 0.8, name="accuracy")
    checks.check_at_most(tf.constant(0.05), 0.1, name="gap")
    assert "accuracy: correct (0.85, ≥ 0.8)" in capsys.readouterr().out
    for bad in (0.79, float("nan"), None, True, "0.9", [0.9, 0.95]):
        with pytest.raises(AssertionError, match="accuracy: expected"):
            checks.check_at_least(bad, 0.8, name="accuracy", hint="train longer")
    with pytest.raises(AssertionError, match=r"gap: expected at most 0.1, got 0.2\.\nHint: regularize"):
        checks.check_at_most(0.2, 0.1, name="gap", hint="regularize")


def _three_parts(student):
    with checks.exercise("engine", hint="read the chain rule again"):
        with checks.part("forward"):
            checks.check_number(2.0, 2.0, name="forward")
        with checks.part("backward"):
            checks.check_number(-1.0, 1.0, name="backward")
        with checks.part("sanity"):
            student["sanity"]()


def test_parts_stop_at_the_first_failure_in_a_notebook(student, capsys):
    with pytest.raises(AssertionError, match=r"^backward: expected 1, got -1\.$"):
        _three_parts(student)
    assert "forward: correct" in capsys.readouterr().out


def test_parts_are_each_recorded_when_grading(student, monkeypatch):
    seen = []
    monkeypatch.setattr(checks, "_recorder", lambda label, failure: seen.append((label, failure)))
    _three_parts(student)   # every part runs, none raises out of the exercise
    assert [label for label, _ in seen] == ["forward", "backward", "sanity"]
    forward, backward, sanity = (failure for _, failure in seen)
    assert forward is None
    assert backward.verdict == "failed" and "expected 1, got -1" in str(backward)
    assert sanity.verdict == "error" and "your sanity() raised AssertionError" in str(sanity)
    assert "Hint: read the chain rule again" in str(sanity)
    assert not checks._open   # the exercise closed itself


def test_forbidding_refuses_a_library_call_in_one_message_and_restores_everything():
    import keras
    import tensorflow as tf

    originals = (tf.nn.softmax, tf.math.softmax, keras.activations.softmax, keras.ops.softmax, keras.layers.Softmax)

    def lazy(x):
        return tf.nn.softmax(x)

    def own(x):
        e = np.exp(x - np.max(x, axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    with pytest.raises(AssertionError) as info:
        with checks.exercise("softmax"):
            with checks.forbidding(checks.SOFTMAX_FUNCTIONS, name="softmax", hint="use exp, max and sum"):
                lazy(np.zeros((2, 3), "float32"))
    assert str(info.value).startswith("softmax: expected your own computation, got a call to tf.nn.softmax.")
    assert "Hint: use exp, max and sum" in str(info.value)
    for call in (lambda x: keras.ops.softmax(x), lambda x: keras.layers.Softmax()(x),
                 lambda x: tf.exp(tf.math.log_softmax(x))):
        with pytest.raises(AssertionError, match="got a call to"):
            with checks.forbidding(checks.SOFTMAX_FUNCTIONS, name="softmax"):
                call(np.zeros((2, 3), "float32"))
    with checks.forbidding(checks.SOFTMAX_FUNCTIONS, name="softmax"):
        np.testing.assert_allclose(own(np.zeros((2, 3))), 1 / 3)
    assert (tf.nn.softmax, tf.math.softmax, keras.activations.softmax, keras.ops.softmax,
            keras.layers.Softmax) == originals


def test_a_failure_never_prints_two_equal_numbers():
    with pytest.raises(AssertionError) as info:
        checks.check_number(-0.01110461234, -0.01110460001, rtol=1e-8, name="step")
    message = str(info.value)
    expected, got = message.split("expected ")[1].split(", got ")
    assert expected != got.split(",")[0] and "relative difference of 1.1e-06" in message
    with pytest.raises(AssertionError) as info:
        checks.check_array([1.0, 2.00000001], [1.0, 2.0], rtol=1e-10, atol=0, name="weights")
    assert "expected 2 at index (1,), got 2.00000001, a relative difference of 5.0e-09" in str(info.value)
