"""Training many small models cheaply: reuse one compiled model instead of building a new one per run."""


def restart(model, start):
    """Set a compiled, once-trained model back to ``start`` with a fresh optimizer (step 0, no moments).

    ``start`` is a freshly built model of the same architecture (its weights and the states of its random
    layers, e.g. Dropout, are copied, so the next ``fit`` trains exactly as that new model would), or a
    list from ``model.get_weights()`` taken before training (weights only). Either way the next ``fit``
    reuses the training step Keras traced into a TensorFlow graph on the first one (about a second on a
    laptop CPU, more than a small model's whole training). Returns ``model``.
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
