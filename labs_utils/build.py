"""Instructor builds, driven by nbconvert preprocessors.

    python -m labs_utils.build student          # build/student: solutions replaced by stubs
    python -m labs_utils.build solutions        # build/solutions: executed (full), HTML, report.md
    python -m labs_utils.build strip            # clean notebooks/ sources (no outputs, stable metadata)
    python -m labs_utils.build nbval-reference  # record outputs of nbval-check-output cells (quick)

Source cells carry tags: ``stub`` (what students get, placed just before its solution),
``solution`` (the instructor's answer), ``check`` (the exercise's self-check).
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbconvert.exporters import HTMLExporter, NotebookExporter
from nbconvert.preprocessors import (
    ClearMetadataPreprocessor,
    ClearOutputPreprocessor,
    ExecutePreprocessor,
    TagRemovePreprocessor,
)

from .report import machine_description

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build"
REFERENCE_DIR = ROOT / "tests" / "nbval_reference"
CHECK_OUTPUT_TAG = "nbval-check-output"
KERNEL = "python3"
CELL_TIMEOUT = 1800  # seconds; a full-profile training cell stays well below this


def source_notebooks(names=None):
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if names:
        wanted = {Path(n).stem for n in names}
        paths = [p for p in paths if p.stem in wanted]
        missing = wanted - {p.stem for p in paths}
        if missing:
            raise SystemExit(f"no such notebook in notebooks/: {', '.join(sorted(missing))}")
    return paths


def _export(path, *preprocessors):
    exporter = NotebookExporter()
    for pre in preprocessors:
        exporter.register_preprocessor(pre, enabled=True)
    body, _ = exporter.from_filename(str(path), resources={"metadata": {"path": str(NOTEBOOKS)}})
    return body


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".part")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)  # never leave a half-written notebook behind


def build_student(names=None, out_dir=None):
    """Write each source with its solution cells removed and outputs cleared."""
    out_dir = Path(out_dir or BUILD / "student")
    written = []
    for src in source_notebooks(names):
        body = _export(src, TagRemovePreprocessor(remove_cell_tags={"solution"}), ClearOutputPreprocessor())
        _write(out_dir / src.name, body)
        written.append(out_dir / src.name)
    return written


def stripped_text(src):
    """The source as it should be committed: no outputs, stable metadata."""
    body = _export(src, ClearOutputPreprocessor(), ClearMetadataPreprocessor(
        preserve_cell_metadata_mask={"tags"},
        preserve_nb_metadata_mask={"kernelspec", ("language_info", "name")},
    ))
    nb = nbformat.reads(body, as_version=4)
    nb.metadata.kernelspec = {"display_name": "Python 3 (ipykernel)", "language": "python",
                              "name": KERNEL}
    nb.metadata.language_info = {"name": "python"}
    return nbformat.writes(nb) + "\n"


def strip_sources(names=None):
    """Remove outputs, execution counts and volatile metadata from the sources in place."""
    changed = []
    for src in source_notebooks(names):
        after = stripped_text(src)
        if after != src.read_text(encoding="utf-8"):
            src.write_text(after, encoding="utf-8")
            changed.append(src)
    return changed


def _execute_one(src, out_dir, profile):
    """Run one notebook (stubs removed) in a fresh kernel; write .ipynb + .html; return stats."""
    os.environ["LABS_PROFILE"] = profile
    metrics_file = out_dir / f".{src.stem}.metrics.jsonl"
    metrics_file.unlink(missing_ok=True)
    os.environ["LABS_METRICS_FILE"] = str(metrics_file)
    start = time.perf_counter()
    error = None
    nb = nbformat.read(src, as_version=4)
    nb, _ = TagRemovePreprocessor(remove_cell_tags={"stub"}).preprocess(nb, {})
    executor = ExecutePreprocessor(timeout=CELL_TIMEOUT, kernel_name=KERNEL)
    try:
        executor.preprocess(nb, {"metadata": {"path": str(NOTEBOOKS)}})
    except Exception as err:  # CellExecutionError: keep the partial notebook for inspection
        error = str(err).strip().splitlines()[-1][:300] if str(err).strip() else type(err).__name__
    wall = time.perf_counter() - start
    _write(out_dir / src.name, nbformat.writes(nb))
    html, _ = HTMLExporter().from_notebook_node(nb)
    _write(out_dir / f"{src.stem}.html", html)
    metrics = []
    if metrics_file.exists():
        metrics = [json.loads(line) for line in metrics_file.read_text().splitlines() if line]
        metrics_file.unlink()
    # The kernel was this process's child: its peak resident memory, in KiB on Linux.
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"notebook": src.stem, "wall_s": round(wall, 1), "peak_mb": round(peak_mb),
            "error": error, "metrics": metrics}


def _run_isolated(src, out_dir, profile):
    """Execute in a child process so each notebook's peak memory is measured on its own."""
    proc = subprocess.run(
        [sys.executable, "-m", "labs_utils.build", "_execute", str(src), str(out_dir), profile],
        capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        return {"notebook": src.stem, "wall_s": 0.0, "peak_mb": 0, "metrics": [],
                "error": (proc.stderr.strip().splitlines() or ["executor crashed"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _metric_cell(metric, profile):
    floor = metric.get("floor")
    text = f"{metric['name']} = {metric['value']:.4f}"
    if floor is None:
        return text, True
    met = metric["value"] >= floor
    if profile != "full":
        return text + f" (floor {floor}, full profile only)", True
    return text + f" (floor {floor}: {'met' if met else '**NOT met**'})", met


def write_report(results, out_dir, profile):
    lines = [f"# Solutions report ({profile} profile)", "",
             f"Machine: {machine_description()}", "",
             "| notebook | wall time (s) | peak memory (MB) | status | key metrics |",
             "|---|---:|---:|---|---|"]
    ok = True
    for r in results:
        cells = [_metric_cell(m, profile) for m in r["metrics"]]
        floors_met = all(met for _, met in cells)
        status = "ok" if r["error"] is None and floors_met else (
            f"FAILED: {r['error']}" if r["error"] else "floor missed")
        ok = ok and status == "ok"
        lines.append(f"| {r['notebook']} | {r['wall_s']:.1f} | {r['peak_mb']} | {status} | "
                     f"{'<br>'.join(t for t, _ in cells) or '-'} |")
    total = sum(r["wall_s"] for r in results)
    lines += ["", f"Total wall time: {total:.1f} s ({total / 60:.1f} min)", ""]
    (out_dir / "report.md").write_text("\n".join(lines), encoding="utf-8")
    return ok


def build_solutions(names=None, out_dir=None, profile="full"):
    out_dir = Path(out_dir or BUILD / "solutions")
    out_dir.mkdir(parents=True, exist_ok=True)
    results = []
    for src in source_notebooks(names):
        print(f"executing {src.name} ({profile}) ...", flush=True)
        result = _run_isolated(src, out_dir, profile)
        print(f"  {result['wall_s']:.1f} s, {result['peak_mb']} MB"
              + (f", FAILED: {result['error']}" if result["error"] else ""), flush=True)
        results.append(result)
    ok = write_report(results, out_dir, profile)
    print(f"report: {out_dir / 'report.md'}")
    return ok


def _reference_outputs(cell):
    keep = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            continue  # TensorFlow/absl warnings vary by machine; nbval skips stderr too
        out = dict(out)
        out.pop("execution_count", None)
        out.pop("metadata", None)
        if "data" in out:
            out["data"] = {k: v for k, v in out["data"].items() if not k.startswith("image/")}
        keep.append(out)
    return keep


def check_output_cells(src):
    """Execute ``src`` in the quick profile; the outputs of its nbval-check-output cells by cell id."""
    os.environ["LABS_PROFILE"] = "quick"
    nb = nbformat.read(src, as_version=4)
    ExecutePreprocessor(timeout=CELL_TIMEOUT, kernel_name=KERNEL).preprocess(
        nb, {"metadata": {"path": str(NOTEBOOKS)}})
    return {c.id: _reference_outputs(c) for c in nb.cells
            if c.cell_type == "code" and CHECK_OUTPUT_TAG in c.metadata.get("tags", [])}


def record_nbval_reference(names=None):
    """Store the outputs of ``nbval-check-output`` cells (quick profile) by cell id."""
    REFERENCE_DIR.mkdir(parents=True, exist_ok=True)
    for src in source_notebooks(names):
        refs = check_output_cells(src)
        path = REFERENCE_DIR / f"{src.stem}.json"
        path.write_text(json.dumps(refs, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(refs)} cells")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m labs_utils.build", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["student", "solutions", "strip", "nbval-reference", "_execute"])
    parser.add_argument("notebooks", nargs="*", help="notebook names (default: all)")
    parser.add_argument("--profile", choices=["quick", "full"], default="full",
                        help="profile for `solutions` (default: full)")
    args = parser.parse_args(argv)
    if args.command == "_execute":
        src, out_dir, profile = args.notebooks
        print(json.dumps(_execute_one(Path(src), Path(out_dir), profile)))
        return 0
    if args.command == "student":
        for path in build_student(args.notebooks):
            print(path.relative_to(ROOT))
        return 0
    if args.command == "strip":
        for path in strip_sources(args.notebooks):
            print(f"cleaned {path.relative_to(ROOT)}")
        return 0
    if args.command == "nbval-reference":
        record_nbval_reference(args.notebooks)
        return 0
    return 0 if build_solutions(args.notebooks, profile=args.profile) else 1


if __name__ == "__main__":
    sys.exit(main())
