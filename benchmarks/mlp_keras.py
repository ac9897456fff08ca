"""Keras side of the MLP benchmarks: labs 02 and 03 train their MLPs exactly as here. One JSON line.

    python benchmarks/mlp_keras.py DATA.npz --workload mlp --epochs 3

Workloads (the driver's DATA.npz holds every array they need):
- ``mlp``: lab 02's 300-100 MLP on the 55,000 training images, batch 128, validation every epoch;
- ``small_mlp``: lab 03's 300-300-300 MLP on 2,000 images, validated on 5,000 every epoch;
- ``grid``: lab 02's cross-validated grid search on scikit-learn's digits (one model per configuration,
  restarted for each fold, as the lab does).
"""
import contextlib
import io
import itertools
import time

import numpy as np

from course import epoch_timer, forward_flops, notebook_function
from mlp_common import GRID, main



def run_mlp(data, epochs, keras, make_dataset, namespace):
    make_mlp = notebook_function("02_mlp", "make_mlp", namespace)
    train_ds = make_dataset(data["x_train"], data["y_train"], batch_size=128, shuffle=True)
    valid_ds = make_dataset(data["x_valid"], data["y_valid"], batch_size=1000)
    keras.utils.set_random_seed(42)
    model = make_mlp([300, 100], epochs, len(train_ds))
    seconds = []
    history = model.fit(train_ds, epochs=epochs, validation_data=valid_ds, verbose=0, callbacks=[epoch_timer(seconds)])
    examples = 3 * len(data["x_train"]) + len(data["x_valid"])   # training counts ~3 forward passes
    return model, seconds, history.history["accuracy"][-1], examples, 128


def run_small_mlp(data, epochs, keras, make_dataset, namespace):
    train_ds = make_dataset(data["x_small"], data["y_small"], batch_size=128, shuffle=True)
    valid_ds = make_dataset(data["x_valid"], data["y_valid"], batch_size=1000)
    namespace["steps_per_epoch"] = len(train_ds)   # lab 03's make_mlp reads it for steps_per_execution
    make_mlp = notebook_function("03_regularization", "make_mlp", namespace)
    keras.utils.set_random_seed(42)
    model = make_mlp()
    seconds = []
    history = model.fit(train_ds, epochs=epochs, validation_data=valid_ds, verbose=0, callbacks=[epoch_timer(seconds)])
    examples = 3 * len(data["x_small"]) + len(data["x_valid"])
    return model, seconds, history.history["accuracy"][-1], examples, 128


def run_grid(data, epochs, keras, make_dataset, namespace):
    """Every fit of lab 02's grid (8 configurations x 3 folds); one 'epoch' here is one whole fit."""
    make_mlp = notebook_function("02_mlp", "make_mlp", namespace)
    x, y = data["x_digits"], data["y_digits"]
    from labs_utils.training import restart

    fit_seconds, accuracies, flops = [], [], 0
    steps_per_epoch = int(np.ceil((data["digits_folds"] != 0).sum() / 32))
    for (hidden, neurons, rate), fold in itertools.product(itertools.product(*GRID.values()), range(3)):
        train, valid = data["digits_folds"] != fold, data["digits_folds"] == fold
        start = time.perf_counter()
        if fold == 0:   # as lab 02: one model per configuration, restarted for the other folds
            keras.utils.set_random_seed(42)
            model = make_mlp([neurons] * hidden, epochs, steps_per_epoch, rate, input_shape=(8, 8))
            initial_weights = model.get_weights()
        else:
            restart(model, initial_weights)
        fold_train = make_dataset(x[train], y[train], batch_size=32, shuffle=True)
        fold_valid = make_dataset(x[valid], y[valid], batch_size=1000)
        model.fit(fold_train, epochs=epochs, verbose=0)
        accuracies.append(model.evaluate(fold_valid, verbose=0)[1])
        fit_seconds.append(time.perf_counter() - start)
        flops += forward_flops(model) * (3 * epochs * train.sum() + valid.sum())
    return fit_seconds, float(np.mean(accuracies)), flops


def run(data_path, workload, epochs):
    import keras

    from labs_utils import setup
    from labs_utils.data import make_dataset

    with contextlib.redirect_stdout(io.StringIO()):
        setup()
    data = np.load(data_path)
    namespace = {"keras": keras}
    if workload == "grid":
        seconds, accuracy, flops = run_grid(data, epochs, keras, make_dataset, namespace)
        return {"framework": "keras", "pipeline": "course", "model": workload, "epochs": epochs,
                "batch_size": 32, "parameters": None, "unit": "fit", "epoch_seconds": [round(s, 3) for s in seconds],
                "flops_per_unit": flops / len(seconds), "total_seconds": round(sum(seconds), 2),
                "train_accuracy": round(accuracy, 4)}
    runner = run_mlp if workload == "mlp" else run_small_mlp
    start = time.perf_counter()
    model, seconds, accuracy, examples, batch = runner(data, epochs, keras, make_dataset, namespace)
    return {"framework": "keras", "pipeline": "course", "model": workload, "epochs": epochs, "batch_size": batch,
            "parameters": model.count_params(), "unit": "epoch", "epoch_seconds": [round(s, 3) for s in seconds],
            "flops_per_unit": forward_flops(model) * examples, "total_seconds": round(time.perf_counter() - start, 2),
            "train_accuracy": round(float(accuracy), 4)}


if __name__ == "__main__":
    main(run, __doc__.splitlines()[0])
