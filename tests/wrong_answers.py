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
        "dataset_accuracy": [
            # mean of per-batch accuracies: the last, smaller batch counts as much as a full one
            "def dataset_accuracy(model, dataset):\n"
            "    return np.mean([np.mean(model.predict(x, verbose=0).argmax(axis=1) == y.numpy())\n"
            "                    for x, y in dataset])\n",
            # only the first batch
            "def dataset_accuracy(model, dataset):\n"
            "    images, labels = next(iter(dataset))\n"
            "    return np.mean(model(images).numpy().argmax(axis=1) == labels.numpy())\n",
            # predictions from one pass, labels from another: misaligned when the dataset reshuffles
            "def dataset_accuracy(model, dataset):\n"
            "    predicted = model.predict(dataset, verbose=0).argmax(axis=1)\n"
            "    labels = np.concatenate([y for _, y in dataset])\n"
            "    return np.mean(predicted == labels)\n",
            # mean confidence of the top class instead of accuracy
            "def dataset_accuracy(model, dataset):\n"
            "    probabilities = np.concatenate([model(x).numpy() for x, _ in dataset])\n"
            "    return probabilities.max(axis=1).mean()\n",
            # argmax over the batch axis instead of the classes
            lambda src: src.replace("axis=-1", "axis=0"),
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
        # half the change of variables: the stored weights move by momentum * velocity only
        lambda src: src.replace("return w + momentum * velocity - learning_rate * grad, velocity",
                                "return w + momentum * velocity, velocity"),
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
        # the library's softmax: right values, but not the exercise
        "def softmax(logits):\n    return tf.nn.softmax(logits)\n",
        "def softmax(logits):\n    return keras.ops.softmax(tf.constant(logits), axis=-1)\n",
        "def softmax(logits):\n    return tf.exp(tf.nn.log_softmax(logits, axis=-1))\n",
    ],
    "design_mlp": [
        # the lab's own 150-150: over the budget (141,910 parameters)
        lambda src: src.replace("return [112, 112, 112]", "return [150, 150]"),
        # one wide layer within the budget: no better than the widest single layer
        "def design_mlp():\n    return [148]\n",
        # deeper is not always better: four narrow layers throw information away
        "def design_mlp():\n    return [64, 64, 64, 64]\n",
        # a model without an Input: unbuilt, no parameters to count
        "def design_mlp():\n"
        "    return keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(128, activation='relu'),\n"
        "                             keras.layers.Dense(128, activation='relu'),\n"
        "                             keras.layers.Dense(10, activation='softmax')])\n",
    ],
    "active_fraction": [
        # counts zeros as active: a ReLU's output is always >= 0
        lambda src: src.replace("(h > 0).mean()", "(h >= 0).mean()"),
        # the share of units that fire on at least one image (the complement of "dead" units)
        lambda src: src.replace("(h > 0).mean()", "(h > 0).any(axis=0).mean()"),
        # includes the softmax output layer
        lambda src: src.replace("model.layers[1:-1]", "model.layers[1:]"),
        # assumes two hidden layers
        lambda src: src.replace("model.layers[1:-1]", "model.layers[1:3]"),
        # the share of positive weights instead of active outputs
        "def active_fraction(model, x):\n"
        "    return [float((layer.get_weights()[0] > 0).mean()) for layer in model.layers[1:-1]]\n",
        # forgets the bias: x @ W > 0
        "def active_fraction(model, x):\n"
        "    h = np.reshape(x, (len(x), -1))\n"
        "    fractions = []\n"
        "    for layer in model.layers[1:-1]:\n"
        "        h = np.maximum(h @ layer.get_weights()[0], 0)\n"
        "        fractions.append((h > 0).mean())\n"
        "    return fractions\n",
    ],
}

# The class line and constructor every InvertedDropout answer below shares; they differ in call().
DROPOUT_LAYER_HEAD = (
    "class InvertedDropout(keras.layers.Layer):\n"
    "    def __init__(self, rate, **kwargs):\n"
    "        super().__init__(**kwargs)\n"
    "        self.rate = rate\n"
)

WRONG_ANSWERS["03_regularization"] = {
    "train_step": [
        # a plain model(x): inference mode, so dropout is off
        lambda src: src.replace("model(x, training=True)", "model(x)"),
        # forgets the penalties (the notes' warning)
        lambda src: src.replace(" + tf.add_n(model.losses)", ""),
        # the penalties added outside the tape: the right loss value, but no gradient from them
        "def train_step(model, optimizer, x, y):\n"
        "    with tf.GradientTape() as tape:\n"
        "        data_loss = loss_fn(y, model(x, training=True))\n"
        "    loss = data_loss + tf.add_n(model.losses)\n"
        "    grads = tape.gradient(data_loss, model.trainable_variables)\n"
        "    optimizer.apply_gradients(zip(grads, model.trainable_variables))\n"
        "    return loss\n",
        # computes the loss but never updates the weights
        "def train_step(model, optimizer, x, y):\n"
        "    return loss_fn(y, model(x, training=True)) + tf.add_n(model.losses)\n",
        # sums the cross-entropy over the batch instead of averaging it
        "def train_step(model, optimizer, x, y):\n"
        "    summed = keras.losses.SparseCategoricalCrossentropy(reduction='sum')\n"
        "    with tf.GradientTape() as tape:\n"
        "        loss = summed(y, model(x, training=True)) + tf.add_n(model.losses)\n"
        "    grads = tape.gradient(loss, model.trainable_variables)\n"
        "    optimizer.apply_gradients(zip(grads, model.trainable_variables))\n"
        "    return loss\n",
        # averages the penalties instead of adding them
        lambda src: src.replace("tf.add_n(model.losses)", "tf.reduce_mean(model.losses)"),
    ],
    "InvertedDropout": [
        # no rescaling of the kept units
        lambda src: src.replace("inputs / (1.0 - self.rate)", "inputs"),
        # divides by the dropout rate instead of the keep probability
        lambda src: src.replace("inputs / (1.0 - self.rate)", "inputs / self.rate"),
        # keeps a unit with probability rate (rate read as keep_prob, the notes' TF1 argument)
        lambda src: src.replace(">= self.rate", "< self.rate"),
        # drops units at inference too
        lambda src: src.replace("        if not training:\n            return inputs\n", ""),
        # old-style dropout: unscaled in training, scaled by keep_prob at inference
        DROPOUT_LAYER_HEAD +
        "    def call(self, inputs, training=False):\n"
        "        if not training:\n"
        "            return inputs * (1.0 - self.rate)\n"
        "        keep = tf.random.uniform(tf.shape(inputs)) >= self.rate\n"
        "        return tf.where(keep, inputs, tf.zeros_like(inputs))\n",
        # the same mask at every call
        DROPOUT_LAYER_HEAD +
        "    def call(self, inputs, training=False):\n"
        "        if not training:\n"
        "            return inputs\n"
        "        keep = tf.random.stateless_uniform(tf.shape(inputs), seed=[1, 2]) >= self.rate\n"
        "        return tf.where(keep, inputs / (1.0 - self.rate), tf.zeros_like(inputs))\n",
        # NumPy inside call(): right when called eagerly, impossible inside fit()'s graph
        DROPOUT_LAYER_HEAD +
        "    def call(self, inputs, training=False):\n"
        "        if not training:\n"
        "            return inputs\n"
        "        x = inputs.numpy()\n"
        "        keep = np.random.default_rng().random(x.shape) >= self.rate\n"
        "        return tf.constant(np.where(keep, x / (1.0 - self.rate), 0.0).astype('float32'))\n",
    ],
    "regularized_mlp": [
        # no regularization: the baseline itself gains nothing
        "def regularized_mlp():\n    return exercise_mlp()\n",
        # the lesson's winner copied without an experiment: too strong for this setting
        "def regularized_mlp():\n    return exercise_mlp(dropout=0.5)\n",
        # input and hidden dropout together, as in the lesson: far too strong here
        "def regularized_mlp():\n    return exercise_mlp(input_dropout=0.2, dropout=0.5)\n",
        # far too much dropout: it can no longer learn in 25 epochs
        "def regularized_mlp():\n    return exercise_mlp(dropout=0.9)\n",
        # an L2 penalty far too strong: it cannot even fit the correct labels
        "def regularized_mlp():\n    return exercise_mlp(regularizer=keras.regularizers.L2(0.1))\n",
        # a model that was never compiled
        "def regularized_mlp():\n"
        "    return keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),\n"
        "                             keras.layers.Dense(300, activation='relu'), keras.layers.Dropout(0.5),\n"
        "                             keras.layers.Dense(10, activation='softmax')])\n",
    ],
}

WRONG_ANSWERS["04_initialization_activations"] = {
    "he_init": [
        # LeCun's variance 1 / fan_in: forgets that ReLU zeroes half of the inputs
        lambda src: src.replace("np.sqrt(2.0 / fan_in)", "np.sqrt(1.0 / fan_in)"),
        # the notes' ReLU row (fan average), not He et al.'s fan-in
        lambda src: src.replace("np.sqrt(2.0 / fan_in)", "np.sqrt(4.0 / (fan_in + fan_out))"),
        # the variance used as the standard deviation
        lambda src: src.replace("np.sqrt(2.0 / fan_in)", "2.0 / fan_in"),
        # fan-out instead of fan-in
        lambda src: src.replace("np.sqrt(2.0 / fan_in)", "np.sqrt(2.0 / fan_out)"),
        # a uniform distribution with the normal's standard deviation as its limit
        "def he_init(fan_in, fan_out, seed=None):\n"
        "    limit = np.sqrt(2.0 / fan_in)\n"
        "    return np.random.default_rng(seed).uniform(-limit, limit, (fan_in, fan_out)).astype('float32')\n",
    ],
    "choose_initializer": [
        # the first table's probe: the most even gradient ratio, first layer vs last (N(0, 1) wins for the logistic)
        "def choose_initializer(activation, candidates, x, y, depth=10):\n"
        "    unevenness = {}\n"
        "    for name, initializer in candidates.items():\n"
        "        model = keras.Sequential([keras.Input((x.shape[1],))]\n"
        "            + [keras.layers.Dense(100, activation=activation, kernel_initializer=initializer)\n"
        "               for _ in range(depth)] + [keras.layers.Dense(10, activation='softmax')])\n"
        "        kernels = [layer.kernel for layer in model.layers[:-1]]\n"
        "        with tf.GradientTape() as tape:\n"
        "            loss = tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(y, model(x)))\n"
        "        norms = [float(tf.norm(g)) for g in tape.gradient(loss, kernels)]\n"
        "        unevenness[name] = abs(np.log10(norms[0] / norms[-1])) if norms[0] > 0 else np.inf\n"
        "    return min(unevenness, key=unevenness.get)\n",
        # the average layer instead of the slowest
        lambda src: src.replace("min(float(tf.norm(g) / tf.norm(w)) for g, w in zip(grads, kernels))",
                                "np.mean([float(tf.norm(g) / tf.norm(w)) for g, w in zip(grads, kernels)])"),
        # the fastest layer instead of the slowest
        lambda src: src.replace("slowest[name] = min(", "slowest[name] = max("),
        # probes the last hidden layer only
        lambda src: src.replace("zip(grads, kernels))", "zip(grads[-1:], kernels[-1:]))"),
        # returns the worst candidate
        lambda src: src.replace("return max(slowest", "return min(slowest"),
    ],
    "deep_net_that_learns": [
        # retyping the lab's He + ReLU network (the exercise asks for tanh or SELU)
        "def deep_net_that_learns():\n"
        "    return deep_net('relu', 'he_normal')\n",
        # leaky ReLU with He, as separate activation layers
        "def deep_net_that_learns():\n"
        "    inputs = keras.Input((784,))\n"
        "    h = inputs\n"
        "    for _ in range(15):\n"
        "        h = keras.layers.Dense(100, kernel_initializer='he_normal')(h)\n"
        "        h = keras.layers.LeakyReLU(negative_slope=0.1)(h)\n"
        "    return keras.Model(inputs, keras.layers.Dense(10, activation='softmax')(h))\n",
        # tanh with N(0, 1): saturated units barely move
        "def deep_net_that_learns():\n"
        "    layers = [keras.Input((784,))]\n"
        "    layers += [keras.layers.Dense(100, activation='tanh',\n"
        "                                  kernel_initializer={'class_name': 'RandomNormal',\n"
        "                                                      'config': {'stddev': 1.0}})\n"
        "               for _ in range(15)]\n"
        "    return keras.Sequential(layers + [keras.layers.Dense(10, activation='softmax')])\n",
        # SELU with tiny weights: the signal vanishes before it self-normalizes
        "def deep_net_that_learns():\n"
        "    layers = [keras.Input((784,))]\n"
        "    layers += [keras.layers.Dense(100, activation='selu',\n"
        "                                  kernel_initializer={'class_name': 'RandomNormal',\n"
        "                                                      'config': {'stddev': 0.01}})\n"
        "               for _ in range(15)]\n"
        "    return keras.Sequential(layers + [keras.layers.Dense(10, activation='softmax')])\n",
        # the most even gradients of the first table: logistic with N(0, 1)
        "def deep_net_that_learns():\n"
        "    layers = [keras.Input((784,))]\n"
        "    layers += [keras.layers.Dense(100, activation='sigmoid',\n"
        "                                  kernel_initializer=keras.initializers.RandomNormal(stddev=1.0))\n"
        "               for _ in range(15)]\n"
        "    return keras.Sequential(layers + [keras.layers.Dense(10, activation='softmax')])\n",
        # the notes' Xavier initialization for the logistic
        "def deep_net_that_learns():\n"
        "    layers = [keras.Input((784,))]\n"
        "    layers += [keras.layers.Dense(100, activation='sigmoid', kernel_initializer='glorot_uniform')\n"
        "               for _ in range(15)]\n"
        "    return keras.Sequential(layers + [keras.layers.Dense(10, activation='softmax')])\n",
        # ReLU with Keras's default initializer (Glorot): too small for 15 ReLU layers
        "def deep_net_that_learns():\n"
        "    layers = [keras.Input((784,))] + [keras.layers.Dense(100, activation='relu') for _ in range(15)]\n"
        "    return keras.Sequential(layers + [keras.layers.Dense(10, activation='softmax')])\n",
        # ReLU with tiny weights
        "def deep_net_that_learns():\n"
        "    layers = [keras.Input((784,))]\n"
        "    layers += [keras.layers.Dense(100, activation='relu',\n"
        "                                  kernel_initializer={'class_name': 'RandomNormal',\n"
        "                                                      'config': {'stddev': 0.01}})\n"
        "               for _ in range(15)]\n"
        "    return keras.Sequential(layers + [keras.layers.Dense(10, activation='softmax')])\n",
        # shallower than asked
        lambda src: src.replace("for _ in range(15)]", "for _ in range(10)]"),
        # batch normalization (lab 05's tool)
        lambda src: src.replace(
            'layers += [keras.layers.Dense(100, activation="selu", kernel_initializer="lecun_normal") for _ in range(15)]',
            'for _ in range(15):\n'
            '        layers += [keras.layers.Dense(100, activation="selu", kernel_initializer="lecun_normal"),\n'
            '                   keras.layers.BatchNormalization()]'),
    ],
}

WRONG_ANSWERS["05_batch_normalization"] = {
    "batch_norm": [
        # statistics over the batch axis only: per position of a feature map, not per channel
        lambda src: src.replace("axes = tuple(range(x.ndim - 1))", "axes = 0"),
        # sample variance (divides by m - 1)
        lambda src: src.replace("x.var(axis=axes)", "x.var(axis=axes, ddof=1)"),
        # momentum weights swapped
        lambda src: src.replace("moving_mean = momentum * moving_mean + (1.0 - momentum) * mean",
                                "moving_mean = (1.0 - momentum) * moving_mean + momentum * mean"),
        # epsilon outside the square root
        lambda src: src.replace("np.sqrt(variance + epsilon)", "(np.sqrt(variance) + epsilon)"),
        # batch statistics in both modes; the moving ones never updated
        "def batch_norm(x, gamma, beta, moving_mean, moving_variance, training, momentum=0.99, epsilon=1e-3):\n"
        "    axes = tuple(range(x.ndim - 1))\n"
        "    mean, variance = x.mean(axis=axes), x.var(axis=axes)\n"
        "    return gamma * (x - mean) / np.sqrt(variance + epsilon) + beta, moving_mean, moving_variance\n",
        # updates the moving statistics at inference too
        "def batch_norm(x, gamma, beta, moving_mean, moving_variance, training, momentum=0.99, epsilon=1e-3):\n"
        "    axes = tuple(range(x.ndim - 1))\n"
        "    mean, variance = x.mean(axis=axes), x.var(axis=axes)\n"
        "    new_mean = momentum * moving_mean + (1 - momentum) * mean\n"
        "    new_variance = momentum * moving_variance + (1 - momentum) * variance\n"
        "    if not training:\n"
        "        mean, variance = moving_mean, moving_variance\n"
        "    return gamma * (x - mean) / np.sqrt(variance + epsilon) + beta, new_mean, new_variance\n",
    ],
    "fold_batch_norm": [
        # forgets the Dense layer's own bias
        lambda src: src.replace("(bias - moving_mean) * scale + beta", "beta - moving_mean * scale"),
        # the bias is shifted but not scaled
        lambda src: src.replace("(bias - moving_mean) * scale + beta", "bias - moving_mean * scale + beta"),
        # divides by the scale instead of multiplying
        lambda src: src.replace("return kernel * scale,", "return kernel / scale,"),
        # forgets epsilon
        lambda src: src.replace("np.sqrt(moving_variance + epsilon)", "np.sqrt(moving_variance)"),
    ],
    "trainable_logistic_net": [
        # no BN: the gradients vanish before they reach the first layers
        "def trainable_logistic_net():\n"
        "    layers = [keras.Input((28, 28)), keras.layers.Flatten()]\n"
        "    layers += [keras.layers.Dense(50, activation='sigmoid') for _ in range(10)]\n"
        "    return keras.Sequential(layers + [keras.layers.Dense(10, activation='softmax')])\n",
        # BN in place but with the default momentum: inference-mode statistics still lag after 96 steps
        lambda src: src.replace("keras.layers.BatchNormalization(momentum=0.9)", "keras.layers.BatchNormalization()"),
        # a single BN on the input only
        "def trainable_logistic_net():\n"
        "    layers = [keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.BatchNormalization(momentum=0.9)]\n"
        "    layers += [keras.layers.Dense(50, activation='sigmoid') for _ in range(10)]\n"
        "    return keras.Sequential(layers + [keras.layers.Dense(10, activation='softmax')])\n",
        # swaps the logistic for ReLU (trains, but is not the network asked for)
        lambda src: src.replace('keras.layers.Activation("sigmoid")', 'keras.layers.Activation("relu")'),
        # a shallower network (trains, but is not the network asked for)
        lambda src: src.replace("for _ in range(10):", "for _ in range(3):"),
    ],
}

WRONG_ANSWERS["07_convolution_pooling"] = {
    "receptive_field": [
        # ignores the strides: adds kernel sizes as if every layer had stride 1
        lambda src: src.replace("jump *= stride", "pass"),
        # multiplies by the layer's own stride too (the stride only spaces the units above it)
        lambda src: src.replace("        field += (kernel_size - 1) * jump\n        jump *= stride",
                                "        jump *= stride\n        field += (kernel_size - 1) * jump"),
        # the kernel sizes added up
        "def receptive_field(layers):\n    return sum(k for k, s in layers)\n",
        # only the last layer's kernel, scaled by all strides
        "def receptive_field(layers):\n"
        "    k = layers[-1][0]\n"
        "    for _, s in layers[:-1]:\n"
        "        k *= s\n"
        "    return k\n",
    ],
    "same_padding": [
        # symmetric (F - 1) / 2 on each side, whatever the stride and the parity
        "def same_padding(width, filter_size, stride):\n"
        "    return (filter_size - 1) // 2, (filter_size - 1) // 2\n",
        # the odd zero before instead of after
        lambda src: src.replace("return total // 2, total - total // 2", "return total - total // 2, total // 2"),
        # F - 1 zeros in all, as for stride 1
        lambda src: src.replace("total = max((outputs - 1) * stride + filter_size - width, 0)",
                                "total = filter_size - 1"),
        # negative padding when the stride leaves pixels out
        lambda src: src.replace("total = max((outputs - 1) * stride + filter_size - width, 0)",
                                "total = (outputs - 1) * stride + filter_size - width"),
    ],
    "budget_cnn": [
        # an MLP squeezed under the budget: a 6-unit bottleneck learns little
        "def budget_cnn():\n"
        "    return keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(),\n"
        "                             keras.layers.Dense(6, activation='relu'),\n"
        "                             keras.layers.Dense(10, activation='softmax')])\n",
        # logistic regression: 7,850 parameters, over the budget
        "def budget_cnn():\n"
        "    return keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(),\n"
        "                             keras.layers.Dense(10, activation='softmax')])\n",
        # convolutions without pooling: the flattened maps make the dense layer huge
        lambda src: src.replace("        keras.layers.MaxPooling2D(2),\n", ""),
        # global average pooling straight after one small convolution: where features are is lost
        "def budget_cnn():\n"
        "    return keras.Sequential([keras.Input((28, 28, 1)),\n"
        "                             keras.layers.Conv2D(16, 3, activation='relu'),\n"
        "                             keras.layers.GlobalAveragePooling2D(),\n"
        "                             keras.layers.Dense(10, activation='softmax')])\n",
        # no softmax: 16 outputs instead of 10 probabilities
        lambda src: src.replace("Dense(10, activation=\"softmax\")", "Dense(16)"),
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
    "downsampling_block": [
        # no shortcut: a plain block
        lambda src: src.replace("L.Add()([y, shortcut])", "y"),
        # the shortcut adds x unchanged: the shapes differ
        lambda src: src.replace("shortcut = L.Conv2D(filters, 1, strides=2, use_bias=False)(x)", "shortcut = x")
                       .replace("    shortcut = L.BatchNormalization()(shortcut)\n", ""),
        # only the main path is strided
        lambda src: src.replace("L.Conv2D(filters, 1, strides=2, use_bias=False)", "L.Conv2D(filters, 1, use_bias=False)"),
        # one 3 x 3 convolution on the main path
        lambda src: src.replace("    y = L.Conv2D(filters, 3, padding=\"same\", use_bias=False)(y)\n    y = L.BatchNormalization()(y)\n", ""),
        # a 3 x 3 "shortcut": it goes through a convolution the check silences too
        lambda src: src.replace("L.Conv2D(filters, 1, strides=2, use_bias=False)", "L.Conv2D(filters, 3, strides=2, padding=\"same\", use_bias=False)"),
        # the shortcut taken from the main path's middle, not from x
        lambda src: src.replace("    y = L.Conv2D(filters, 3, padding=\"same\", use_bias=False)(y)",
                                "    shortcut = y\n    y = L.Conv2D(filters, 3, padding=\"same\", use_bias=False)(y)"),
    ],
    "deep_cnn_that_learns": [
        # the plain stack
        lambda src: src.replace("x = L.Activation(\"relu\")(L.Add()([x, y]))", "x = L.Activation(\"relu\")(y)"),
        # one long shortcut around the whole stack: the deep layers sit idle
        "def deep_cnn_that_learns():\n"
        "    inputs = keras.Input((8, 8, 1))\n"
        "    stem = L.Conv2D(8, 3, padding='same', activation='relu')(inputs)\n"
        "    x = stem\n"
        "    for _ in range(12):\n"
        "        x = L.Conv2D(8, 3, padding='same', activation='relu')(x)\n"
        "    x = L.Add()([x, stem])\n"
        "    return keras.Model(inputs, L.Dense(10, activation='softmax')(L.Flatten()(x)))\n",
        # lab 05's cure instead of a shortcut
        lambda src: src.replace("y = L.Conv2D(8, 3, padding=\"same\")(y)",
                                "y = L.BatchNormalization()(L.Conv2D(8, 3, padding=\"same\")(y))"),
        # lab 04's cure: He initialization
        lambda src: src.replace("y = L.Conv2D(8, 3, padding=\"same\")(y)",
                                "y = L.Conv2D(8, 3, padding=\"same\", kernel_initializer=\"he_normal\")(y)"),
        # a shallower residual network
        lambda src: src.replace("range(6)", "range(3)"),
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
    "prepare_for_fine_tuning": [
        # unfreezes everything, BN included: fit() moves the moving statistics
        "def prepare_for_fine_tuning(base):\n    base.trainable = True\n",
        # trusts training=False in the call: changes nothing, so nothing trains either
        "def prepare_for_fine_tuning(base):\n    return base\n",
        # freezes BN first, then base.trainable = True (recursive) unfreezes them again
        "def prepare_for_fine_tuning(base):\n"
        "    for layer in base.layers:\n"
        "        if isinstance(layer, keras.layers.BatchNormalization):\n"
        "            layer.trainable = False\n"
        "    base.trainable = True\n",
        # freezes BN but never unfreezes the (frozen) base: the Dense layers do not train
        lambda src: src.replace("    base.trainable = True ", "    pass "),
        # only the last BN layer frozen
        "def prepare_for_fine_tuning(base):\n"
        "    base.trainable = True\n"
        "    base.layers[-1].trainable = False\n",
    ],
    "train_with_few_labels": [
        # a usual short fit through the frozen layers: a handful of steps for the new layer
        "def train_with_few_labels(model_a, x_few, y_few):\n"
        "    model = transfer_model(model_a)\n"
        "    for layer in model.layers[:-1]:\n"
        "        layer.trainable = False\n"
        "    model.compile(optimizer='adam', loss='binary_crossentropy')\n"
        "    model.fit(x_few, y_few, epochs=3, verbose=0)\n"
        "    return model\n",
        # the cached head, but trained for 3 steps only
        lambda src: src.replace("steps = 150", "steps = 3"),
        # from scratch: does not reuse A
        "def train_with_few_labels(model_a, x_few, y_few):\n"
        "    model = make_cnn(1, 'sigmoid')\n"
        "    model.compile(optimizer='adam', loss='binary_crossentropy')\n"
        "    model.fit(x_few, y_few, epochs=50, verbose=0)\n"
        "    return model\n",
        # reuses A but trains it all at once with a high rate: A's layers change
        "def train_with_few_labels(model_a, x_few, y_few):\n"
        "    model = transfer_model(model_a)\n"
        "    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss='binary_crossentropy')\n"
        "    model.fit(x_few, y_few, epochs=30, verbose=0)\n"
        "    return model\n",
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
        lambda src: src.replace("    return keras.Model(copy.inputs[0], outputs)", "    keras.Model(copy.inputs[0], outputs)"),
    ],
}
