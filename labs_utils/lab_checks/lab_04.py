"""Lab 04's exercise checks."""
import numpy as np

from labs_utils import checks
from labs_utils.profiles import base_seed


def he_init(answer, x_batch):
    """Exercise 1: He initialization, and what its variance is for: 30 ReLU layers keep their scale."""
    with checks.exercise("he_init"):
        for k, (fan_in, fan_out) in enumerate(((784, 300), (300, 100), (100, 400))):
            weights = np.asarray(answer(fan_in, fan_out, seed=base_seed() + k))
            checks.check_shape(weights, (fan_in, fan_out), name=f"he_init({fan_in}, {fan_out}) shape")
            checks.check_number(weights.std(), np.sqrt(2 / fan_in), rtol=0.03,
                                name=f"he_init({fan_in}, {fan_out}) standard deviation",
                                hint="a ReLU zeroes half of its inputs: what variance keeps the signal's scale? "
                                     "The standard deviation is its square root")
            checks.check_number(weights.mean(), 0.0, atol=0.1 * np.sqrt(2 / fan_in),
                                name=f"he_init({fan_in}, {fan_out}) mean", hint="centre the weights on 0")
        h, first = np.asarray(x_batch), None
        for layer in range(30):
            z = h @ np.asarray(answer(h.shape[1], 256, seed=base_seed() + 10 + layer), dtype="float32")
            h = np.maximum(z, 0)
            first = np.mean(z ** 2) if first is None else first
        growth = np.mean(z ** 2) / first
        checks.check_equal(bool(0.2 < growth < 5), True,
                           name=f"30 ReLU layers: mean square of the pre-activations, layer 30 / layer 1 = {growth:.3g}",
                           hint="it should stay within a factor 5 of 1; which fan does the forward signal depend on?")


def _initializer(class_name, **config):
    return {"class_name": class_name, "config": config}   # a new initializer (and seed) for every layer


def choose_initializer(answer, x_batch, y_batch):
    """Exercise 2: pick, by measuring, the start whose slowest layer learns fastest."""
    import keras

    probe_x, probe_y = x_batch[:256], y_batch[:256]
    tiny = _initializer("RandomNormal", stddev=0.01)
    cases = [
        ("relu", {"Glorot": "glorot_uniform", "He": "he_normal", "N(0, 0.01²)": tiny}, "He"),
        ("tanh", {"N(0, 1)": _initializer("RandomNormal", stddev=1.0), "Glorot": "glorot_uniform",
                  "N(0, 0.01²)": tiny}, "Glorot"),
    ]
    # The logistic at depth 5: N(0, 1)'s gradient ratio is the most even, yet its saturated units barely move.
    logistic = ({"N(0, 1)": _initializer("RandomNormal", stddev=1.0), "Glorot": "glorot_uniform",
                 "Glorot ×4": _initializer("VarianceScaling", scale=16.0, mode="fan_avg", distribution="uniform")},
                "Glorot ×4")
    hint = ("for every hidden layer, compare the size of one step with the size of the weights it changes; "
            "the slowest layer speaks for the network. An even gradient ratio is not enough")
    with checks.exercise("choose_initializer"):
        for activation, candidates, expected in cases:
            keras.utils.set_random_seed(base_seed())
            checks.check_equal(answer(activation, candidates, probe_x, probe_y), expected,
                               name=f"choose_initializer for {activation} among {list(candidates)}", hint=hint)
        keras.utils.set_random_seed(base_seed())
        candidates, expected = logistic
        checks.check_equal(answer("sigmoid", candidates, probe_x, probe_y, depth=5), expected,
                           name=f"choose_initializer for a 5-layer sigmoid network among {list(candidates)}", hint=hint)


def deep_net_that_learns(answer, train_start, watch_layers, streams, x_flat, valid_flat, *, seed, steps):
    """Exercise 3: a 15-layer tanh or SELU network whose every layer learns, close to He + ReLU."""
    import keras

    he_relu_accuracy = train_start("relu", "he_normal", seed)["accuracy"]   # the same steps, batches and seed
    with checks.exercise("deep_net_that_learns"):
        keras.utils.set_random_seed(base_seed())
        design = answer()
        checks.check_model(design, name="deep_net_that_learns returns a Keras model")
        dense = [layer for layer in design.layers if isinstance(layer, keras.layers.Dense)]
        checks.check_equal([layer.units for layer in dense], [100] * 15 + [10], name="the Dense layers' widths",
                           hint="exactly 15 hidden Dense layers of 100 units, then the Dense(10, softmax) output")
        checks.check_equal([type(layer).__name__ for layer in design.layers
                            if "BatchNormalization" in type(layer).__name__], [], name="no batch normalization",
                           hint="batch normalization is lab 05's tool; here, make the layers learn through the "
                                "activation and the initialization")
        checks.check_equal([layer.activation.__name__ for layer in dense[:-1]
                            if layer.activation.__name__ not in ("tanh", "selu")], [],
                           name="every hidden Dense layer uses tanh or SELU",
                           hint="this exercise is about making tanh or SELU work; He + ReLU was shown above")
        checks.check_equal([type(layer).__name__ for layer in design.layers if type(layer).__name__ in
                            ("ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax", "Activation", "Lambda")], [],
                           name="no separate activation layers", hint="give each hidden Dense layer its activation")
        checks.check_shape(design(x_flat[:2]), (2, 10), name="output for two flattened images")
        losses, speeds = watch_layers(design)(streams[seed])
        layer_speeds = np.median(speeds[:, :15], axis=0)
        slowest = int(np.argmin(layer_speeds))
        checks.check_at_least(layer_speeds.min(), 3e-4,
                              name=f"every hidden layer learns: the slowest, layer {slowest + 1}, changes "
                                   f"{layer_speeds.min():.1e} of its weights per step",
                              hint="see the learning-speed panels: saturated units learn slowly everywhere, and a "
                                   "scale too small for the activation starves the lower layers; NaN means it diverged")
        accuracy = design.evaluate(valid_flat, verbose=0)[1]
        checks.check_at_least(accuracy, he_relu_accuracy - 0.1,
                              name=f"validation accuracy after {steps} steps: {accuracy:.3f}, He + ReLU reached "
                                   f"{he_relu_accuracy:.3f} on the same batches",
                              hint="pair the activation with the initialization made for it, and give it the "
                                   "inputs its theory assumes")
