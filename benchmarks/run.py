"""`make bench`: lab 08's LeNets in Keras (as the course trains them, and from NumPy arrays) and in a
plain PyTorch loop, side by side in one run on this machine. Writes build/bench/report.md.

Each run is a fresh process, one after another, so the frameworks never share the cores.
"""
import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from lenet5_keras import RECIPES, course_models  # noqa: E402

from labs_utils.environment import quiet_tensorflow_import  # noqa: E402
from labs_utils.report import machine_description  # noqa: E402

RUNS = [("keras", "arrays"), ("keras", "course"), ("pytorch", None)]
LABELS = {("keras", "arrays"): "Keras, NumPy arrays into fit() (before)",
          ("keras", "course"): "Keras, as lab 08 trains it (after)",
          ("pytorch", None): "PyTorch, plain loop"}


def prepare_data(path):
    """The full training split of lab 08, plus LeNet-5's C3 table, in one .npz for both sides."""
    from labs_utils.data import prepare_fashion_mnist

    quiet_tensorflow_import()

    (x_train, y_train), _, _ = prepare_fashion_mnist()
    table = course_models()["C3_TABLE"]
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, x_train=x_train, y_train=y_train, c3_table=table)


def run_one(python, script, args, log):
    command = [str(python), str(HERE / script), *map(str, args)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    log.write(f"$ {' '.join(command)}\n{result.stderr}\n")
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"benchmark run failed: {' '.join(command)}\n  {last}\n  (full log: {log.name})")
    return json.loads(result.stdout.strip().splitlines()[-1])


def steady(seconds):
    """Seconds per epoch once warmed up: the median of every epoch after the first."""
    return statistics.median(seconds[1:]) if len(seconds) > 1 else seconds[0]


def report(results, epochs, versions):
    lines = ["# LeNet training benchmark: Keras vs PyTorch on the CPU", "",
             f"Machine: {machine_description()}; {versions}. {epochs} epochs of the 55,000 training images each; "
             "'per epoch' is the median of the epochs after the first (the first includes tracing).", "",
             "| model | run | trainable parameters | batch | first epoch (s) | per epoch (s) | total (s) | train accuracy |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r['model']} | {r['label']}"
                     f" | {r['parameters']:,} | {r['batch_size']} | {r['epoch_seconds'][0]:.1f}"
                     f" | {steady(r['epoch_seconds']):.1f} | {r['total_seconds']:.1f} | {r['train_accuracy']:.4f} |")
    lines.append("")
    for model in dict.fromkeys(r["model"] for r in results):
        by = {(r["framework"], r["pipeline"]): r for r in results if r["model"] == model}
        course, torch_run = by.get(("keras", "course")), by.get(("pytorch", "plain loop"))
        if course and torch_run:
            ratio = steady(course["epoch_seconds"]) / steady(torch_run["epoch_seconds"])
            verdict = "no slower than" if ratio <= 1.0 else "SLOWER than"
            lines.append(f"- {model}: the course's Keras training takes {ratio:.2f}x PyTorch's time per "
                         f"epoch — {verdict} the PyTorch loop.")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--models", nargs="+", choices=["classic", "modern"], default=["classic", "modern"])
    parser.add_argument("--torch-python", default=str(ROOT / ".venv-bench" / "bin" / "python"))
    parser.add_argument("--out", default=str(ROOT / "build" / "bench"))
    args = parser.parse_args()
    if args.epochs < 2:
        raise SystemExit("--epochs must be at least 2: the first epoch includes tracing")
    torch_python = Path(args.torch_python)
    if not torch_python.exists():
        raise SystemExit(f"no PyTorch environment at {torch_python}: run `make bench`, which creates it "
                         "(pip install torch==2.13.0 into .venv-bench)")
    out = Path(args.out)
    data = out / "fashion_mnist_train.npz"
    prepare_data(data)
    results = []
    with open(out / "bench.log", "w") as log:
        for model in args.models:
            for framework, pipeline in RUNS:
                print(f"{model:8s} {LABELS[(framework, pipeline)]} ...", flush=True)
                started = time.perf_counter()
                if framework == "keras":
                    r = run_one(sys.executable, "lenet5_keras.py",
                                [data, "--model", model, "--pipeline", pipeline, "--epochs", args.epochs], log)
                else:
                    recipe = json.dumps(RECIPES[model])   # lab 08's recipe, defined once
                    r = run_one(torch_python, "lenet5_torch.py",
                                [data, "--model", model, "--epochs", args.epochs, "--recipe", recipe], log)
                r["label"] = LABELS[(framework, pipeline)]
                print(f"{'':8s} per epoch {steady(r['epoch_seconds']):.1f} s "
                      f"(epochs {r['epoch_seconds']}; process {time.perf_counter() - started:.0f} s)", flush=True)
                results.append(r)
    import keras
    import tensorflow as tf

    torch_version = next((r["version"] for r in results if r["framework"] == "pytorch"), "?")
    versions = f"TensorFlow {tf.__version__}, Keras {keras.__version__}, PyTorch {torch_version}"
    text = report(results, args.epochs, versions)
    (out / "report.md").write_text(text)
    (out / "results.json").write_text(json.dumps(results, indent=1))
    data.unlink()
    print("\n" + text)


if __name__ == "__main__":
    main()
