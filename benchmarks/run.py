"""`make bench`: every kind of training in the course, in Keras as the labs train it and in a plain PyTorch
loop, side by side in one run on this machine, with the machine's own float32 limits. Writes
build/bench/report.md.

Each run is a fresh process, one after another, so the frameworks never share the cores.
"""
import argparse
import json
import os
import re
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

# (workload, what it is, the lab it comes from, the script pair, the throughput it is held against)
WORKLOADS = {
    "mlp": ("300-100 MLP, 55,000 images, validation every epoch", "02", "mlp", "matmul"),
    "small_mlp": ("300-300-300 MLP, 2,000 images, 5,000 validated every epoch", "03-05", "mlp", "matmul"),
    "grid": ("grid search: 24 small MLP fits on digits (8 configurations x 3 folds, 20 epochs)", "02", "mlp",
             "matmul"),
    "classic": ("classic LeNet-5, 55,000 images", "08", "lenet5", "conv"),
    "modern": ("modern LeNet (width 16), 55,000 images", "08", "lenet5", "conv"),
}
GRID_EPOCHS = 20   # lab 02's full profile
SMALL_EPOCHS = 10  # small epochs: more of them for a steady median


def prepare_data(path):
    """Every array both sides need, in one .npz: lab 02/08's splits, lab 03's subset, the digits folds."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import StratifiedKFold, train_test_split

    from labs_utils.data import prepare_fashion_mnist, take_subset

    quiet_tensorflow_import()
    (x_train, y_train), (x_valid, y_valid), _ = prepare_fashion_mnist()
    x_small, y_small = take_subset(x_train, y_train, 2000)
    digits = load_digits()
    x_digits, _, y_digits, _ = train_test_split((digits.images / 16.0).astype("float32"), digits.target,
                                                test_size=0.2, stratify=digits.target, random_state=42)
    folds = np.zeros(len(x_digits), dtype=np.int64)
    for fold, (_, v) in enumerate(StratifiedKFold(3, shuffle=True, random_state=42).split(x_digits, y_digits)):
        folds[v] = fold
    table = course_models()["C3_TABLE"]
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, x_train=x_train, y_train=y_train, x_valid=x_valid, y_valid=y_valid, x_small=x_small,
             y_small=y_small, x_digits=x_digits, y_digits=y_digits.astype(np.int64), digits_folds=folds,
             c3_table=table)


def run_one(python, script, args, log, env):
    command = [str(python), str(HERE / script), *map(str, args)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
    log.write(f"$ {' '.join(command)}\n{result.stderr}\n")
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"benchmark run failed: {' '.join(command)}\n  {last}\n  (full log: {log.name})")
    return json.loads(result.stdout.strip().splitlines()[-1])


def onednn_isa(python, framework, env):
    """The instruction set oneDNN says it dispatched (ONEDNN_VERBOSE=1), or why it is unknown."""
    result = subprocess.run([str(python), str(HERE / "peak.py"), "--framework", framework, "--probe-isa"],
                            capture_output=True, text=True, cwd=ROOT, env=dict(env, ONEDNN_VERBOSE="1"))
    found = re.search(r"onednn_verbose,.*?cpu,isa:([^\n,]+)", result.stdout + result.stderr)
    return found.group(1).strip() if found else "oneDNN not used"


def steady(seconds):
    """Seconds per epoch once warmed up: the median of every epoch after the first."""
    return statistics.median(seconds[1:]) if len(seconds) > 1 else seconds[0]


def per_unit(seconds, unit):
    """An epoch's steady time; for a grid search, the mean over all its fits (tracing included: the
    grid pays it for real, once per configuration)."""
    return statistics.fmean(seconds) if unit == "fit" else steady(seconds)


def report(results, peaks, epochs, versions, isa_note):
    lines = ["# Training benchmark: the course's Keras vs a plain PyTorch loop, on the CPU", "",
             f"Machine: {machine_description()}; {versions}. {isa_note}", "",
             f"LeNets and the 300-100 MLP: {epochs} epochs; lab 03's small MLP: {SMALL_EPOCHS} epochs; the grid: "
             f"every fit of lab 02's grid ({GRID_EPOCHS} epochs each). Time per epoch is the median after the "
             "first epoch, which includes tracing; for the grid it is the mean over all 24 fits, model building, "
             "tracing and evaluation included, because that is what a grid search pays.", ""]
    if peaks:
        lines += ["Machine throughput (float32, best of both frameworks is the reference):", "",
                  "| framework | matmul 2048x2048 (GFLOP/s) | convolution 128x28x28x32, 3x3 (GFLOP/s) |",
                  "|---|---:|---:|"]
        lines += [f"| {p['framework']} {p['version']} | {p['matmul_gflops']:.1f} | {p['conv_gflops']:.1f} |"
                  for p in peaks]
        lines.append("")
    limit = {kind: max((p[f"{kind}_gflops"] for p in peaks), default=0) for kind in ("matmul", "conv")}
    lines += ["| workload | lab | unit | Keras, as the course trains it (s) | PyTorch, plain loop (s) "
              "| Keras / PyTorch | Keras GFLOP/s (of the limit) | PyTorch GFLOP/s (of the limit) |",
              "|---|---|---|---:|---:|---:|---:|---:|"]
    verdicts = []
    for workload, (title, lab, _, kind) in WORKLOADS.items():
        by = {(r["framework"], r["pipeline"]): r for r in results if r["model"] == workload}
        course, torch_run = by.get(("keras", "course")), by.get(("pytorch", "plain loop"))
        if not course:
            continue
        cells = []
        for r in (course, torch_run):
            if r is None:
                cells.append(("-", "-"))
                continue
            unit = course["unit"]
            rate = course["flops_per_unit"] / per_unit(r["epoch_seconds"], unit) / 1e9
            share = f" ({rate / limit[kind]:.0%})" if limit[kind] else ""
            cells.append((f"{per_unit(r['epoch_seconds'], unit):.2f}", f"{rate:.1f}{share}"))
        ratio = (per_unit(course["epoch_seconds"], course["unit"]) / per_unit(torch_run["epoch_seconds"], course["unit"])
                 if torch_run else None)
        lines.append(f"| {title} | {lab} | {course['unit']} | {cells[0][0]} | {cells[1][0]} | "
                     f"{'-' if ratio is None else f'{ratio:.2f}x'} | {cells[0][1]} | {cells[1][1]} |")
        if ratio is not None:
            verdicts.append(f"- {workload}: the course's Keras takes {ratio:.2f}x PyTorch's time per {course['unit']} "
                            f"— {'no slower than' if ratio <= 1.0 else 'SLOWER than'} the PyTorch loop.")
        arrays = by.get(("keras", "arrays"))
        if arrays:
            lines.append(f"| {title}: Keras, NumPy arrays into fit() | {lab} | epoch | "
                         f"{steady(arrays['epoch_seconds']):.2f} | | | | |")
    lines += ["", *verdicts, "",
              "Achieved GFLOP/s count the multiply-adds of every Dense and convolution kernel, forward x 3 for "
              "a training step (forward, two backward products), plus the validation passes; both sides are "
              "credited with the same count."]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--workloads", nargs="+", choices=list(WORKLOADS), default=list(WORKLOADS))
    parser.add_argument("--arrays", action="store_true",
                        help="also time the LeNets from NumPy arrays (how lab 08 trained before issue 6)")
    parser.add_argument("--isa", help="cap oneDNN and MKL at this instruction set in every run, e.g. AVX2 "
                                      "(ONEDNN_MAX_CPU_ISA, MKL_ENABLE_INSTRUCTIONS)")
    parser.add_argument("--torch-python", default=str(ROOT / ".venv-bench" / "bin" / "python"))
    parser.add_argument("--out", default=str(ROOT / "build" / "bench"))
    parser.add_argument("--report-only", action="store_true", help="rewrite report.md from results.json")
    args = parser.parse_args()
    out = Path(args.out)
    if args.report_only:
        saved = json.loads((out / "results.json").read_text())
        text = report(saved["runs"], saved["peaks"], saved["epochs"], saved["versions"], saved["isa_note"])
        (out / "report.md").write_text(text)
        return print(text)
    if args.epochs < 2:
        raise SystemExit("--epochs must be at least 2: the first epoch includes tracing")
    torch_python = Path(args.torch_python)
    if not torch_python.exists():
        raise SystemExit(f"no PyTorch environment at {torch_python}: run `make bench`, which creates it "
                         "(pip install torch==2.13.0 into .venv-bench)")
    env = dict(os.environ)
    if args.isa:
        env.update(ONEDNN_MAX_CPU_ISA=args.isa.upper(), MKL_ENABLE_INSTRUCTIONS=args.isa.upper())
    data = out / "training_data.npz"
    prepare_data(data)
    pythons = {"tensorflow": sys.executable, "pytorch": torch_python}
    isas = {name: onednn_isa(python, name, env) for name, python in pythons.items()}
    isa_note = ("oneDNN dispatched: " + ", ".join(f"{name} {isa}" for name, isa in isas.items())
                + (f" (capped with ONEDNN_MAX_CPU_ISA={args.isa.upper()})." if args.isa else "."))
    print(isa_note, flush=True)
    results, peaks = [], []
    with open(out / "bench.log", "w") as log:
        for name, python in pythons.items():
            peaks.append(run_one(python, "peak.py", ["--framework", name], log, env))
            print(f"{name}: matmul {peaks[-1]['matmul_gflops']} GFLOP/s, conv {peaks[-1]['conv_gflops']} GFLOP/s",
                  flush=True)
        for workload in args.workloads:
            _, _, pair, _ = WORKLOADS[workload]
            epochs = {"grid": GRID_EPOCHS, "small_mlp": SMALL_EPOCHS}.get(workload, args.epochs)
            runs = [("keras", "course"), ("pytorch", None)]
            if args.arrays and pair == "lenet5":
                runs.insert(0, ("keras", "arrays"))
            for framework, pipeline in runs:
                print(f"{workload:10s} {framework} {pipeline or ''} ...", flush=True)
                started = time.perf_counter()
                if pair == "mlp":
                    python = sys.executable if framework == "keras" else torch_python
                    script = f"mlp_{'keras' if framework == 'keras' else 'torch'}.py"
                    r = run_one(python, script, [data, "--workload", workload, "--epochs", epochs], log, env)
                elif framework == "keras":
                    r = run_one(sys.executable, "lenet5_keras.py",
                                [data, "--model", workload, "--pipeline", pipeline, "--epochs", epochs], log, env)
                else:
                    recipe = json.dumps(RECIPES[workload])   # lab 08's recipe, defined once
                    r = run_one(torch_python, "lenet5_torch.py",
                                [data, "--model", workload, "--epochs", epochs, "--recipe", recipe], log, env)
                unit = "fit" if workload == "grid" else "epoch"
                print(f"{'':10s} {per_unit(r['epoch_seconds'], unit):.2f} s per {unit} "
                      f"(process {time.perf_counter() - started:.0f} s)", flush=True)
                results.append(r)
    import keras
    import tensorflow as tf

    torch_version = next((p["version"] for p in peaks if p["framework"] == "pytorch"), "?")
    versions = f"TensorFlow {tf.__version__}, Keras {keras.__version__}, PyTorch {torch_version}"
    text = report(results, peaks, args.epochs, versions, isa_note)
    (out / "report.md").write_text(text)
    (out / "results.json").write_text(json.dumps({"peaks": peaks, "runs": results, "isa": isas, "epochs": args.epochs,
                                                  "versions": versions, "isa_note": isa_note}, indent=1))
    data.unlink()
    print("\n" + text)


if __name__ == "__main__":
    main()
