"""Plausible wrong answers for every exercise: each must make its check fail.

Keyed by notebook stem, then by the function (or class) the exercise asks for (the
alphabetically first one when it asks for several). An entry is either the source of a wrong
answer or a function that plants one bug in the solution's source (its result must differ).
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

WRONG_ANSWERS["01_autodiff"] = {
    "numerical_gradient": [
        # forward difference: first-order accurate only
        lambda src: src.replace("(f(x + step) - f(x - step)) / (2 * eps)", "(f(x + step) - f(x)) / eps"),
        # central difference divided by eps instead of 2 * eps
        lambda src: src.replace("/ (2 * eps)", "/ eps"),
        # nudges x in place and never puts it back
        "def numerical_gradient(f, x, eps=1e-6):\n"
        "    grad = np.zeros_like(x)\n"
        "    for i in range(x.size):\n"
        "        x[i] += eps\n        plus = f(x)\n        x[i] -= 2 * eps\n        minus = f(x)\n"
        "        grad[i] = (plus - minus) / (2 * eps)\n"
        "    return grad\n",
    ],
    "Value": [
        # overwrites gradients instead of accumulating them
        lambda src: src.replace("grad +=", "grad ="),
        # calls the backward functions from the inputs up
        lambda src: src.replace("for node in reversed(order):", "for node in order:"),
        # sign error in the sigmoid's derivative
        lambda src: src.replace("s * (1 - s)", "s * (1 + s)"),
        # power rule without the -1
        lambda src: src.replace("self.data ** (exponent - 1)", "self.data ** exponent"),
        # exp's derivative taken as the input instead of the output
        lambda src: src.replace("self.grad += out.data * out.grad", "self.grad += self.data * out.grad"),
    ],
    "nesterov_step": [
        # plain momentum
        lambda src: src.replace("return w + momentum * velocity - learning_rate * grad, velocity",
                                "return w + velocity, velocity"),
        # moves w with the old velocity
        "def nesterov_step(w, velocity, grad, learning_rate, momentum=0.9):\n"
        "    new_w = w + momentum * velocity - learning_rate * grad\n"
        "    return new_w, momentum * velocity - learning_rate * grad\n",
        # sign error on the look-ahead
        lambda src: src.replace("w + momentum * velocity", "w - momentum * velocity"),
    ],
}

WRONG_ANSWERS["02_mlp"] = {
    "softmax": [
        # no max subtraction: exp(1000) overflows to inf, giving NaN
        lambda src: src.replace("logits - tf.reduce_max(logits, axis=-1, keepdims=True)", "logits"),
        # normalised over the batch instead of the classes
        lambda src: src.replace("tf.reduce_sum(exps, axis=-1, keepdims=True)",
                                "tf.reduce_sum(exps, axis=0, keepdims=True)"),
        # an independent sigmoid per class is not a softmax
        "def softmax(logits):\n    return tf.sigmoid(tf.convert_to_tensor(logits))\n",
    ],
    "count_parameters": [
        # forgets the biases
        lambda src: src.replace("n_in * n_out + n_out", "n_in * n_out"),
        # one bias per input instead of per neuron
        lambda src: src.replace("n_in * n_out + n_out", "n_in * n_out + n_in"),
    ],
    "dense_relu": [
        # forgets the bias
        "def dense_relu(x, W, b):\n    return tf.nn.relu(tf.matmul(x, W))\n",
        # adds the bias after the activation
        "def dense_relu(x, W, b):\n    return tf.nn.relu(tf.matmul(x, W)) + b\n",
        # the logistic function instead of ReLU
        "def dense_relu(x, W, b):\n    return tf.sigmoid(tf.matmul(x, W) + b)\n",
    ],
}
