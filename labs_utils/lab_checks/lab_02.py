"""Lab 02's exercise checks."""
import numpy as np

from labs_utils import checks, findings


def softmax(answer):
    """Exercise 1: a numerically stable softmax, written from exp, max and sum."""
    import keras
    import tensorflow as tf

    rng = np.random.default_rng(3)
    logits = rng.normal(scale=3.0, size=(6, 10)).astype("float32")
    logits[0] += 1000.0                        # a row that overflows a naive softmax
    expected = keras.activations.softmax(tf.constant(logits))
    with checks.exercise("softmax"):
        with checks.forbidding(checks.SOFTMAX_FUNCTIONS, name="softmax",
                               hint="compute it yourself from exp, max and sum"):
            got = answer(logits)
        checks.check_array(got, expected, atol=1e-6, name="softmax",
                           hint="exp(1000) overflows: shift every row before the exponential (which shift leaves "
                                "a softmax unchanged?), and normalise over the classes, the last axis")


def design_mlp(answer, as_trainable, score_design, baseline_scores, *, budget, seeds, baseline_label):
    """Exercise 2: a network within the parameter budget whose advantage over the widest single layer holds."""
    import keras

    with checks.exercise("design_mlp"):
        keras.utils.set_random_seed(seeds[0])
        candidate = as_trainable(answer())
        checks.check_model(candidate, output_shape=(None, 10), name="your design",
                           hint="a list of hidden widths, or a model from (28, 28) images to 10 class probabilities")
        checks.check_at_most(candidate.count_params(), budget, name="trainable parameters of your design",
                             hint="every Dense layer has n_in * n_out weights plus n_out biases; count the output "
                                  "layer too")
        advantage = findings.Finding(
            name="design_mlp", claim="your design beats the widest single layer", source="exercise 2",
            metric="validation accuracy", a_label="your design", b_label=baseline_label, a=score_design(answer),
            b=list(baseline_scores), size=0.002, unit="points", scale=100, seeds=list(seeds))
        print(advantage.line)
        checks.check_equal(advantage.verdict, findings.HOLDS, name="your design against the widest single layer",
                           hint="the interval of your advantage must lie entirely above 0: compare designs with "
                                "score_design first, and keep one that wins on every seed by a clear margin")


def _threshold_net(thresholds):
    """An MLP whose answer is known: identity weights and bias -t make unit i fire exactly when its input i > t."""
    import keras

    net = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten()]
                           + [keras.layers.Dense(784, activation="relu") for _ in thresholds]
                           + [keras.layers.Dense(10, activation="softmax")])
    for layer, t in zip(net.layers[1:-1], thresholds):
        layer.set_weights([np.eye(784, dtype="float32"), np.full(784, -t, dtype="float32")])
    return net


def active_fraction(answer, images):
    """Exercise 3: the share of each hidden layer's outputs that are non-zero, on networks with known answers."""
    probe = np.asarray(images[:1000])
    with checks.exercise("active_fraction"):
        # One hidden layer: unit i fires when pixel i > 0.5. Two: the second fires when (pixel i - 0.25) > 0.5.
        for thresholds, expected in (([0.5], [(probe > 0.5).mean()]),
                                     ([0.25, 0.5], [(probe > 0.25).mean(), (probe > 0.75).mean()])):
            checks.check_array(answer(_threshold_net(thresholds), probe), expected, atol=1e-6,
                               name=f"active_fraction, {len(thresholds)} hidden layer(s)",
                               hint="one number per hidden layer, the output layer excluded: the share of the "
                                    "layer's outputs (over all images and units) that are strictly positive")
