"""What the benchmark borrows from the course: its own functions, read from the notebooks, and a FLOP count.

Reading the functions from the notebooks (rather than copying them) means the benchmark always times
what students run.
"""
import ast
import time
from pathlib import Path

import nbformat
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def notebook_function(lab, name, namespace):
    """Define function ``name`` from lab ``lab`` (e.g. "02_mlp") in ``namespace``; return it.

    Only the ``def`` itself is executed, not the rest of its cell (which trains models).
    """
    nb = nbformat.read(NOTEBOOKS / f"{lab}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code" or f"def {name}(" not in cell.source:
            continue
        for node in ast.parse(cell.source).body:
            if isinstance(node, ast.FunctionDef) and node.name == name:
                module = ast.Module(body=[node], type_ignores=[])
                exec(compile(module, f"{lab}.ipynb:{name}", "exec"), namespace)
                return namespace[name]
    raise SystemExit(f"{lab}.ipynb: no code cell defines {name}(); the benchmark needs it")


def forward_flops(model):
    """Floating-point operations of one forward pass of one example, counting multiply-adds as 2.

    Every weight called ``kernel`` (Dense, Conv2D, lab 08's PartialConv2D) is used once per output
    position; biases, normalization, activations and pooling are left out (a few percent at most).
    """
    flops = 0
    for layer in model._flatten_layers(include_self=False, recursive=True):
        kernels = [w for w in layer.weights if w.path.split("/")[-1] == "kernel"]
        if not kernels:
            continue
        shape = layer.output.shape
        positions = int(np.prod(shape[1:-1])) if len(shape) == 4 else 1
        flops += 2 * positions * sum(int(np.prod(w.shape)) for w in kernels)
    return flops


def epoch_timer(seconds):
    """A Keras callback appending each epoch's wall time (its validation pass included) to ``seconds``."""
    import keras

    class EpochTimer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):   # Keras calls it after the epoch's validation
            seconds.append(time.perf_counter() - self.start)

    return EpochTimer()
