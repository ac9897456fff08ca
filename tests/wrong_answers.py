"""Plausible wrong answers for every exercise: each must make its check fail.

Keyed by notebook stem, then by the function (or class) the exercise asks for (the
alphabetically first one when it asks for several).
"""
WRONG_ANSWERS = {
    "00_setup": {
        "to_model_input": [
            # forgot to scale
            "def to_model_input(images):\n    return tf.cast(images, tf.float32)[..., tf.newaxis]\n",
            # channel axis first
            "def to_model_input(images):\n    return tf.cast(images, tf.float32)[:, tf.newaxis] / 255.0\n",
            # NumPy's float64 default
            "def to_model_input(images):\n    return images[..., None] / 255.0\n",
        ],
        "standardize": [
            # statistics over the whole tensor instead of per column
            "def standardize(X):\n    X = tf.constant(X)\n"
            "    return (X - tf.reduce_mean(X)) / tf.math.reduce_std(X)\n",
            # reduced over the wrong axis
            "def standardize(X):\n    X = tf.constant(X)\n"
            "    mean = tf.reduce_mean(X, axis=1, keepdims=True)\n"
            "    return (X - mean) / tf.math.reduce_std(X, axis=1, keepdims=True)\n",
            # centred but not scaled
            "def standardize(X):\n    return X - tf.reduce_mean(X, axis=0)\n",
            # sample standard deviation (ddof=1) instead of the population one
            "def standardize(X):\n    return (X - X.mean(axis=0)) / X.std(axis=0, ddof=1)\n",
        ],
    },
}
