"""Lab 08's exercise checks."""
import numpy as np

from labs_utils import checks
from labs_utils.profiles import base_seed


def top_k_accuracy(answer):
    """Exercise 1: top-k accuracy against Keras's metric."""
    import keras

    rng = np.random.default_rng(0)
    scores = rng.random((500, 20)).astype("float32")
    labels = rng.integers(0, 20, 500)
    with checks.exercise("top_k_accuracy"):
        for k in (1, 3, 5):
            metric = keras.metrics.SparseTopKCategoricalAccuracy(k=k)
            metric.update_state(labels, scores)
            checks.check_number(answer(labels, scores, k), float(metric.result()), rtol=1e-6,
                                name=f"top_k_accuracy (k={k})", hint="the k largest scores: mind the sort order")


def downsampling_block(answer):
    """Exercise 2: a residual block that halves the map, with a shortcut that carries x to the output."""
    import keras
    import tensorflow as tf

    with checks.exercise("downsampling_block"):
        keras.utils.set_random_seed(3)
        block_input = keras.Input((14, 14, 16))
        block = keras.Model(block_input, answer(block_input, 32))
        checks.check_shape(block.output_shape[1:], (7, 7, 32), name="the block's output (height, width, channels)",
                           hint="halve height and width on both paths, and give both `filters` channels")
        main_path = [layer for layer in block.layers if isinstance(layer, keras.layers.Conv2D)
                     and layer.kernel_size == (3, 3)]
        checks.check_equal(len(main_path), 2, name="3 x 3 convolutions in the block",
                           hint="two 3 x 3 convolutions on the main path; the shortcut only adapts the shape")
        # Silence the main path: only a shortcut can still carry x to the output.
        for layer in main_path:
            layer.kernel.assign(tf.zeros_like(layer.kernel))
        probe = tf.random.stateless_normal((4, 14, 14, 16), seed=(8, 0))
        with tf.GradientTape() as tape:
            tape.watch(probe)
            response = tf.reduce_sum(block(probe, training=False))
        reach = float(tf.reduce_max(tf.abs(tape.gradient(response, probe))))
        checks.check_at_least(reach, 1e-3, name="how much x reaches the output with the 3 x 3 kernels set to 0",
                              hint="nothing reached the output around the 3 x 3 convolutions: where is the shortcut?")


def deep_cnn_that_learns(answer, train_digits):
    """Exercise 3: a deep plain-initialized CNN whose every convolution learns."""
    import keras

    with checks.exercise("deep_cnn_that_learns"):
        keras.utils.set_random_seed(base_seed())
        candidate = answer()
        checks.check_model(candidate, output_shape=(None, 10), name="deep_cnn_that_learns()")
        checks.check_equal(tuple(candidate.input_shape), (None, 8, 8, 1), name="the model's input shape")
        convs = [layer for layer in candidate.layers if isinstance(layer, keras.layers.Conv2D)]
        checks.check_at_least(sum(layer.kernel_size == (3, 3) for layer in convs), 13, name="3 x 3 convolutions",
                              hint="keep the depth: a stem and at least 12 more 3 x 3 convolutions")
        checks.check_equal([type(layer).__name__ for layer in candidate.layers
                            if "Normalization" in type(layer).__name__], [], name="normalization layers",
                           hint="this exercise is about wiring, not normalization")
        checks.check_equal(sorted({type(layer.kernel_initializer).__name__ for layer in convs}), ["GlorotUniform"],
                           name="the convolutions' initializers", hint="keep Keras's default (Glorot) initializer")
        accuracy, change = train_digits(candidate)
        print(f"validation accuracy {accuracy:.3f}; least-moved kernel {min(change):.3f}")
        checks.check_at_least(min(change), 0.02, name="the least-moved convolution's relative kernel change",
                              hint="some convolutions barely learned: every layer needs a short path for the "
                                   "gradient to reach it, not only the first and last")
        checks.check_at_least(accuracy, 0.93, name="validation accuracy after train_digits",
                              hint="the signal fades through plain stacks of ReLU layers: give it a way around each "
                                   "small group of layers")
