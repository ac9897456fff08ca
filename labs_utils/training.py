"""Training many small models cheaply: reuse one compiled model instead of building a new one per run."""


def restart(model, weights):
    """Set a compiled model back to ``weights`` with a fresh optimizer (step 0, no moment estimates).

    The next ``fit`` trains from scratch exactly as a new model with those weights would, but reuses the
    training step Keras traced into a TensorFlow graph on the first ``fit`` (about a second on a laptop
    CPU, more than a small model's whole training). Get ``weights`` from ``model.get_weights()`` before
    training, or from a freshly built model with another seed. Random layers (Dropout, lab 04's RReLU)
    continue their random streams rather than starting them again.
    """
    import tensorflow as tf

    if model.optimizer is None or not model.optimizer.built:
        raise ValueError("restart() needs a model that was compiled and trained once; call fit() first")
    model.set_weights(weights)
    for variable in model.optimizer.variables:
        if variable.name != "learning_rate":      # a float learning rate is a variable too: keep it
            variable.assign(tf.zeros_like(variable))
