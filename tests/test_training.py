"""labs_utils.training: a reused model trains exactly like a new one, without re-tracing; fit_steps counts updates."""
import keras
import numpy as np
import pytest

from labs_utils.data import make_dataset
from labs_utils.training import fit_steps, restart

rng = np.random.default_rng(0)
X, Y = rng.normal(size=(64, 6)).astype("float32"), rng.integers(0, 3, 64)


def _model(learning_rate, dropout=0.0):
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dropout(dropout), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy")
    return model


def _fit(model):
    model.fit(make_dataset(X, Y, batch_size=16, shuffle=True, seed=0), epochs=5, verbose=0, shuffle=False)
    return model


@pytest.mark.parametrize("learning_rate", [0.01, keras.optimizers.schedules.CosineDecay(0.01, 20)])
def test_restart_from_weights_trains_like_a_new_model_and_keeps_the_traced_step(learning_rate):
    trained = {}
    for seed in (1, 2):
        keras.utils.set_random_seed(seed)
        trained[seed] = _fit(_model(learning_rate)).get_weights()
    keras.utils.set_random_seed(1)
    reused = _model(learning_rate)
    start = reused.get_weights()
    _fit(reused)
    step = reused.train_function
    for seed in (1, 2):
        if seed == 2:   # seed 2's starting weights, from a model built with that seed and never trained
            keras.utils.set_random_seed(2)
            start = _model(learning_rate).get_weights()
        assert restart(reused, start) is reused
        assert int(reused.optimizer.iterations) == 0
        for a, b in zip(_fit(reused).get_weights(), trained[seed]):
            np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    assert reused.train_function is step                 # not traced again
    if isinstance(learning_rate, float):                  # a float learning rate is a variable: kept
        assert float(keras.ops.convert_to_numpy(reused.optimizer.learning_rate)) == pytest.approx(0.01)


def test_restart_from_a_fresh_model_also_restarts_its_random_layers():
    keras.utils.set_random_seed(2)
    expected = _fit(_model(0.01, dropout=0.5)).get_weights()
    keras.utils.set_random_seed(1)
    reused = _fit(_model(0.01, dropout=0.5))
    keras.utils.set_random_seed(2)
    restart(reused, _model(0.01, dropout=0.5))           # weights and Dropout's generator state
    for a, b in zip(_fit(reused).get_weights(), expected):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


def test_restart_says_what_to_do_when_it_cannot():
    with pytest.raises(ValueError, match="fit"):
        restart(_model(0.01), [])
    trained = _fit(_model(0.01))
    other = keras.Sequential([keras.Input((6,)), keras.layers.Dense(3)])
    with pytest.raises(ValueError, match="same function"):
        restart(trained, other)


def test_seeded_model_trains_each_seed_exactly_like_a_new_model_and_traces_once():
    from labs_utils.training import seeded_model

    expected = {}
    for seed in (3, 4):
        keras.utils.set_random_seed(seed)
        expected[seed] = _fit(_model(0.01, dropout=0.5)).get_weights()
    first = _fit(seeded_model(_model, 3, learning_rate=0.01, dropout=0.5))
    step = first.train_function
    second = seeded_model(_model, 4, learning_rate=0.01, dropout=0.5)
    assert second is first and second.train_function is step
    for a, b in zip(_fit(second).get_weights(), expected[4]):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    # Another configuration is another model; an untrained cached model is simply replaced.
    other = seeded_model(_model, 4, learning_rate=0.01, dropout=0.2)
    assert other is not first
    assert seeded_model(_model, 5, learning_rate=0.01, dropout=0.2) is not other
    with pytest.raises(ValueError, match="compiled"):
        seeded_model(lambda: keras.Sequential([keras.Input((6,)), keras.layers.Dense(3)]), 1)


@pytest.mark.parametrize("n, steps, points", [(5, 7, 1), (64, 30, 3), (300, 4, 2)])
def test_fit_steps_makes_exactly_the_updates_asked_for_whatever_the_data_size(n, steps, points):
    model = _model(0.01)
    x = np.resize(X, (n, 6)).astype("float32")
    history = fit_steps(model, x, np.resize(Y, n), steps, seed=0, points=points, validation_data=(X, Y))
    assert int(model.optimizer.iterations) == steps
    assert len(history.history["val_loss"]) == points


def test_fit_steps_is_seeded_and_refuses_bad_counts():
    runs = []
    for _ in range(2):
        keras.utils.set_random_seed(3)
        model = _model(0.01)
        fit_steps(model, X, Y, 10, batch_size=16, seed=5)
        runs.append(model.get_weights())
    assert all(np.array_equal(a, b) for a, b in zip(*runs))
    with pytest.raises(ValueError, match="steps >= points"):
        fit_steps(_model(0.01), X, Y, 2, points=3)
    with pytest.raises(ValueError, match="same length"):
        fit_steps(_model(0.01), X, Y[:10], 5)


@pytest.mark.parametrize("steps, points, ok", [(30, 1, True), (300, 10, True), (50, 10, False), (25, 1, False)])
def test_fit_steps_counts_right_with_several_steps_per_call_or_says_why_not(steps, points, ok):
    model = _model(0.01)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy",
                  steps_per_execution=10)
    if not ok:
        with pytest.raises(ValueError, match="not a multiple of the model's steps_per_execution"):
            fit_steps(model, X, Y, steps, points=points)
        return
    fit_steps(model, X, Y, steps, points=points)
    assert int(model.optimizer.iterations) == steps
