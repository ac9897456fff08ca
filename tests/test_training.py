"""labs_utils.training.restart: a reused model trains exactly like a new one, without re-tracing."""
import keras
import numpy as np
import pytest

from labs_utils.data import make_dataset
from labs_utils.training import restart


def _model(learning_rate):
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy")
    return model


@pytest.mark.parametrize("learning_rate", [0.01, keras.optimizers.schedules.CosineDecay(0.01, 20)])
def test_restart_trains_like_a_new_model_and_keeps_the_traced_step(learning_rate):
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(64, 6)).astype("float32"), rng.integers(0, 3, 64)
    runs = []
    for seed in (1, 2):
        keras.utils.set_random_seed(seed)
        fresh = _model(learning_rate)
        fresh.fit(make_dataset(x, y, batch_size=16, shuffle=True, seed=0), epochs=5, verbose=0, shuffle=False)
        runs.append((fresh.get_weights(), _model(learning_rate).get_weights()))
    keras.utils.set_random_seed(1)
    reused = _model(learning_rate)
    start = reused.get_weights()
    reused.fit(make_dataset(x, y, batch_size=16, shuffle=True, seed=0), epochs=5, verbose=0, shuffle=False)
    step = reused.train_function
    for seed, (trained, _) in zip((1, 2), runs):
        if seed == 2:   # seed 2's starting weights, from a model built with that seed and never trained
            keras.utils.set_random_seed(2)
            start = _model(learning_rate).get_weights()
        restart(reused, start)
        assert int(reused.optimizer.iterations) == 0
        reused.fit(make_dataset(x, y, batch_size=16, shuffle=True, seed=0), epochs=5, verbose=0, shuffle=False)
        for a, b in zip(reused.get_weights(), trained):
            np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    assert reused.train_function is step                 # not traced again
    if isinstance(learning_rate, float):                  # a float learning rate is a variable: kept
        assert float(keras.ops.convert_to_numpy(reused.optimizer.learning_rate)) == pytest.approx(0.01)


def test_restart_of_an_untrained_model_says_what_to_do():
    with pytest.raises(ValueError, match="fit"):
        restart(_model(0.01), [])
