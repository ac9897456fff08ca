"""PyTorch side of the LeNet benchmark: the same two networks in a plain CPU training loop.

Runs in its own environment (.venv-bench, `pip install torch==2.13.0`); PyTorch is never a course
requirement. Reads the arrays and LeNet-5's C3 table from the .npz the driver writes, and the recipe
(lab 08's, from lenet5_keras.RECIPES) as a JSON argument. Prints one JSON line.

    .venv-bench/bin/python benchmarks/lenet5_torch.py DATA.npz --model classic --epochs 3 \
        --recipe '{"batch_size": 64, "learning_rate": 0.002, "weight_decay": 0.05}'
"""
import argparse
import json
import math
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn



class Subsampling(nn.Module):
    """LeNet-5's S layers: 2x2 average times a learned coefficient plus a learned bias, then tanh."""

    def __init__(self, channels):
        super().__init__()
        self.coefficient = nn.Parameter(torch.ones(channels, 1, 1))
        self.bias = nn.Parameter(torch.zeros(channels, 1, 1))

    def forward(self, x):
        return torch.tanh(F.avg_pool2d(x, 2) * self.coefficient + self.bias)


class PartialConv(nn.Module):
    """C3: only the table's connections are weights, scattered into a full kernel per call."""

    def __init__(self, table, kernel_size=5):
        super().__init__()
        n_in, n_out = table.shape
        mask = np.broadcast_to(table.T[:, :, None, None], (n_out, n_in, kernel_size, kernel_size))
        self.register_buffer("index", torch.from_numpy(np.flatnonzero(mask)))
        self.kernel_shape = mask.shape
        limit = math.sqrt(6.0 / (kernel_size ** 2 * (n_in + n_out)))
        self.weight = nn.Parameter(torch.empty(len(self.index)).uniform_(-limit, limit))
        self.bias = nn.Parameter(torch.zeros(n_out))

    def forward(self, x):
        kernel = torch.zeros(math.prod(self.kernel_shape)).index_put((self.index,), self.weight)
        return torch.tanh(F.conv2d(x, kernel.view(self.kernel_shape), self.bias))


class PaperScaling(nn.Module):
    def forward(self, x):
        return x * 1.275 - 0.1


class RandomHorizontalFlip(nn.Module):
    def forward(self, x):
        if not self.training:
            return x
        flip = torch.rand(x.shape[0], 1, 1, 1) < 0.5
        return torch.where(flip, x.flip(3), x)


def classic_lenet5(c3_table):
    return nn.Sequential(
        PaperScaling(), nn.ZeroPad2d(2),
        nn.Conv2d(1, 6, 5), nn.Tanh(), Subsampling(6),
        PartialConv(c3_table), Subsampling(16),
        nn.Conv2d(16, 120, 5), nn.Tanh(), nn.Flatten(),
        nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10))


def modern_lenet(width=16):
    def conv_bn_relu(n_in, n_out):
        return [nn.Conv2d(n_in, n_out, 3, padding=1, bias=False), nn.BatchNorm2d(n_out), nn.ReLU()]

    return nn.Sequential(
        RandomHorizontalFlip(),
        *conv_bn_relu(1, width), *conv_bn_relu(width, width), nn.MaxPool2d(2),
        *conv_bn_relu(width, 2 * width), *conv_bn_relu(2 * width, 2 * width), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.3), nn.Linear(2 * width * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.3),
        nn.Linear(128, 10))


def run(data_path, model_name, epochs, recipe):
    torch.manual_seed(42)
    data = np.load(data_path)
    x = torch.from_numpy(data["x_train"][:, None].copy())   # NCHW, PyTorch's layout
    y = torch.from_numpy(data["y_train"])
    model = classic_lenet5(data["c3_table"]) if model_name == "classic" else modern_lenet()
    optimizer = torch.optim.AdamW(model.parameters(), lr=recipe["learning_rate"],
                                  weight_decay=recipe["weight_decay"] or 0.0)
    steps = epochs * math.ceil(len(x) / recipe["batch_size"])
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, steps)
    generator = torch.Generator().manual_seed(0)
    epoch_seconds, accuracy = [], 0.0
    start = time.perf_counter()
    for _ in range(epochs):
        epoch_start = time.perf_counter()
        model.train()
        correct = torch.zeros((), dtype=torch.int64)   # summed without a sync per step, like Keras
        for batch in torch.randperm(len(x), generator=generator).split(recipe["batch_size"]):
            logits = model(x[batch])
            loss = F.cross_entropy(logits, y[batch])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
            correct += (logits.argmax(1) == y[batch]).sum()
        accuracy = correct.item() / len(x)
        epoch_seconds.append(time.perf_counter() - epoch_start)
    total = time.perf_counter() - start
    return {"framework": "pytorch", "pipeline": "plain loop", "model": model_name, "epochs": epochs,
            "batch_size": recipe["batch_size"],
            "parameters": sum(p.numel() for p in model.parameters()),
            "epoch_seconds": [round(s, 2) for s in epoch_seconds], "total_seconds": round(total, 2),
            "train_accuracy": round(accuracy, 4), "threads": torch.get_num_threads(),
            "version": torch.__version__}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data")
    parser.add_argument("--model", choices=["classic", "modern"], default="classic")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--recipe", type=json.loads, required=True,
                        help="batch_size, learning_rate, weight_decay (null for Adam)")
    args = parser.parse_args()
    print(json.dumps(run(args.data, args.model, args.epochs, args.recipe)))


if __name__ == "__main__":
    main()
