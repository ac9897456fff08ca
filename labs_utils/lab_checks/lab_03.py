"""Lab 03's exercise checks."""
import numpy as np

from labs_utils import checks
from labs_utils.profiles import base_seed


def _flat_weights(model):
    return np.concatenate([v.numpy().ravel() for v in model.trainable_variables])


def train_step(answer, make_mlp, x_train, y_train):
    """Exercise 1: one step that changes the weights exactly as fit() does, beside Keras's train_on_batch."""
    import keras

    penalized = dict(dropout=0.3, regularizer=keras.regularizers.L2(1e-2), hidden=(64, 32))
    keras.utils.set_random_seed(base_seed())
    reference = make_mlp(**penalized)
    reference.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
    keras.utils.set_random_seed(base_seed())
    yours = make_mlp(**penalized)                 # the same initial weights and dropout random state
    sgd = keras.optimizers.SGD(0.1)
    with checks.exercise("train_step"):
        for step in range(3):
            xb, yb = x_train[64 * step:64 * (step + 1)], y_train[64 * step:64 * (step + 1)]
            expected = reference.train_on_batch(xb, yb, return_dict=True)["loss"]
            got = answer(yours, sgd, xb, yb)
            checks.check_number(got, expected, rtol=1e-4, name=f"train_step: loss of batch {step + 1}",
                                hint="fit() runs the model in training mode and minimises everything it reports "
                                     "as the loss, the penalties included")
            checks.check_array(_flat_weights(yours), _flat_weights(reference), rtol=1e-4, atol=1e-6,
                               name=f"train_step: weights after batch {step + 1}",
                               hint="the gradient must be taken of the whole loss, computed where the tape can see "
                                    "it; then let the optimizer apply it")


def InvertedDropout(answer, x_train, y_train):  # noqa: N802  (named after the class it checks)
    """Exercise 2: inverted dropout as a layer, measured on 120,000 units and trained inside fit()."""
    import keras

    units = np.random.default_rng(0).uniform(0.5, 1.5, (400, 300)).astype("float32")
    with checks.exercise("InvertedDropout"):
        for rate in (0.2, 0.6):
            layer = answer(rate)
            out = np.asarray(layer(units, training=True))
            kept = out != 0
            checks.check_number(1 - kept.mean(), rate, atol=0.01,
                                name=f"InvertedDropout({rate}): share of units dropped in training",
                                hint="each unit is dropped with probability rate, kept with probability 1 - rate")
            checks.check_array(out[kept], units[kept] / (1 - rate), rtol=1e-5,
                               name=f"InvertedDropout({rate}): the kept units",
                               hint="every unit's expected output must equal its input")
            kept_again = np.asarray(layer(units, training=True)) != 0
            checks.check_equal(bool((kept_again != kept).any()), True,
                               name=f"InvertedDropout({rate}): a new mask at the next call",
                               hint="draw the mask inside call(), every time it runs")
            checks.check_array(layer(units, training=False), units, name=f"InvertedDropout({rate}) at inference",
                               hint="at inference dropout does nothing: no mask and no scaling")
            checks.check_array(layer(units), units, name=f"InvertedDropout({rate}) called without training",
                               hint="when training is not given, the layer is in inference mode")
        keras.utils.set_random_seed(base_seed())
        tiny = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),
                                 keras.layers.Dense(32, activation="relu"), answer(0.5),
                                 keras.layers.Dense(10, activation="softmax")])
        tiny.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        loss = tiny.fit(x_train[:256], y_train[:256], batch_size=64, epochs=1, verbose=0).history["loss"][-1]
        checks.check_equal(bool(np.isfinite(loss)), True, name="InvertedDropout inside a model trained by fit()",
                           hint="fit() traces call() into a graph: use TensorFlow or keras.ops operations, not NumPy")


_unregularized = {}   # (seed, setting) -> the unregularized network's test accuracy: the same for every attempt


def regularized_mlp(answer, exercise_mlp, train_briefly, x_test, y_test):
    """Exercise 3: a regularization chosen on validation gains at least 1.5 test points over none, on two seeds."""
    import keras

    from labs_utils.training import seeded_model

    def test_accuracy(model):
        return float(np.mean(model.predict(x_test, batch_size=1000, verbose=0).argmax(axis=1) == y_test))

    with checks.exercise("regularized_mlp"):
        gains = []
        for seed in (base_seed(), base_seed() + 1):
            keras.utils.set_random_seed(seed)
            chosen = answer()
            checks.check_model(chosen, output_shape=(None, 10), name="regularized_mlp()",
                               hint="return a compiled model from (28, 28) images to 10 class probabilities")
            train_briefly(chosen, seed)
            key = (seed, id(train_briefly))
            if key not in _unregularized:
                plain = seeded_model(exercise_mlp, seed)     # the unregularized network from the same seed
                train_briefly(plain, seed)
                _unregularized[key] = test_accuracy(plain)
            gains.append(test_accuracy(chosen) - _unregularized[key])
        print("test accuracy gained per seed (points):", ", ".join(f"{100 * g:+.2f}" for g in gains))
        checks.check_at_least(100 * np.mean(gains), 1.5,
                              name="regularized_mlp: mean test gain over no regularization, points",
                              hint="the strengths that won in the lesson's setting are not the best here: compare "
                                   "several with train_briefly on the validation set, and keep the best")
