"""Lab 01's exercise checks."""
import numpy as np

from labs_utils import checks


def _central_difference(f, x, eps=1e-6):
    """The reference numerical gradient (the checks' own, so Value's check does not depend on yours)."""
    grad = np.zeros_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step[i] = eps
        grad[i] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad


def numerical_gradient(answer):
    """Exercise 1: the central-difference gradient, x left unchanged."""
    def test_function(v):
        return float(np.sum(np.sin(v) * v ** 2) + v[0] * v[-1])

    point = np.random.default_rng(42).normal(size=6)
    point_before = point.copy()
    exact = np.sin(point) * 2 * point + np.cos(point) * point ** 2
    exact[0] += point[-1]
    exact[-1] += point[0]
    with checks.exercise("numerical_gradient"):
        checks.check_array(answer(test_function, point), exact, rtol=1e-7, atol=1e-8, name="numerical_gradient",
                           hint="one coordinate at a time: f a little above and a little below, over the distance")
        checks.check_array(point, point_before, rtol=0, atol=0, name="x left unchanged",
                           hint="build each shifted point as a new array")


def Value(answer):  # noqa: N802  (named after the class it checks)
    """Exercise 2: a scalar reverse-mode engine, against GradientTape and a numerical gradient."""
    import tensorflow as tf

    with checks.exercise("Value"):
        with checks.part("the notes' f(x, y) = x^2 y + y + 2 at (3, 4)"):
            vx, vy = answer(3.0), answer(4.0)
            vf = vx ** 2 * vy + vy + 2
            vf.backward()
            checks.check_number(vf.data, 42.0, name="engine f(3, 4)")
            checks.check_number(vx.grad, 24.0, name="engine df/dx", hint="n4 = x**2 passes back 2x times its gradient")
            checks.check_number(vy.grad, 10.0, name="engine df/dy",
                                hint="y feeds two nodes: both paths must add into its grad, and every node must be "
                                     "visited after all the nodes that use it")

        with checks.part("the sigmoid neuron, against GradientTape"):
            w_t, x_t = tf.Variable([2.0, -3.0, -3.0], dtype=tf.float64), tf.Variable([-1.0, -2.0], dtype=tf.float64)
            with tf.GradientTape() as tape:
                out_t = tf.sigmoid(w_t[0] * x_t[0] + w_t[1] * x_t[1] + w_t[2])
            grad_w, grad_x = tape.gradient(out_t, [w_t, x_t])
            vw = [answer(2.0), answer(-3.0), answer(-3.0)]
            vxs = [answer(-1.0), answer(-2.0)]
            neuron = (vw[0] * vxs[0] + vw[1] * vxs[1] + vw[2]).sigmoid()
            neuron.backward()
            checks.check_number(neuron.data, float(out_t), name="engine sigmoid neuron output")
            checks.check_array([v.grad for v in vw + vxs], np.concatenate([grad_w, grad_x]),
                               name="engine sigmoid neuron gradients vs GradientTape",
                               hint="the sigmoid's local derivative needs only its own output")

        with checks.part("random expressions using every operation, against the tape and a numerical gradient"):
            def expression(a, b, c):
                return ((a * b).sigmoid() + (c * 0.5).exp() - a ** 3 / (b * b + 1.0)) * (2.0 - c)

            for trial in range(3):
                abc = np.random.default_rng(trial).normal(size=3)
                values = [answer(t) for t in abc]
                result = expression(*values)
                result.backward()
                tf_abc = [tf.Variable(t) for t in abc]
                with tf.GradientTape() as tape:
                    tf_result = ((tf.sigmoid(tf_abc[0] * tf_abc[1]) + tf.exp(tf_abc[2] * 0.5)
                                  - tf_abc[0] ** 3 / (tf_abc[1] * tf_abc[1] + 1.0)) * (2.0 - tf_abc[2]))
                tape_grads = [g.numpy() for g in tape.gradient(tf_result, tf_abc)]
                numeric = _central_difference(lambda t: expression(*[answer(e) for e in t]).data, abc)
                checks.check_array([v.grad for v in values], tape_grads, rtol=1e-6,
                                   name=f"engine vs GradientTape, random expression #{trial + 1}",
                                   hint="check each operation's local derivative, including __pow__'s")
                checks.check_array([v.grad for v in values], numeric, rtol=1e-5, atol=1e-6,
                                   name=f"engine vs numerical gradient, random expression #{trial + 1}")


def nesterov_step(answer, X, y):
    """Exercise 3: Nesterov's step on the stored (look-ahead) weights, as Keras runs it."""
    import keras
    import tensorflow as tf

    def diabetes_grad(v):
        return 2 * X.T @ (X @ np.asarray(v, dtype=np.float64) - y) / len(X)

    rng = np.random.default_rng(7)
    w_mine, vel_mine = np.array([0.5, -1.0, 2.0, 0.0]), np.zeros(4)
    w_ref = tf.Variable(w_mine.copy())
    keras_nesterov = keras.optimizers.SGD(learning_rate=0.1, momentum=0.8, nesterov=True)
    with checks.exercise("nesterov_step"):
        for grad in rng.normal(size=(8, 4)):
            w_mine, vel_mine = answer(w_mine, vel_mine, grad, learning_rate=0.1, momentum=0.8)
            keras_nesterov.apply_gradients([(tf.constant(grad), w_ref)])
        checks.check_array(w_mine, w_ref.numpy(), rtol=1e-5, name="nesterov_step vs keras SGD(nesterov=True)",
                           hint="start from the look-ahead form's two lines and write them in the stored weights")
        w_ahead, m = np.zeros(X.shape[1]), np.zeros(X.shape[1])        # the look-ahead form, from w = 0, m = 0
        w_stored, velocity = np.zeros(X.shape[1]), np.zeros(X.shape[1])
        for _ in range(30):
            m = 0.9 * m - 0.05 * diabetes_grad(w_ahead + 0.9 * m)
            w_ahead = w_ahead + m
            w_stored, velocity = answer(w_stored, velocity, diabetes_grad(w_stored), 0.05)
        checks.check_array(w_stored, w_ahead + 0.9 * m, rtol=1e-4, atol=1e-6,
                           name="30 diabetes steps: stored weights = look-ahead point w + βm of the look-ahead form",
                           hint="the stored weights must stay equal to w + momentum * m of the look-ahead form at "
                                "every step")
