"""Correct answers for every exercise, written differently from the solution: each check must accept them.

Keyed like ``wrong_answers.py``. They use the styles students use: NumPy instead of TensorFlow or the
reverse, ``keras.ops``, loops instead of vectorised code, lists and tuples, float64 arithmetic, and
equivalent formulas.
"""
# The operators lab 01's stub gives, as a student keeps them below their own five.
VALUE_GIVEN = (
    "    def __radd__(self, other):\n        return self + other\n"
    "    def __rmul__(self, other):\n        return self * other\n"
    "    def __neg__(self):\n        return self * -1.0\n"
    "    def __sub__(self, other):\n        return self + (-other)\n"
    "    def __rsub__(self, other):\n        return (-self) + other\n"
    "    def __truediv__(self, other):\n"
    "        return self * (other ** -1 if isinstance(other, Value) else 1.0 / other)\n"
)

RIGHT_ANSWERS = {
    "00_setup": {
        "to_model_input": [
            # NumPy throughout
            "def to_model_input(images):\n"
            "    return (images[..., np.newaxis] / 255.0).astype(np.float32)\n",
            # keras.ops, channel axis first added, then scaled
            "def to_model_input(images):\n"
            "    x = keras.ops.expand_dims(keras.ops.cast(images, 'float32'), axis=-1)\n"
            "    return x / 255.0\n",
            # reshape and a float32 divisor
            "def to_model_input(images):\n"
            "    return tf.reshape(tf.cast(images, tf.float32), (-1, 28, 28, 1)) / tf.constant(255.0)\n",
        ],
        "standardize": [
            # NumPy, float64 maths
            "def standardize(X):\n"
            "    X = np.asarray(X, dtype=np.float64)\n"
            "    return (X - X.mean(axis=0)) / X.std(axis=0)\n",
            # keras.ops, variance then square root
            "def standardize(X):\n"
            "    mean = keras.ops.mean(X, axis=0)\n"
            "    return (X - mean) / keras.ops.sqrt(keras.ops.var(X, axis=0))\n",
            # tf.nn.moments
            "def standardize(X):\n"
            "    mean, variance = tf.nn.moments(tf.constant(X), axes=[0])\n"
            "    return (X - mean) * tf.math.rsqrt(variance)\n",
        ],
        "dataset_accuracy": [
            # a Keras metric, updated batch by batch
            "def dataset_accuracy(model, dataset):\n"
            "    metric = keras.metrics.SparseCategoricalAccuracy()\n"
            "    for images, labels in dataset:\n"
            "        metric.update_state(labels, model(images))\n"
            "    return metric.result()\n",
            # NumPy: one list of hits over the whole pass
            "def dataset_accuracy(model, dataset):\n"
            "    hits = []\n"
            "    for images, labels in dataset.as_numpy_iterator():\n"
            "        hits.extend(np.argmax(model.predict_on_batch(images), axis=1) == labels)\n"
            "    return float(np.mean(hits))\n",
        ],
    },
    "01_autodiff": {
        "numerical_gradient": [
            # works on a copy in place and restores each entry
            "def numerical_gradient(f, x, eps=1e-6):\n"
            "    x = np.array(x, dtype=float)\n"
            "    grad = []\n"
            "    for i in range(len(x)):\n"
            "        original = x[i]\n"
            "        x[i] = original + eps\n"
            "        plus = f(x)\n"
            "        x[i] = original - eps\n"
            "        minus = f(x)\n"
            "        x[i] = original\n"
            "        grad.append((plus - minus) / (2 * eps))\n"
            "    return grad\n",
            # one row of the identity matrix per direction
            "def numerical_gradient(f, x, eps=1e-6):\n"
            "    steps = np.eye(len(x)) * eps\n"
            "    return np.array([(f(x + s) - f(x - s)) / (2 * eps) for s in steps])\n",
        ],
        "Value": [
            # parents stored with their local derivatives; an explicit stack instead of recursion;
            # sigmoid composed from exp and the given operators
            "class Value:\n"
            "    def __init__(self, data, parents=()):\n"
            "        self.data = float(data)\n"
            "        self.grad = 0.0\n"
            "        self._parents = parents  # (parent, local derivative) pairs\n"
            "        self._backward = lambda: None\n"
            "    def _op(self, data, *pairs):\n"
            "        out = Value(data, pairs)\n"
            "        def _backward():\n"
            "            for parent, local in pairs:\n"
            "                parent.grad += local * out.grad\n"
            "        out._backward = _backward\n"
            "        return out\n"
            "    def __add__(self, other):\n"
            "        other = other if isinstance(other, Value) else Value(other)\n"
            "        return self._op(self.data + other.data, (self, 1.0), (other, 1.0))\n"
            "    def __mul__(self, other):\n"
            "        other = other if isinstance(other, Value) else Value(other)\n"
            "        return self._op(self.data * other.data, (self, other.data), (other, self.data))\n"
            "    def __pow__(self, k):\n"
            "        return self._op(self.data ** k, (self, k * self.data ** (k - 1)))\n"
            "    def exp(self):\n"
            "        e = math.exp(self.data)\n"
            "        return self._op(e, (self, e))\n"
            "    def sigmoid(self):\n"
            "        return (1 + (-self).exp()) ** -1\n"
            "    def backward(self):\n"
            "        order, seen, stack = [], set(), [(self, False)]\n"
            "        while stack:\n"
            "            node, expanded = stack.pop()\n"
            "            if expanded:\n"
            "                order.append(node)\n"
            "            elif id(node) not in seen:\n"
            "                seen.add(id(node))\n"
            "                stack.append((node, True))\n"
            "                stack.extend((p, False) for p, _ in node._parents)\n"
            "        self.grad = 1.0\n"
            "        for node in reversed(order):\n"
            "            node._backward()\n"
            + VALUE_GIVEN,
            # NumPy scalars for the maths, a recursive topological sort that returns its list,
            # numbers wrapped in each operator
            "class Value:\n"
            "    def __init__(self, data, parents=()):\n"
            "        self.data = float(data)\n"
            "        self.grad = 0.0\n"
            "        self._parents = parents\n"
            "        self._backward = lambda: None\n"
            "    def __add__(self, other):\n"
            "        if not isinstance(other, Value):\n"
            "            other = Value(other)\n"
            "        out = Value(np.add(self.data, other.data), (self, other))\n"
            "        def _backward():\n"
            "            self.grad = self.grad + out.grad\n"
            "            other.grad = other.grad + out.grad\n"
            "        out._backward = _backward\n"
            "        return out\n"
            "    def __mul__(self, other):\n"
            "        if not isinstance(other, Value):\n"
            "            other = Value(other)\n"
            "        out = Value(np.multiply(self.data, other.data), (self, other))\n"
            "        def _backward():\n"
            "            self.grad += out.grad * other.data\n"
            "            other.grad += out.grad * self.data\n"
            "        out._backward = _backward\n"
            "        return out\n"
            "    def __pow__(self, exponent):\n"
            "        out = Value(np.power(self.data, exponent), (self,))\n"
            "        out._backward = lambda: setattr(self, 'grad', self.grad + exponent * np.power(self.data, exponent - 1) * out.grad)\n"
            "        return out\n"
            "    def exp(self):\n"
            "        out = Value(np.exp(self.data), (self,))\n"
            "        out._backward = lambda: setattr(self, 'grad', self.grad + out.data * out.grad)\n"
            "        return out\n"
            "    def sigmoid(self):\n"
            "        out = Value(1.0 / (1.0 + np.exp(-self.data)), (self,))\n"
            "        out._backward = lambda: setattr(self, 'grad', self.grad + out.data * (1 - out.data) * out.grad)\n"
            "        return out\n"
            "    def _topological(self, seen):\n"
            "        if self in seen:\n"
            "            return []\n"
            "        seen.add(self)\n"
            "        return [n for p in self._parents for n in p._topological(seen)] + [self]\n"
            "    def backward(self):\n"
            "        self.grad = 1.0\n"
            "        for node in self._topological(set())[::-1]:\n"
            "            node._backward()\n"
            + VALUE_GIVEN,
        ],
        "nesterov_step": [
            # the look-ahead form: w + (1 + momentum) * v_new - momentum * v_old
            "def nesterov_step(w, velocity, grad, learning_rate, momentum=0.9):\n"
            "    new_velocity = momentum * velocity - learning_rate * grad\n"
            "    return w + (1 + momentum) * new_velocity - momentum * velocity, new_velocity\n",
            # TensorFlow tensors in float64, returned as a list
            "def nesterov_step(w, velocity, grad, learning_rate, momentum=0.9):\n"
            "    w, velocity, grad = (tf.constant(t, dtype=tf.float64) for t in (w, velocity, grad))\n"
            "    velocity = momentum * velocity - learning_rate * grad\n"
            "    return [w + momentum * velocity - learning_rate * grad, velocity]\n",
            # TensorFlow's default float32, as a student converting NumPy inputs would write it
            "def nesterov_step(w, velocity, grad, learning_rate, momentum=0.9):\n"
            "    w, velocity, grad = (tf.convert_to_tensor(t, dtype=tf.float32) for t in (w, velocity, grad))\n"
            "    velocity = momentum * velocity - learning_rate * grad\n"
            "    return w + momentum * velocity - learning_rate * grad, velocity\n",
        ],
    },
    "02_mlp": {
        "softmax": [
            # NumPy in float64
            "def softmax(logits):\n"
            "    z = np.asarray(logits, dtype=np.float64)\n"
            "    e = np.exp(z - z.max(axis=1, keepdims=True))\n"
            "    return e / e.sum(axis=1, keepdims=True)\n",
            # log-sum-exp form
            "def softmax(logits):\n"
            "    return tf.exp(logits - tf.reduce_logsumexp(logits, axis=-1, keepdims=True))\n",
            # keras.ops, one row at a time, as a list
            "def softmax(logits):\n"
            "    rows = []\n"
            "    for row in logits:\n"
            "        e = keras.ops.exp(row - keras.ops.max(row))\n"
            "        rows.append(keras.ops.convert_to_numpy(e / keras.ops.sum(e)))\n"
            "    return rows\n",
        ],
        "design_mlp": [
            # the same three layers as a Sequential model
            "def design_mlp():\n"
            "    return keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten()]\n"
            "                            + [keras.layers.Dense(112, activation='relu') for _ in range(3)]\n"
            "                            + [keras.layers.Dense(10, activation='softmax')])\n",
            # the functional API, three layers of 112, widths as a tuple
            "def design_mlp():\n"
            "    inputs = keras.Input((28, 28))\n"
            "    h = keras.layers.Flatten()(inputs)\n"
            "    for width in (112, 112, 112):\n"
            "        h = keras.layers.Dense(width, activation='relu')(h)\n"
            "    return keras.Model(inputs, keras.layers.Dense(10, activation='softmax')(h))\n",
        ],
        "active_fraction": [
            # NumPy forward pass with the layers' weights, float64
            "def active_fraction(model, x):\n"
            "    h = np.asarray(x, dtype=np.float64).reshape(len(x), -1)\n"
            "    fractions = []\n"
            "    for layer in model.layers[1:-1]:\n"
            "        W, b = layer.get_weights()\n"
            "        h = np.maximum(h @ W + b, 0.0)\n"
            "        fractions.append((h > 0).mean())\n"
            "    return np.array(fractions)\n",
            # calls the layers one by one, keeps the hidden Dense ones, returns scalar tensors
            "def active_fraction(model, x):\n"
            "    h = tf.convert_to_tensor(x)\n"
            "    result = []\n"
            "    for layer in model.layers:\n"
            "        h = layer(h)\n"
            "        if isinstance(layer, keras.layers.Dense) and layer is not model.layers[-1]:\n"
            "            result.append(tf.reduce_mean(tf.cast(h > 0, tf.float32)))\n"
            "    return result\n",
            # per-image fraction first (pre-activations > 0), then the mean over images
            "def active_fraction(model, x):\n"
            "    fractions = []\n"
            "    h = keras.ops.reshape(x, (len(x), -1))\n"
            "    for layer in model.layers[1:-1]:\n"
            "        z = keras.ops.matmul(h, layer.kernel) + layer.bias\n"
            "        h = keras.ops.relu(z)\n"
            "        per_image = keras.ops.mean(keras.ops.cast(z > 0, 'float32'), axis=1)\n"
            "        fractions.append(float(keras.ops.mean(per_image)))\n"
            "    return fractions\n",
        ],
    },
    "03_regularization": {
        "train_step": [
            # Keras's own compute_loss (compiled loss + model.losses), one line per step
            "def train_step(model, optimizer, x, y):\n"
            "    with tf.GradientTape() as tape:\n"
            "        y_pred = model(x, training=True)\n"
            "        loss = model.compute_loss(x=x, y=y, y_pred=y_pred)\n"
            "    optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables),\n"
            "                                  model.trainable_variables))\n"
            "    return loss\n",
            # keras.ops, Python's sum over the penalties, optimizer.apply, compiled with tf.function
            "@tf.function\n"
            "def train_step(model, optimizer, x, y):\n"
            "    with tf.GradientTape() as tape:\n"
            "        probs = model(x, training=True)\n"
            "        cross_entropy = keras.ops.mean(keras.losses.sparse_categorical_crossentropy(y, probs))\n"
            "        total = cross_entropy + sum(model.losses)\n"
            "    optimizer.apply(tape.gradient(total, model.trainable_variables), model.trainable_variables)\n"
            "    return total\n",
        ],
        "InvertedDropout": [
            # tf.random, a float mask, training=None by default
            "class InvertedDropout(keras.layers.Layer):\n"
            "    def __init__(self, rate, **kwargs):\n"
            "        super().__init__(**kwargs)\n"
            "        self.rate = rate\n"
            "    def call(self, inputs, training=None):\n"
            "        if training:\n"
            "            keep_prob = 1.0 - self.rate\n"
            "            mask = tf.cast(tf.random.uniform(tf.shape(inputs)) < keep_prob, inputs.dtype)\n"
            "            return inputs * mask / keep_prob\n"
            "        return inputs\n",
            # keras.ops with a seed generator, the scale as a multiplication
            "class InvertedDropout(keras.layers.Layer):\n"
            "    def __init__(self, rate, **kwargs):\n"
            "        super().__init__(**kwargs)\n"
            "        self.rate = rate\n"
            "        self.seeds = keras.random.SeedGenerator(1234)\n"
            "    def call(self, inputs, training=False):\n"
            "        if not training:\n"
            "            return inputs\n"
            "        noise = keras.random.uniform(keras.ops.shape(inputs), seed=self.seeds)\n"
            "        mask = keras.ops.cast(noise > self.rate, inputs.dtype)\n"
            "        return keras.ops.multiply(inputs, mask) * (1.0 / (1.0 - self.rate))\n",
        ],
        "regularized_mlp": [
            # a milder dropout rate, found on validation, through the exercise's builder
            "def regularized_mlp():\n"
            "    return exercise_mlp(dropout=0.25)\n",
            # the same network built and compiled by hand, with its own schedule over the 25 epochs
            "def regularized_mlp():\n"
            "    layers = [keras.Input((28, 28)), keras.layers.Flatten()]\n"
            "    for _ in range(3):\n"
            "        layers += [keras.layers.Dense(300, activation='relu'), keras.layers.Dropout(0.3)]\n"
            "    model = keras.Sequential(layers + [keras.layers.Dense(10, activation='softmax')])\n"
            "    schedule = keras.optimizers.schedules.CosineDecay(1e-3, decay_steps=ex_epochs * ex_steps)\n"
            "    model.compile(optimizer=keras.optimizers.Adam(schedule), loss='sparse_categorical_crossentropy')\n"
            "    return model\n",
        ],
    },
    "04_initialization_activations": {
        "he_init": [
            # TensorFlow's normal, seeded when asked
            "def he_init(fan_in, fan_out, seed=None):\n"
            "    return tf.random.normal((fan_in, fan_out), stddev=(2.0 / fan_in) ** 0.5, seed=seed)\n",
            # He uniform: U(-r, r) has variance r**2 / 3, so r = sqrt(6 / fan_in)
            "def he_init(fan_in, fan_out, seed=None):\n"
            "    limit = np.sqrt(3 * 2 / fan_in)\n"
            "    rng = np.random.default_rng(seed)\n"
            "    return rng.uniform(-limit, limit, size=(fan_in, fan_out)).astype(np.float32)\n",
            # standard normal draws, then scaled
            "def he_init(fan_in, fan_out, seed=None):\n"
            "    z = np.random.default_rng(seed).standard_normal((fan_in, fan_out), dtype=np.float32)\n"
            "    return z * np.float32(np.sqrt(2 / fan_in))\n",
        ],
        "choose_initializer": [
            # the functional API and a real SGD step, the change measured on the weights themselves
            "def choose_initializer(activation, candidates, x, y, depth=10):\n"
            "    scores = {}\n"
            "    for name, init in candidates.items():\n"
            "        inputs = keras.Input((784,))\n"
            "        h = inputs\n"
            "        for _ in range(depth):\n"
            "            h = keras.layers.Dense(100, activation=activation, kernel_initializer=init)(h)\n"
            "        model = keras.Model(inputs, keras.layers.Dense(10, activation='softmax')(h))\n"
            "        hidden = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)][:-1]\n"
            "        before = [layer.kernel.numpy().copy() for layer in hidden]\n"
            "        optimizer = keras.optimizers.SGD(1.0)\n"
            "        with tf.GradientTape() as tape:\n"
            "            loss = keras.losses.SparseCategoricalCrossentropy()(y, model(x, training=True))\n"
            "        optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables),\n"
            "                                      model.trainable_variables))\n"
            "        scores[name] = min(np.linalg.norm(layer.kernel.numpy() - b) / np.linalg.norm(b)\n"
            "                           for layer, b in zip(hidden, before))\n"
            "    return max(scores, key=scores.get)\n",
            # keras.ops, a helper per candidate, sorted()
            "def choose_initializer(activation, candidates, x, y, depth=10):\n"
            "    def slowest_layer(initializer):\n"
            "        model = keras.Sequential()\n"
            "        model.add(keras.Input(shape=(x.shape[-1],)))\n"
            "        for _ in range(depth):\n"
            "            model.add(keras.layers.Dense(100, activation=activation, kernel_initializer=initializer))\n"
            "        model.add(keras.layers.Dense(10, activation='softmax'))\n"
            "        hidden = [layer.kernel for layer in model.layers[:depth]]\n"
            "        with tf.GradientTape() as tape:\n"
            "            loss = keras.ops.mean(keras.losses.sparse_categorical_crossentropy(y, model(x)))\n"
            "        grads = tape.gradient(loss, hidden)\n"
            "        return min(float(keras.ops.norm(g) / keras.ops.norm(w)) for g, w in zip(grads, hidden))\n"
            "    return sorted(candidates, key=lambda name: slowest_layer(candidates[name]))[-1]\n",
        ],
        "deep_net_that_learns": [
            # tanh with Glorot: zero-centred, slope 1 at 0, the scale made for it
            "def deep_net_that_learns():\n"
            "    model = keras.Sequential([keras.Input((784,))])\n"
            "    for _ in range(15):\n"
            "        model.add(keras.layers.Dense(100, activation='tanh', kernel_initializer='glorot_uniform'))\n"
            "    model.add(keras.layers.Dense(10, activation='softmax'))\n"
            "    return model\n",
            # SELU with LeCun normal, inputs standardized by a Rescaling layer, the functional API
            "def deep_net_that_learns():\n"
            "    inputs = keras.Input((784,))\n"
            "    h = keras.layers.Rescaling(1 / pixel_std, offset=-pixel_mean / pixel_std)(inputs)\n"
            "    for _ in range(15):\n"
            "        h = keras.layers.Dense(100, activation='selu', kernel_initializer='lecun_normal')(h)\n"
            "    return keras.Model(inputs, keras.layers.Dense(10, activation='softmax')(h))\n",
        ],
    },
    "05_batch_normalization": {
        "batch_norm": [
            # TensorFlow, statistics over all leading axes with tf.nn.moments
            "def batch_norm(x, gamma, beta, moving_mean, moving_variance, training, momentum=0.99, epsilon=1e-3):\n"
            "    x = tf.convert_to_tensor(x, tf.float32)\n"
            "    if not training:\n"
            "        return tf.nn.batch_normalization(x, moving_mean, moving_variance, beta, gamma, epsilon), \\\n"
            "            moving_mean, moving_variance\n"
            "    mean, variance = tf.nn.moments(x, axes=list(range(len(x.shape) - 1)))\n"
            "    out = tf.nn.batch_normalization(x, mean, variance, beta, gamma, epsilon)\n"
            "    return out, moving_mean + (1 - momentum) * (mean - moving_mean), \\\n"
            "        moving_variance + (1 - momentum) * (variance - moving_variance)\n",
            # NumPy, channels flattened to a 2-D table first
            "def batch_norm(x, gamma, beta, moving_mean, moving_variance, training, momentum=0.99, epsilon=1e-3):\n"
            "    table = np.reshape(x, (-1, np.shape(x)[-1]))\n"
            "    if training:\n"
            "        mean = table.mean(axis=0)\n"
            "        variance = ((table - mean) ** 2).mean(axis=0)\n"
            "        new_mean = momentum * moving_mean + (1 - momentum) * mean\n"
            "        new_variance = momentum * moving_variance + (1 - momentum) * variance\n"
            "    else:\n"
            "        mean, variance, new_mean, new_variance = moving_mean, moving_variance, moving_mean, moving_variance\n"
            "    out = (table - mean) / np.sqrt(variance + epsilon) * gamma + beta\n"
            "    return out.reshape(np.shape(x)), new_mean, new_variance\n",
        ],
        "fold_batch_norm": [
            # TensorFlow, rsqrt
            "def fold_batch_norm(kernel, bias, gamma, beta, moving_mean, moving_variance, epsilon=1e-3):\n"
            "    scale = gamma * tf.math.rsqrt(moving_variance + epsilon)\n"
            "    return kernel * scale[tf.newaxis, :], beta + scale * (bias - moving_mean)\n",
            # NumPy, the scale as a diagonal matrix
            "def fold_batch_norm(kernel, bias, gamma, beta, moving_mean, moving_variance, epsilon=1e-3):\n"
            "    std = np.sqrt(moving_variance + epsilon)\n"
            "    new_kernel = kernel @ np.diag(gamma / std)\n"
            "    new_bias = gamma * bias / std - gamma * moving_mean / std + beta\n"
            "    return new_kernel, new_bias\n",
        ],
        "trainable_logistic_net": [
            # functional API, BN after each logistic layer, momentum 0.9
            "def trainable_logistic_net():\n"
            "    inputs = keras.Input((28, 28))\n"
            "    h = keras.layers.Flatten()(inputs)\n"
            "    for _ in range(10):\n"
            "        h = keras.layers.Dense(50, activation='sigmoid')(h)\n"
            "        h = keras.layers.BatchNormalization(momentum=0.9)(h)\n"
            "    return keras.Model(inputs, keras.layers.Dense(10, activation='softmax')(h))\n",
            # Sequential built with add(), BN before the logistic, a shorter memory (momentum 0.8)
            "def trainable_logistic_net():\n"
            "    model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten()])\n"
            "    for _ in range(10):\n"
            "        model.add(keras.layers.Dense(50))\n"
            "        model.add(keras.layers.BatchNormalization(momentum=0.8))\n"
            "        model.add(keras.layers.Activation(keras.activations.sigmoid))\n"
            "    model.add(keras.layers.Dense(10, activation='softmax'))\n"
            "    return model\n",
        ],
    },
    "06_transfer_learning": {
        "copy_layers_by_pattern": [
            # a compiled pattern, the variables assigned one by one, a tuple back
            "def copy_layers_by_pattern(source, target, pattern):\n"
            "    regex = re.compile(pattern)\n"
            "    names = []\n"
            "    for layer in target.layers:\n"
            "        if regex.fullmatch(layer.name):\n"
            "            for mine, theirs in zip(layer.weights, source.get_layer(layer.name).weights):\n"
            "                mine.assign(theirs)\n"
            "            names.append(layer.name)\n"
            "    return tuple(names)\n",
            # re.match anchored by hand, a comprehension
            "def copy_layers_by_pattern(source, target, pattern):\n"
            "    chosen = [layer for layer in target.layers if re.match(f'(?:{pattern})$', layer.name)]\n"
            "    for layer in chosen:\n"
            "        layer.set_weights([w.numpy() for w in source.get_layer(layer.name).weights])\n"
            "    return [layer.name for layer in chosen]\n",
        ],
        "prepare_for_fine_tuning": [
            # one pass over the layers after unfreezing, by class name; returns the base
            "def prepare_for_fine_tuning(base):\n"
            "    base.trainable = True\n"
            "    for layer in base.layers:\n"
            "        layer.trainable = type(layer).__name__ != 'BatchNormalization'\n"
            "    return base\n",
            # every nested layer, found with _flatten_layers
            "def prepare_for_fine_tuning(base):\n"
            "    base.trainable = True\n"
            "    norms = [l for l in base._flatten_layers(include_self=False)\n"
            "             if isinstance(l, keras.layers.BatchNormalization)]\n"
            "    for norm in norms:\n"
            "        norm.trainable = False\n",
        ],
        "train_with_few_labels": [
            # through the frozen layers, with many steps at a higher rate
            "def train_with_few_labels(model_a, x_few, y_few):\n"
            "    model = transfer_model(model_a)\n"
            "    for layer in model.layers[:-1]:\n"
            "        layer.trainable = False\n"
            "    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss='binary_crossentropy')\n"
            "    model.fit(x_few, y_few, epochs=100, verbose=0)\n"
            "    return model\n",
            # functional: A's layers cloned up to the features, frozen; head trained on cached features
            "def train_with_few_labels(model_a, x_few, y_few):\n"
            "    clone = keras.models.clone_model(model_a)\n"
            "    clone.set_weights(model_a.get_weights())\n"
            "    extractor = keras.Model(clone.inputs[0], clone.layers[-2].output)\n"
            "    extractor.trainable = False\n"
            "    feats = extractor.predict(x_few, verbose=0)\n"
            "    out = keras.layers.Dense(1, activation='sigmoid')\n"
            "    small = keras.Sequential([keras.Input(feats.shape[1:]), out])\n"
            "    small.compile(optimizer=keras.optimizers.Adam(3e-3), loss='binary_crossentropy')\n"
            "    small.fit(feats, y_few, epochs=80, batch_size=len(feats), verbose=0)\n"
            "    return keras.Model(extractor.inputs[0], out(extractor.outputs[0]))\n",
        ],
        "build_model_b": [
            # the functional API, each layer rebuilt from its config
            "def build_model_b(model_a):\n"
            "    inputs = keras.Input(shape=model_a.input_shape[1:])\n"
            "    x = inputs\n"
            "    for layer in model_a.layers[:-1]:\n"
            "        twin = layer.__class__.from_config(layer.get_config())\n"
            "        x = twin(x)\n"
            "        twin.set_weights(layer.get_weights())\n"
            "    outputs = keras.layers.Dense(1, activation='sigmoid')(x)\n"
            "    return keras.Model(inputs, outputs)\n",
            # a clone, then a Sequential of the clone's layers (not A's)
            "def build_model_b(model_a):\n"
            "    clone = keras.models.clone_model(model_a)\n"
            "    clone.set_weights(model_a.get_weights())\n"
            "    return keras.Sequential([keras.Input(model_a.input_shape[1:])] + clone.layers[:-1]\n"
            "                            + [keras.layers.Dense(1, activation='sigmoid')])\n",
        ],
    },
    "07_convolution_pooling": {
        "receptive_field": [
            # from the top down: a window of r units of a layer spans (r - 1) * stride + kernel units below it
            "def receptive_field(layers):\n"
            "    r = 1\n"
            "    for k, s in reversed(layers):\n"
            "        r = (r - 1) * s + k\n"
            "    return r\n",
            # one sum: each layer adds (k - 1) times the product of the strides below it
            "def receptive_field(layers):\n"
            "    return 1 + sum((k - 1) * math.prod(s for _, s in layers[:i]) for i, (k, _) in enumerate(layers))\n",
        ],
        "same_padding": [
            # integer arithmetic, a list back
            "def same_padding(width, filter_size, stride):\n"
            "    outputs = -(-width // stride)\n"
            "    total = max((outputs - 1) * stride + filter_size - width, 0)\n"
            "    return [total // 2, (total + 1) // 2]\n",
            # TensorFlow's own case split on the remainder
            "def same_padding(width, filter_size, stride):\n"
            "    if width % stride == 0:\n"
            "        total = max(filter_size - stride, 0)\n"
            "    else:\n"
            "        total = max(filter_size - width % stride, 0)\n"
            "    before = total // 2\n"
            "    return before, total - before\n",
        ],
        "budget_cnn": [
            # one convolution and a big pooling window
            "def budget_cnn():\n"
            "    return keras.Sequential([keras.Input((28, 28, 1)),\n"
            "                             keras.layers.Conv2D(4, 3, activation='relu'),\n"
            "                             keras.layers.MaxPooling2D(4),\n"
            "                             keras.layers.Flatten(),\n"
            "                             keras.layers.Dense(10, activation='softmax')])\n",
            # functional API, average pooling
            "def budget_cnn():\n"
            "    inputs = keras.Input((28, 28, 1))\n"
            "    x = keras.layers.Conv2D(8, 3, activation='relu')(inputs)\n"
            "    x = keras.layers.AveragePooling2D(2)(x)\n"
            "    x = keras.layers.Conv2D(12, 3, activation='relu')(x)\n"
            "    x = keras.layers.AveragePooling2D(2)(x)\n"
            "    outputs = keras.layers.Dense(10, activation='softmax')(keras.layers.Flatten()(x))\n"
            "    return keras.Model(inputs, outputs)\n",
        ],
    },
    "08_cnn_lenet5": {
        "top_k_accuracy": [
            # argpartition
            "def top_k_accuracy(y_true, probabilities, k=5):\n"
            "    top = np.argpartition(-probabilities, k - 1, axis=1)[:, :k]\n"
            "    return (top == np.reshape(y_true, (-1, 1))).any(axis=1).mean()\n",
            # keras.ops.top_k, a 0-d tensor back
            "def top_k_accuracy(y_true, probabilities, k=5):\n"
            "    _, indices = keras.ops.top_k(probabilities, k=k)\n"
            "    hits = keras.ops.any(keras.ops.equal(indices, keras.ops.expand_dims(y_true, 1)), axis=1)\n"
            "    return keras.ops.mean(keras.ops.cast(hits, 'float32'))\n",
            # rank of the true class's score, one row at a time
            "def top_k_accuracy(y_true, probabilities, k=5):\n"
            "    hits = 0\n"
            "    for label, row in zip(y_true, probabilities):\n"
            "        hits += int(np.sum(row > row[label]) < k)\n"
            "    return hits / len(y_true)\n",
        ],
        "downsampling_block": [
            # no batch normalization, ReLU after the addition
            "def downsampling_block(x, filters):\n"
            "    y = L.Conv2D(filters, 3, strides=2, padding='same', activation='relu')(x)\n"
            "    y = L.Conv2D(filters, 3, padding='same')(y)\n"
            "    shortcut = L.Conv2D(filters, 1, strides=2)(x)\n"
            "    return L.ReLU()(L.add([y, shortcut]))\n",
            # pooling on both paths, then a 1 x 1 projection on the shortcut
            "def downsampling_block(x, filters):\n"
            "    main = L.Conv2D(filters, 3, padding='same', activation='relu')(x)\n"
            "    main = L.MaxPooling2D(2)(main)\n"
            "    main = L.Conv2D(filters, 3, padding='same')(main)\n"
            "    skip = L.Conv2D(filters, 1)(L.AveragePooling2D(2)(x))\n"
            "    return L.Activation('relu')(main + skip)\n",
        ],
        "deep_cnn_that_learns": [
            # 4 blocks of 3 convolutions, built by a helper
            "def block(x, n=3):\n"
            "    y = x\n"
            "    for i in range(n):\n"
            "        y = L.Conv2D(8, 3, padding='same', activation=None if i == n - 1 else 'relu')(y)\n"
            "    return L.ReLU()(L.add([x, y]))\n"
            "\n"
            "def deep_cnn_that_learns():\n"
            "    inputs = keras.Input((8, 8, 1))\n"
            "    x = L.Conv2D(8, 3, padding='same', activation='relu')(inputs)\n"
            "    for _ in range(4):\n"
            "        x = block(x)\n"
            "    return keras.Model(inputs, L.Dense(10, activation='softmax')(L.Flatten()(x)))\n",
            # pre-activation blocks (ReLU before each convolution, nothing after the addition)
            "def deep_cnn_that_learns():\n"
            "    inputs = keras.Input((8, 8, 1))\n"
            "    x = L.Conv2D(8, 3, padding='same')(inputs)\n"
            "    for _ in range(6):\n"
            "        y = L.Conv2D(8, 3, padding='same')(L.ReLU()(x))\n"
            "        y = L.Conv2D(8, 3, padding='same')(L.ReLU()(y))\n"
            "        x = x + y\n"
            "    x = L.ReLU()(x)\n"
            "    return keras.Model(inputs, L.Dense(10, activation='softmax')(L.Flatten()(x)))\n",
        ],
    },
}
