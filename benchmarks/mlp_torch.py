"""PyTorch side of the MLP benchmarks: the same models, data, batch sizes and optimizers as mlp_keras.py.

Runs in .venv-bench (PyTorch is never a course requirement). One JSON line.

    .venv-bench/bin/python benchmarks/mlp_torch.py DATA.npz --workload mlp --epochs 3
"""
import itertools
import math
import time

import numpy as np
import torch
import torch.nn.functional as F
from mlp_common import GRID, main
from torch import nn



def mlp(n_inputs, hidden):
    layers, width = [nn.Flatten()], n_inputs
    for units in hidden:
        layers += [nn.Linear(width, units), nn.ReLU()]
        width = units
    return nn.Sequential(*layers, nn.Linear(width, 10))   # logits; the loss applies the softmax


def evaluate(model, x, y, batch_size=1000):
    model.eval()
    with torch.no_grad():
        correct = sum(int((model(xb).argmax(1) == yb).sum()) for xb, yb in zip(x.split(batch_size), y.split(batch_size)))
    return correct / len(x)


def train(model, x, y, epochs, batch_size, learning_rate, cosine, generator, valid=None):
    """Adam (Keras's defaults), optionally cosine-decayed per step; returns seconds per epoch and accuracy."""
    optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate, eps=1e-7)
    steps = epochs * math.ceil(len(x) / batch_size)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, steps) if cosine else None
    seconds, accuracy = [], 0.0
    for _ in range(epochs):
        start = time.perf_counter()
        model.train()
        correct = torch.zeros((), dtype=torch.int64)
        for batch in torch.randperm(len(x), generator=generator).split(batch_size):
            logits = model(x[batch])
            loss = F.cross_entropy(logits, y[batch])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            if schedule:
                schedule.step()
            correct += (logits.argmax(1) == y[batch]).sum()
        accuracy = correct.item() / len(x)
        if valid is not None:
            evaluate(model, *valid)
        seconds.append(time.perf_counter() - start)
    return seconds, accuracy


def tensors(data, x_key, y_key):
    return torch.from_numpy(data[x_key]), torch.from_numpy(data[y_key].astype(np.int64))


def run(data_path, workload, epochs):
    torch.manual_seed(42)
    data = np.load(data_path)
    generator = torch.Generator().manual_seed(0)
    valid = tensors(data, "x_valid", "y_valid")
    if workload == "mlp":
        x, y = tensors(data, "x_train", "y_train")
        model = mlp(784, [300, 100])
        seconds, accuracy = train(model, x, y, epochs, 128, 1e-3, True, generator, valid)
    elif workload == "small_mlp":
        x, y = tensors(data, "x_small", "y_small")
        model = mlp(784, [300, 300, 300])
        seconds, accuracy = train(model, x, y, epochs, 128, 1e-3, False, generator, valid)
    else:
        x, y = tensors(data, "x_digits", "y_digits")
        folds = torch.from_numpy(data["digits_folds"])
        seconds, accuracies = [], []
        for (hidden, neurons, rate), fold in itertools.product(itertools.product(*GRID.values()), range(3)):
            start = time.perf_counter()
            model = mlp(64, [neurons] * hidden)
            train(model, x[folds != fold], y[folds != fold], epochs, 32, rate, True, generator)
            accuracies.append(evaluate(model, x[folds == fold], y[folds == fold]))
            seconds.append(time.perf_counter() - start)
        accuracy = float(np.mean(accuracies))
    return {"framework": "pytorch", "pipeline": "plain loop", "model": workload, "epochs": epochs,
            "epoch_seconds": [round(s, 3) for s in seconds], "total_seconds": round(sum(seconds), 2),
            "train_accuracy": round(accuracy, 4), "version": torch.__version__}


if __name__ == "__main__":
    main(run, __doc__.splitlines()[0])
