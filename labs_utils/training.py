"""Training many small models cheaply.

A lab that measures a claim over seeds trains the same configuration again and again. Keras traces a new
model's training step into a TensorFlow graph on its first ``fit`` (about a second on a laptop CPU, more
than a small model's whole training); ``seeded_model`` lets later seeds reuse that graph. ``fit_steps``
trains for a set number of updates, however few images there are.
"""
import json
from collections import OrderedDict

_CACHE_SIZE = 24
_trained = OrderedDict()   # configuration key -> the model that configuration's first run trained


def restart(model, start):
    """Set a compiled, once-trained model back to ``start`` with a fresh optimizer (step 0, no moments).

    ``start`` is a freshly built model of the same architecture (its weights and the states of its random
    layers, e.g. Dropout, are copied, so the next ``fit`` trains exactly as that new model would), or a
    list from ``model.get_weights()`` taken before training (weights only). Either way the next ``fit``
    reuses the training step Keras traced on the first one. Returns ``model``.
    """
    import tensorflow as tf

    if model.optimizer is None or not model.optimizer.built:
        raise ValueError("restart() needs a model that was compiled and trained once; call fit() first")
    if isinstance(start, (list, tuple)):
        model.set_weights(start)
    else:
        if len(start.variables) != len(model.variables):
            raise ValueError(f"restart(): {start.name} has {len(start.variables)} variables, "
                             f"{model.name} has {len(model.variables)}; build it with the same function")
        for target, source in zip(model.variables, start.variables):
            target.assign(source)
    for variable in model.optimizer.variables:
        if variable.name != "learning_rate":      # a float learning rate is a variable too: keep it
            variable.assign(tf.zeros_like(variable))
    return model


def _unnamed(config):
    """A Keras config without the automatic names (dense_3, sequential_7) that differ between copies."""
    if isinstance(config, dict):
        return {k: _unnamed(v) for k, v in config.items() if k != "name"}
    if isinstance(config, (list, tuple)):
        return [_unnamed(v) for v in config]
    return config


def _key(model):
    """What makes two compiled models interchangeable: the same layers and the same compile settings."""
    import keras

    compiled = dict(model._compile_config.config) if getattr(model, "_compile_config", None) else {}
    for name, value in compiled.items():     # optimizer and loss objects by their settings, not their address
        if hasattr(value, "get_config"):
            compiled[name] = keras.saving.serialize_keras_object(value)
    return json.dumps(_unnamed([model.get_config(), compiled]), sort_keys=True, default=repr)


def seeded_model(build, seed, **options):
    """The model ``build(**options)`` returns when the global seed is ``seed``, ready for ``fit``.

    The first call for a configuration returns that new model. Once it has been trained, a later call with
    the same configuration returns the *same object* set back to this seed's starting point (weights,
    random layers, a fresh optimizer), which trains exactly as a new model would without tracing again.
    So take what you need from a model (scores, weights) before you ask for the next one.
    """
    import keras

    keras.utils.set_random_seed(seed)
    fresh = build(**options)
    if getattr(fresh, "optimizer", None) is None:
        raise ValueError("seeded_model(): build() must return a compiled model")
    key = _key(fresh)
    model = _trained.get(key)
    if model is None or not model.optimizer.built:
        _trained[key] = fresh
        while len(_trained) > _CACHE_SIZE:
            _trained.popitem(last=False)
        return fresh
    _trained.move_to_end(key)
    return restart(model, fresh)


def fit_steps(model, x, y, steps, *, batch_size=None, seed=None, points=1, validation_data=None):
    """Train ``model`` for ``steps`` updates on ``(x, y)``, reshuffled each pass; returns the history.

    With a few dozen labelled images one epoch is one or two steps, and Keras's fixed cost per epoch would
    dominate. Here the data repeats, so any number of steps is one ``fit``. ``batch_size`` defaults to the
    whole set (at most 128); ``points`` splits the steps into that many epochs, e.g. to draw a learning
    curve from ``validation_data`` (the steps are then rounded down to a multiple of ``points``).
    """
    from .data import make_dataset

    if steps < points or points < 1:
        raise ValueError(f"fit_steps: need steps >= points >= 1, got steps={steps}, points={points}")
    per_call = getattr(model, "steps_per_execution", 1) or 1
    if (steps // points) % per_call:   # Keras would run a whole call's steps each epoch: more than asked
        raise ValueError(f"fit_steps: {steps // points} steps per point is not a multiple of the model's "
                         f"steps_per_execution ({per_call}); change one of them")
    ds = make_dataset(x, y, batch_size=batch_size or min(len(x), 128), shuffle=True, seed=seed, repeat=True)
    return model.fit(ds, steps_per_epoch=steps // points, epochs=points, verbose=0, shuffle=False,
                     validation_data=validation_data)
