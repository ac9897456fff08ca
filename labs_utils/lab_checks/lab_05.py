"""Lab 05's exercise checks."""
import numpy as np

from labs_utils import checks
from labs_utils.profiles import base_seed


def _keras_call(x, gamma, beta, moving_mean, moving_variance, training, momentum):
    import keras

    layer = keras.layers.BatchNormalization(momentum=momentum, epsilon=1e-3)
    layer.build(x.shape)
    for weight, value in zip((layer.gamma, layer.beta, layer.moving_mean, layer.moving_variance),
                             (gamma, beta, moving_mean, moving_variance)):
        weight.assign(value)
    out = layer(x, training=training)
    return out, layer.moving_mean, layer.moving_variance


def batch_norm(answer):
    """Exercise 1: batch normalization by hand, any rank, in both modes, against Keras's layer."""
    rng = np.random.default_rng(1)
    with checks.exercise("batch_norm"):
        for shape in [(16, 3), (8, 5, 5, 3)]:
            x = rng.normal(loc=[3.0, -1.0, 0.0], scale=[0.5, 2.0, 5.0], size=shape).astype("float32")
            state = (np.array([1.5, 0.5, 2.0], "float32"), np.array([0.1, -0.3, 1.0], "float32"),
                     np.array([2.5, -0.5, 1.0], "float32"), np.array([0.2, 4.0, 30.0], "float32"))
            for training in (True, False):
                got = answer(x, *state, training=training, momentum=0.9)
                expected = _keras_call(x, *state, training=training, momentum=0.9)
                mode = f"{len(shape)}-D input, training={training}"
                for part, g, e in zip(("output", "new moving mean", "new moving variance"), got, expected):
                    checks.check_array(g, e, rtol=1e-4, atol=1e-4, name=f"batch_norm {part} ({mode})",
                                       hint="statistics over every axis except the last (channels); in training "
                                            "mode the batch's own statistics normalize and update the moving ones; "
                                            "at inference the moving ones normalize and stay unchanged")


def fold_batch_norm(answer):
    """Exercise 2: a Dense layer and the BN after it, folded into one Dense layer for inference."""
    import keras

    rng = np.random.default_rng(2)
    keras.utils.set_random_seed(base_seed())
    pair = keras.Sequential([keras.Input((4,)), keras.layers.Dense(6, bias_initializer="random_normal"),
                             keras.layers.BatchNormalization()])
    dense, bn = pair.layers
    bn.gamma.assign(rng.uniform(0.5, 2.0, 6).astype("float32"))
    bn.beta.assign(rng.normal(size=6).astype("float32"))
    bn.moving_mean.assign(rng.normal(size=6).astype("float32"))
    bn.moving_variance.assign(rng.uniform(0.01, 5.0, 6).astype("float32"))
    x = rng.normal(size=(10, 4)).astype("float32")
    with checks.exercise("fold_batch_norm"):
        kernel, bias = answer(*(w.numpy() for w in (dense.kernel, dense.bias, bn.gamma, bn.beta, bn.moving_mean,
                                                    bn.moving_variance)))
        checks.check_shape(kernel, (4, 6), name="folded kernel")
        checks.check_array(np.asarray(x @ kernel + bias), pair(x, training=False), rtol=1e-4, atol=1e-4,
                           name="folded Dense output",
                           hint="write BN at inference as one expression of x, then collect what multiplies x "
                                "(per output column) and what does not")


def _activation_names(model):
    import keras

    names = [getattr(layer.activation, "__name__", str(layer.activation)) for layer in model.layers
             if isinstance(layer, (keras.layers.Dense, keras.layers.Activation))]
    return [n for n in names if n != "linear"]


def trainable_logistic_net(answer, x_train, y_train, x_valid, y_valid):
    """Exercise 3: ten logistic layers that learn in 96 steps, thanks to batch normalization."""
    import keras

    from labs_utils.data import make_dataset

    with checks.exercise("trainable_logistic_net"):
        keras.utils.set_random_seed(base_seed())
        net = answer()
        checks.check_equal(_activation_names(net), ["sigmoid"] * 10 + ["softmax"], name="activations in order",
                           hint="ten hidden layers with the logistic function, one softmax output; nothing else")
        checks.check_equal(sorted({layer.units for layer in net.layers if isinstance(layer, keras.layers.Dense)}),
                           [10, 50], name="Dense layer widths", hint="50 units per hidden layer, 10 outputs")
        net.compile(optimizer=keras.optimizers.SGD(0.1, momentum=0.9), loss="sparse_categorical_crossentropy",
                    metrics=["accuracy"], steps_per_execution=32)
        net.fit(make_dataset(x_train[:2000], y_train[:2000], batch_size=64, shuffle=True), epochs=3, verbose=0)
        accuracy = net.evaluate(x_valid[:1000], y_valid[:1000], verbose=0)[1]
        checks.check_at_least(accuracy, 0.5, name="validation accuracy (inference mode) after 96 steps",
                              hint="where does the plain network's gradient die? And after only 96 steps, what "
                                   "does a BN layer use in inference mode, and is it ready yet?")
