"""Keras side of the LeNet benchmark: the course's own models, trained as lab 08 trains them.

The model definitions are read from notebooks/08_cnn_lenet5.ipynb, so the benchmark always times
exactly what students run. Prints one JSON line per run.

    python benchmarks/lenet5_keras.py DATA.npz --model classic --pipeline course --epochs 3
"""
import argparse
import contextlib
import io
import json
import time
from pathlib import Path

import nbformat
import numpy as np

from course import epoch_timer, forward_flops

ROOT = Path(__file__).resolve().parent.parent
LAB = ROOT / "notebooks" / "08_cnn_lenet5.ipynb"
# The code cells that define the models; found by content so that editing prose does not break it.
DEFINITIONS = ("import keras", "class PartialConv2D", "def classic_lenet5", "def modern_lenet")
RECIPES = {  # lab 08's training recipes
    "classic": {"batch_size": 64, "learning_rate": 2e-3, "weight_decay": 0.05},
    "modern": {"batch_size": 128, "learning_rate": 2e-3, "weight_decay": None},
}


def course_models():
    """Execute lab 08's definition cells; return its namespace (classic_lenet5, modern_lenet, ...)."""
    from labs_utils import base_seed   # the cells seed with it

    nb = nbformat.read(LAB, as_version=4)
    namespace = {"base_seed": base_seed}
    with contextlib.redirect_stdout(io.StringIO()):  # the cells print parameter tables
        for marker in DEFINITIONS:
            cells = [c for c in nb.cells if c.cell_type == "code" and marker in c.source]
            if len(cells) != 1:
                raise SystemExit(f"{LAB.name}: expected one code cell containing {marker!r}, found {len(cells)}")
            exec(compile(cells[0].source, f"{LAB.name}:{marker}", "exec"), namespace)
    return namespace


def build(model_name, namespace):
    if model_name == "classic":
        return namespace["classic_lenet5"]()
    return namespace["modern_lenet"](width=16)   # the full profile's width


def run(data_path, model_name, pipeline, epochs):
    import keras

    from labs_utils import setup
    from labs_utils.data import make_dataset

    with contextlib.redirect_stdout(io.StringIO()):
        setup()
    data = np.load(data_path)
    x, y = data["x_train"][..., None], data["y_train"]
    recipe = RECIPES[model_name]
    namespace = course_models()
    keras.utils.set_random_seed(42)
    model = build(model_name, namespace)
    steps = epochs * int(np.ceil(len(x) / recipe["batch_size"]))
    schedule = keras.optimizers.schedules.CosineDecay(recipe["learning_rate"], steps)
    optimizer = (keras.optimizers.AdamW(schedule, weight_decay=recipe["weight_decay"])
                 if recipe["weight_decay"] else keras.optimizers.Adam(schedule))
    course = pipeline == "course"
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"],
                  steps_per_execution=16 if course else 1)
    epoch_seconds = []
    start = time.perf_counter()
    if course:   # lab 08: a cached tf.data pipeline built once, 16 steps per execution
        train_ds = make_dataset(x, y, batch_size=recipe["batch_size"], shuffle=True)
        history = model.fit(train_ds, epochs=epochs, verbose=0, callbacks=[epoch_timer(epoch_seconds)])
    else:        # the usual first attempt: NumPy arrays straight into fit()
        history = model.fit(x, y, batch_size=recipe["batch_size"], epochs=epochs, verbose=0,
                            callbacks=[epoch_timer(epoch_seconds)])
    total = time.perf_counter() - start
    return {"framework": "keras", "pipeline": pipeline, "model": model_name, "epochs": epochs,
            "batch_size": recipe["batch_size"], "parameters": sum(int(np.prod(w.shape)) for w in model.trainable_weights),
            "unit": "epoch", "flops_per_unit": forward_flops(model) * 3 * len(x),   # training ~ 3 forward passes
            "epoch_seconds": [round(s, 2) for s in epoch_seconds], "total_seconds": round(total, 2),
            "train_accuracy": round(float(history.history["accuracy"][-1]), 4)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data")
    parser.add_argument("--model", choices=sorted(RECIPES), default="classic")
    parser.add_argument("--pipeline", choices=["course", "arrays"], default="course")
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(run(args.data, args.model, args.pipeline, args.epochs)))


if __name__ == "__main__":
    main()
