"""Plausible wrong answers for every exercise: each must make its check fail.

Keyed by notebook stem, then by the function (or class) the exercise asks for (the
alphabetically first one when it asks for several). An entry is either the source of a wrong
answer or a function that plants one bug in the solution's source (its result must differ). Some answers
crash inside the student's code or return nothing: the check must still answer with an AssertionError.
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
        # never wraps plain numbers: `vy + 2` fails inside __add__
        lambda src: src.replace("        other = self._wrap(other)\n        out = Value(self.data + other.data",
                                "        out = Value(self.data + other.data"),
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
        # forgets to return
        "def softmax(logits):\n    exps = np.exp(logits - logits.max(axis=1, keepdims=True))\n"
        "    exps / exps.sum(axis=1, keepdims=True)\n",
        # mixes float64 and float32 tensors: TensorFlow raises inside the function
        "def softmax(logits):\n    exps = tf.exp(tf.constant(logits, dtype=tf.float64))\n"
        "    return exps / tf.reduce_sum(tf.exp(logits), axis=-1, keepdims=True)\n",
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

WRONG_ANSWERS["03_regularization"] = {
    "l1_penalty": [
        # an L2 penalty
        lambda src: src.replace("tf.abs(w)", "tf.square(w)"),
        # forgets the scale
        lambda src: src.replace("return scale * tf.add_n", "return tf.add_n"),
        # averages instead of summing
        lambda src: src.replace("tf.reduce_sum(tf.abs(w))", "tf.reduce_mean(tf.abs(w))"),
    ],
    "inverted_dropout": [
        # no rescaling of the kept units
        lambda src: src.replace("x / keep_prob", "x"),
        # divides by the dropout rate instead of the keep probability
        lambda src: src.replace("x / keep_prob", "x / rate"),
        # old-style dropout: scales by keep_prob (that belongs at inference)
        lambda src: src.replace("x / keep_prob", "x * keep_prob"),
        # multiplies floats by a boolean tensor: TensorFlow refuses inside the function
        "def inverted_dropout(x, keep_mask, rate):\n"
        "    return tf.multiply(x, tf.constant(keep_mask)) / (1 - rate)\n",
    ],
    "early_stopping_epochs": [
        # counts a tie as an improvement
        lambda src: src.replace("if loss < best_loss:", "if loss <= best_loss:"),
        # waits one epoch too many
        lambda src: src.replace("if waited >= patience:", "if waited > patience:"),
        # restores the last epoch instead of the best one
        lambda src: src.replace("return epoch, best_epoch", "return epoch, epoch"),
    ],
}

WRONG_ANSWERS["04_initialization_activations"] = {
    "leaky_relu": [
        # clips at alpha instead of scaling by it
        "def leaky_relu(z, alpha=0.01):\n    return tf.maximum(alpha, z)\n",
        # plain ReLU
        "def leaky_relu(z, alpha=0.01):\n    return tf.nn.relu(z)\n",
        # min instead of max
        lambda src: src.replace("tf.maximum(alpha * z, z)", "tf.minimum(alpha * z, z)"),
    ],
    "uniform_limit": [
        # the standard deviation instead of the uniform limit (forgets the 3)
        lambda src: src.replace("np.sqrt(3.0 * scale / n)", "np.sqrt(scale / n)"),
        # fan_avg taken as the sum of the fans
        lambda src: src.replace('"fan_avg": (fan_in + fan_out) / 2', '"fan_avg": fan_in + fan_out'),
        # ignores the mode
        lambda src: src.replace("[mode]", '["fan_in"]'),
    ],
    "elu_derivative": [
        # the derivative of exp(z) - 1 without alpha
        lambda src: src.replace("alpha * tf.exp(z)", "tf.exp(z)"),
        # ELU's value instead of its derivative on the negative side
        lambda src: src.replace("alpha * tf.exp(z)", "alpha * (tf.exp(z) - 1)"),
        # ReLU's derivative
        lambda src: src.replace("alpha * tf.exp(z)", "tf.zeros_like(z)"),
    ],
}

WRONG_ANSWERS["05_batch_normalization"] = {
    "batch_norm_train": [
        # statistics over the features instead of the batch
        lambda src: src.replace("axes=[0]", "axes=[1], keepdims=True"),
        # epsilon outside the square root
        lambda src: src.replace("tf.sqrt(variance + epsilon)", "(tf.sqrt(variance) + epsilon)"),
        # forgets gamma and beta
        lambda src: src.replace("return gamma * (x - mean) / tf.sqrt(variance + epsilon) + beta",
                                "return (x - mean) / tf.sqrt(variance + epsilon)"),
        # divides by the standard deviation squared (the variance)
        lambda src: src.replace("tf.sqrt(variance + epsilon)", "(variance + epsilon)"),
    ],
    "update_moving_average": [
        # weights swapped
        lambda src: src.replace("momentum * moving + (1.0 - momentum) * batch_value",
                                "(1.0 - momentum) * moving + momentum * batch_value"),
        # replaces instead of averaging
        "def update_moving_average(moving, batch_value, momentum=0.99):\n    return batch_value\n",
        # a number where an array belongs
        "def update_moving_average(moving, batch_value, momentum=0.99):\n"
        "    return float(np.mean(momentum * moving + (1 - momentum) * batch_value))\n",
    ],
    "batch_norm_inference": [
        # uses the batch statistics, as in training
        "def batch_norm_inference(x, moving_mean, moving_variance, gamma, beta, epsilon=1e-3):\n"
        "    mean, variance = tf.nn.moments(tf.convert_to_tensor(x), axes=[0])\n"
        "    return gamma * (x - mean) / tf.sqrt(variance + epsilon) + beta\n",
        # treats the moving variance as a standard deviation
        lambda src: src.replace("tf.sqrt(moving_variance + epsilon)", "(moving_variance + epsilon)"),
        # forgets epsilon
        lambda src: src.replace("tf.sqrt(moving_variance + epsilon)", "tf.sqrt(moving_variance)"),
    ],
}

WRONG_ANSWERS["07_convolution_pooling"] = {
    "conv2d_valid": [
        # the textbook convolution flips the kernel; deep-learning layers do not
        lambda src: src.replace("* kernel)", "* kernel[::-1, ::-1])"),
        # one output row and column too few
        lambda src: src.replace("// stride + 1", "// stride"),
        # ignores the stride when sliding
        lambda src: src.replace("image[i * stride:i * stride + f, j * stride:j * stride + f]",
                                "image[i:i + f, j:j + f]"),
    ],
    "conv_output_size": [
        # rounds down for same padding
        lambda src: src.replace("math.ceil(width / stride)", "width // stride"),
        # forgets the + 1 of the valid formula
        lambda src: src.replace("math.ceil((width - filter_size + 1) / stride)",
                                "math.ceil((width - filter_size) / stride)"),
        # same padding taken to mean "same size", whatever the stride
        lambda src: src.replace("return math.ceil(width / stride)", "return width"),
    ],
    "max_pool_2x2": [
        # average pooling
        lambda src: src.replace(".max(axis=(2, 4))", ".mean(axis=(2, 4))"),
        # keeps the top-left value of each block
        "def max_pool_2x2(x):\n    return x[:, ::2, ::2, :]\n",
        # groups pixels that are h/2 apart instead of neighbours
        lambda src: src.replace("x.reshape(b, h // 2, 2, w // 2, 2, c).max(axis=(2, 4))",
                                "x.reshape(b, 2, h // 2, 2, w // 2, c).max(axis=(1, 3))"),
    ],
}

WRONG_ANSWERS["08_cnn_lenet5"] = {
    "top_k_accuracy": [
        # argsort is ascending: these are the k smallest scores
        lambda src: src.replace("[:, -k:]", "[:, :k]"),
        # top-1 whatever k is
        lambda src: src.replace("[:, -k:]", "[:, -1:]"),
        # the hits per row instead of their mean
        lambda src: src.replace("float(np.mean(np.any(", "(np.any(").replace("axis=1)))", "axis=1))"),
        # a string
        "def top_k_accuracy(y_true, probabilities, k=5):\n    return '0.25'\n",
    ],
    "receptive_field": [
        # adds the whole kernel per layer
        lambda src: src.replace("n_layers * (kernel_size - 1) + 1", "n_layers * kernel_size"),
        # the notes' slip: two 3x3 layers taken to see 9x9
        lambda src: src.replace("n_layers * (kernel_size - 1) + 1", "kernel_size ** n_layers"),
        # forgets the centre pixel
        lambda src: src.replace("n_layers * (kernel_size - 1) + 1", "n_layers * (kernel_size - 1)"),
    ],
    "partial_conv_params": [
        # forgets the biases
        lambda src: src.replace(" + np.shape(table)[1]", ""),
        # counts every input-output pair, as for a full convolution
        lambda src: src.replace("np.count_nonzero(table)", "np.size(table)"),
        # one bias per connection
        lambda src: src.replace("+ np.shape(table)[1]", "+ int(connected)"),
    ],
}

WRONG_ANSWERS["06_transfer_learning"] = {
    "copy_layers_by_pattern": [
        # re.match only anchors the start: "hidden12" matches "hidden1"
        lambda src: src.replace("re.fullmatch(pattern, layer.name)", "re.match(pattern, layer.name)"),
        # ignores the pattern (the output layer cannot even be copied across tasks)
        lambda src: src.replace("if re.fullmatch(pattern, layer.name):", "if layer.weights:"),
        # copies but reports nothing
        lambda src: src.replace("    return copied", "    return []"),
    ],
    "freeze_all_but_top": [
        # one layer too few stays trainable
        lambda src: src.replace("index >= len(model.layers) - n_top", "index > len(model.layers) - n_top"),
        # freezes the top instead of the bottom
        lambda src: src.replace("index >= len(model.layers) - n_top", "index < n_top"),
    ],
    "build_model_b": [
        # shares A's layer objects: training B changes A
        "def build_model_b(model_a):\n"
        "    return keras.Sequential(model_a.layers[:-1] + [keras.layers.Dense(1, activation='sigmoid')])\n",
        # clones the architecture but not the weights
        lambda src: src.replace("    copy.set_weights(model_a.get_weights())\n", ""),
        # keeps A's 8-class head
        "def build_model_b(model_a):\n"
        "    copy = keras.models.clone_model(model_a)\n"
        "    copy.set_weights(model_a.get_weights())\n"
        "    return copy\n",
        # builds the model but forgets to return it
        lambda src: src.replace("    return keras.Model(copy.inputs, outputs)", "    keras.Model(copy.inputs, outputs)"),
    ],
}
