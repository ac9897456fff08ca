"""Plots the labs share: learning curves, image grids, confusion matrices."""
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator


def _history_dict(history):
    """Accept a keras History, its ``.history`` dict, or any metric -> values mapping."""
    data = getattr(history, "history", history)
    if not isinstance(data, Mapping):
        raise TypeError(f"expected a keras History or a dict of metric lists, got {type(history).__name__}")
    return data


def plot_learning_curves(histories, metrics=None, *, title=None):
    """Training (solid) and validation (dashed) curves, one panel per metric.

    ``histories`` is one History/dict, or a mapping ``{label: History}`` to compare runs. Keras's training
    figure is a mean over the epoch while the weights improve, so it is drawn half an epoch earlier than
    the validation figure, which is measured at the epoch's end.
    """
    if isinstance(histories, Mapping) and histories and all(
            not isinstance(v, (list, tuple, np.ndarray)) for v in histories.values()):
        runs = {label: _history_dict(h) for label, h in histories.items()}
    else:
        runs = {"": _history_dict(histories)}
    if metrics is None:
        first = next(iter(runs.values()))
        metrics = [k for k in first if not k.startswith("val_") and k != "learning_rate"]
    missing = [(label or "history", m) for label, run in runs.items() for m in metrics if m not in run]
    if missing:
        label, metric = missing[0]
        raise KeyError(f"{label} has no metric {metric!r}")
    fig, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 3.5), squeeze=False)
    for ax, metric in zip(axes[0], metrics):
        for i, (label, run) in enumerate(runs.items()):
            color = f"C{i}"
            epochs = np.arange(1, len(run[metric]) + 1)
            prefix = f"{label} " if label else ""
            ax.plot(epochs - 0.5, run[metric], color=color, label=f"{prefix}train (mean over the epoch)")
            if f"val_{metric}" in run:
                ax.plot(epochs, run[f"val_{metric}"], color=color, linestyle="--",
                        label=f"{prefix}validation")
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(metric)
        ax.legend(fontsize="small")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_image_grid(images, labels=None, *, class_names=None, predictions=None, n_cols=8, size=1.4):
    """Show images in a grid, titled with labels; wrong predictions are titled in red."""
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] in (1, 3):
        images = images[..., 0] if images.shape[-1] == 1 else images
    if images.ndim not in (3, 4):
        raise ValueError(f"images must have shape (n, height, width[, 1 or 3]); got {images.shape}")
    n = len(images)
    for arg, values in (("labels", labels), ("predictions", predictions)):
        if values is not None and len(values) != n:
            raise ValueError(f"{arg} has {len(values)} entries for {n} images")
    name = (lambda k: class_names[int(k)]) if class_names is not None else (lambda k: str(k))
    n_cols = max(1, min(n_cols, n))
    n_rows = -(-n // n_cols)
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(size * n_cols, size * n_rows + 0.3), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for i, ax in enumerate(axes.flat[:n]):
        ax.imshow(images[i], cmap="binary" if images.ndim == 3 else None)
        if predictions is not None:
            wrong = labels is not None and int(predictions[i]) != int(labels[i])
            text = name(predictions[i]) + (f"\n(true: {name(labels[i])})" if wrong else "")
            ax.set_title(text, fontsize=8, color="red" if wrong else "black")
        elif labels is not None:
            ax.set_title(name(labels[i]), fontsize=8)
    fig.tight_layout()
    return fig


def confusion_matrix(y_true, y_pred, n_classes=None):
    """Counts[i, j] = examples of true class i predicted as class j."""
    y_true = np.asarray(y_true).astype(int).ravel()
    y_pred = np.asarray(y_pred).astype(int).ravel()
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has {y_true.size} labels but y_pred has {y_pred.size}")
    n = n_classes or int(max(y_true.max(), y_pred.max())) + 1
    counts = np.zeros((n, n), dtype=int)
    np.add.at(counts, (y_true, y_pred), 1)
    return counts


def plot_confusion_matrix(y_true, y_pred, *, class_names=None, normalize=True):
    """Confusion matrix heat map; with ``normalize`` each row shows recall per class."""
    n = len(class_names) if class_names is not None else None
    counts = confusion_matrix(y_true, y_pred, n)
    values = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1) if normalize else counts
    names = list(class_names) if class_names is not None else [str(i) for i in range(len(counts))]
    fig, ax = plt.subplots(figsize=(0.6 * len(names) + 2.5, 0.6 * len(names) + 1.5))
    ax.imshow(values, cmap="Blues")
    ax.grid(False)
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right")
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    threshold = values.max() / 2
    for (i, j), v in np.ndenumerate(values):
        ax.text(j, i, f"{v:.2f}" if normalize else str(v), ha="center", va="center", fontsize=7,
                color="white" if v > threshold else "black")
    fig.tight_layout()
    return fig
