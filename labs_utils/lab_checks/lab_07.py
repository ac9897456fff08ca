"""Lab 07's exercise checks."""
import numpy as np

from labs_utils import checks
from labs_utils.profiles import base_seed


def _measured_receptive_field(layers, width=64):
    """How many input columns reach the first unit of a stack of all-ones convolutions (one probe per column)."""
    import keras

    # A pooling window has the receptive field of a convolution of the same size and stride, and all-ones
    # weights keep every path positive, so a lit column reaches the unit exactly when it is in its field.
    stack = keras.Sequential([keras.Input((width, width, 1))] + [
        keras.layers.Conv2D(1, k, strides=s, kernel_initializer="ones", use_bias=False) for k, s in layers])
    probes = np.zeros((width, width, width, 1), dtype="float32")
    probes[np.arange(width), :, np.arange(width), 0] = 1.0          # probe c: column c lit, the rest dark
    touched = np.flatnonzero(np.asarray(stack(probes))[:, 0, 0, 0] > 0)
    return int(touched.max() - touched.min() + 1)


def receptive_field(answer):
    """Exercise 1: the receptive field of a stack, against a measurement of it."""
    rng = np.random.default_rng(3)
    stacks = [[(5, 1), (2, 2), (5, 1), (2, 2)], [(3, 1), (3, 1), (3, 1)]] + [
        [(int(rng.integers(1, 6)), int(rng.integers(1, 3))) for _ in range(int(rng.integers(2, 5)))]
        for _ in range(6)]
    with checks.exercise("receptive_field"):
        checks.check_number(answer([(3, 1)]), 3, name="one 3 x 3 convolution")
        for stack in stacks:
            checks.check_number(answer(stack), _measured_receptive_field(stack), name=f"receptive_field({stack})",
                                hint="a layer's kernel spans kernel_size units of the layer below it; how many input "
                                     "pixels apart are neighbouring units of that layer?")


def same_padding(answer):
    """Exercise 2: the zeros "same" padding adds before and after, against TensorFlow's own convolution."""
    import tensorflow as tf

    rng = np.random.default_rng(4)
    with checks.exercise("same_padding"):
        for width, size, stride in ((5, 3, 1), (13, 5, 5), (8, 4, 1), (9, 2, 2), (10, 1, 3), (7, 3, 2), (28, 6, 3),
                                    (11, 4, 4), (10, 2, 5)):
            x = rng.normal(size=(width, width)).astype("float32")
            w = rng.normal(size=(size, size, 1, 1)).astype("float32")
            same = tf.nn.conv2d(x[None, :, :, None], w, strides=stride, padding="SAME")[0, :, :, 0]
            before, after = answer(width, size, stride)
            padded = np.pad(x, ((before, after), (before, after)))
            valid = tf.nn.conv2d(padded[None, :, :, None], w, strides=stride, padding="VALID")[0, :, :, 0]
            checks.check_array(valid, same, atol=1e-5, name=f"same_padding({width}, {size}, {stride})",
                               hint="first count the outputs 'same' promises and how wide an input those outputs "
                                    "need; where does TensorFlow put the odd zero?")


def budget_cnn(answer):
    """Exercise 3: a CNN of at most 5,000 parameters above 0.75 validation accuracy after 3 short epochs."""
    import keras

    from labs_utils.data import make_dataset, prepare_fashion_mnist

    (x, y), (vx, vy), _ = prepare_fashion_mnist(5000)
    with checks.exercise("budget_cnn"):
        keras.utils.set_random_seed(base_seed())
        small = answer()
        checks.check_shape(small.output_shape, (None, 10), name="budget_cnn output shape",
                           hint="one probability per class: end with Dense(10, activation='softmax')")
        checks.check_at_most(small.count_params(), 5000, name="budget_cnn parameters",
                             hint="a Dense layer on a large flattened map costs (inputs + 1) x units: shrink the "
                                  "maps and keep few filters before any Flatten")
        small.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"], steps_per_execution=16)
        small.fit(make_dataset(x[..., None], y, batch_size=32, shuffle=True), epochs=3, verbose=0)
        accuracy = small.evaluate(make_dataset(vx[:2000, ..., None], vy[:2000], batch_size=1000), verbose=0)[1]
        checks.check_at_least(accuracy, 0.75, name="budget_cnn validation accuracy",
                              hint="with so few parameters, dense layers on raw pixels learn little: what can a "
                                   "small shared weight do that a dense weight cannot?")
