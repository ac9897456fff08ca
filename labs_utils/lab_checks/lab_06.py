"""Lab 06's exercise checks."""
import numpy as np

from labs_utils import checks
from labs_utils.profiles import base_seed, choose


def copy_layers_by_pattern(answer):
    """Exercise 1: copy the weights of exactly the layers whose whole name matches a pattern."""
    import keras

    def named_mlp(seed):
        keras.utils.set_random_seed(seed)
        return keras.Sequential([keras.Input((6,))] + [keras.layers.Dense(4, name=name)
                                for name in ("hidden1", "hidden2", "hidden3", "hidden12", "output")])

    source, target = named_mlp(1), named_mlp(2)
    with checks.exercise("copy_layers_by_pattern"):
        names = answer(source, target, r"hidden[123]")
        checks.check_equal(names, ["hidden1", "hidden2", "hidden3"], name="copy_layers_by_pattern: the names returned",
                           hint="the whole name must match: hidden12 must not")
        for name in ("hidden1", "hidden2", "hidden3", "hidden12", "output"):
            same = np.array_equal(source.get_layer(name).get_weights()[0], target.get_layer(name).get_weights()[0])
            checks.check_equal(same, name in ("hidden1", "hidden2", "hidden3"),
                               name=f"copy_layers_by_pattern: {name} has the source's weights",
                               hint="copy exactly the layers whose whole name matches the pattern")


def prepare_for_fine_tuning(answer, batch):
    """Exercise 2: unfreeze a base for fine-tuning while its batch normalization stays in inference mode."""
    import keras

    keras.utils.set_random_seed(3)
    base = keras.Sequential([keras.Input((8,)), keras.layers.Dense(8, name="dense_a"),
                             keras.layers.BatchNormalization(name="norm_a"), keras.layers.Dense(8, name="dense_b"),
                             keras.layers.BatchNormalization(name="norm_b")])
    base.trainable = False
    with checks.exercise("prepare_for_fine_tuning"):
        answer(base)
        inputs = keras.Input((8,))
        model = keras.Model(inputs, keras.layers.Dense(1)(base(inputs, training=False)))
        stats = {name: base.get_layer(name).moving_mean.numpy().copy() for name in ("norm_a", "norm_b")}
        kernels = {name: base.get_layer(name).kernel.numpy().copy() for name in ("dense_a", "dense_b")}
        model.compile(optimizer="sgd", loss="mse")
        model.fit(batch, np.ones((len(batch), 1)), epochs=2, verbose=0)
        for name, before in stats.items():
            checks.check_equal(bool(np.array_equal(before, base.get_layer(name).moving_mean.numpy())), True,
                               name=f"prepare_for_fine_tuning: {name}'s moving mean unchanged by fit()",
                               hint="fit() trains with training=True, and that reaches the base's BN layers "
                                    "whatever the call said. Of the switches the lab measured, which one held?")
        for name, before in kernels.items():
            checks.check_equal(bool(np.array_equal(before, base.get_layer(name).kernel.numpy())), False,
                               name=f"prepare_for_fine_tuning: {name} trained by fit()",
                               hint="the base arrives frozen; fine-tuning must train its other layers "
                                    "(a frozen outer model hides trainable inner layers)")


def build_model_b(answer, model_a, xb_pool, yb_pool, compile_b):
    """Exercise 3: model B starts from A's weights, and training B leaves A unchanged."""
    a_before = [w.copy() for w in model_a.get_weights()]
    with checks.exercise("build_model_b"):
        model_b = answer(model_a)
        checks.check_model(model_b, name="build_model_b returns a model")
        checks.check_shape(model_b(xb_pool[:2]), (2, 1), name="build_model_b output shape",
                           hint="task B has two classes: one sigmoid unit")
        first_kernel = next(layer for layer in model_b.layers if layer.weights).get_weights()[0]
        checks.check_array(first_kernel, model_a.get_layer("conv1").get_weights()[0],
                           name="build_model_b starts from A's weights", hint="copy A's weights into the copy")
        compile_b(model_b, 1e-2)
        model_b.fit(xb_pool[:64], yb_pool[:64], epochs=1, verbose=0)
        unchanged = all(np.array_equal(a, b) for a, b in zip(a_before, model_a.get_weights()))
        checks.check_equal(unchanged, True, name="model A unchanged after training B",
                           hint="a new model built from A's layers shares them with A: train copies instead")


def train_with_few_labels(answer, model_a, xb_pool, yb_pool, xb_test, yb_test, n_labelled):
    """Exercise 4: task B from a few labels, on A's frozen layers, above a floor."""
    import keras

    floor = choose(quick=0.80, full=0.88)
    a_before = [w.copy() for w in model_a.get_weights()]
    a_kernels = [model_a.get_layer(name).get_weights()[0] for name in ("conv1", "conv2")]
    with checks.exercise("train_with_few_labels"):
        picked = np.random.default_rng(base_seed() + 100).choice(len(xb_pool), n_labelled, replace=False)
        keras.utils.set_random_seed(base_seed())
        model_b = answer(model_a, xb_pool[picked], yb_pool[picked])
        checks.check_model(model_b, name="train_with_few_labels returns a model")
        probabilities = model_b.predict(xb_test, verbose=0)
        checks.check_shape(probabilities, (len(xb_test), 1), name="train_with_few_labels: one probability per image",
                           hint="task B needs one sigmoid unit")
        kept = [any(tuple(v.shape) == k.shape and np.array_equal(np.asarray(v), k) for v in model_b.weights)
                for k in a_kernels]
        checks.check_equal(kept, [True, True], name="train_with_few_labels: A's conv1 and conv2 kernels kept, frozen",
                           hint="reuse A's layers with A's weights, and keep them from training")
        unchanged = all(np.array_equal(a, b) for a, b in zip(a_before, model_a.get_weights()))
        checks.check_equal(unchanged, True, name="train_with_few_labels: model A unchanged")
        accuracy = float(np.mean((probabilities[:, 0] > 0.5) == (yb_test > 0.5)))
        print(f"test accuracy on task B: {accuracy:.4f} (floor {floor})")
        checks.check_at_least(accuracy, floor, name="train_with_few_labels: test accuracy on task B",
                              hint=f"with {n_labelled} images one epoch is one optimizer step: the new layer needs "
                                   "many more than a usual fit gives it; frozen layers' outputs never change")
