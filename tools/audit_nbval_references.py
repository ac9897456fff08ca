"""Which nbval-check-output cells print machine-dependent output? (``make nbval-audit``)

Executes every notebook (quick profile) under settings that change floating-point kernels on this
machine — oneDNN limited to older instruction sets, oneDNN off, one thread — and compares each
``nbval-check-output`` cell with its recorded reference twice: bit for bit, and by meaning (the
comparison the tests use). Writes ``build/nbval-audit.md``. A GPU, ARM and other CPUs differ in
ways no switch here shows; the tolerance, not this emulation, is what keeps the tests portable.

    python tools/audit_nbval_references.py [notebook ...]
"""
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from nbval_compare import first_difference  # noqa: E402

from labs_utils.build import REFERENCE_DIR, check_output_cells, source_notebooks  # noqa: E402
from labs_utils.report import machine_description  # noqa: E402

SETTINGS = {
    "this CPU": {},
    "oneDNN AVX": {"ONEDNN_MAX_CPU_ISA": "AVX"},
    "oneDNN SSE4.1": {"ONEDNN_MAX_CPU_ISA": "SSE41"},
    "oneDNN off": {"TF_ENABLE_ONEDNN_OPTS": "0"},
    "1 thread": {"TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1", "OMP_NUM_THREADS": "1"},
}


def _text(outputs):
    """All text of a cell's outputs, streams joined (chunking is timing-dependent)."""
    parts = []
    for out in outputs:
        if out.get("output_type") == "stream":
            parts.append(out["text"])
        else:
            parts.extend(v for k, v in out.get("data", {}).items() if k.startswith("text/"))
    return "".join(parts)


def audit(names=None):
    results = {}  # (notebook, cell) -> {setting: mark}
    diffs = {}
    for label, env in SETTINGS.items():
        saved = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            for src in source_notebooks(names):
                print(f"{label}: {src.stem}", flush=True)
                reference = json.loads((REFERENCE_DIR / f"{src.stem}.json").read_text())
                for cell, outputs in check_output_cells(src).items():
                    ref, got = _text(reference.get(cell, [])), _text(outputs)
                    difference = first_difference(ref, got)
                    mark = "=" if ref == got else ("≈" if difference is None else "✗")
                    results.setdefault((src.stem, cell), {})[label] = mark
                    if mark != "=":
                        diffs.setdefault((src.stem, cell), []).append(
                            f"{label}: {difference or 'within tolerance'}; printed {got.strip()[:160]!r}")
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
    return results, diffs


def report(results, diffs):
    labels = list(SETTINGS)
    lines = ["# nbval-check-output audit", "", f"Machine: {machine_description()}", "",
             "Each cell's output against its reference (`tests/nbval_reference/`, recorded on the machine "
             "that last ran `make nbval-reference`): `=` identical, `≈` different digits that the tests' "
             "comparison accepts, `✗` a difference the tests reject.", "",
             "| notebook | cell | " + " | ".join(labels) + " |", "|---|---|" + "---|" * len(labels)]
    for (stem, cell), marks in sorted(results.items()):
        lines.append(f"| {stem} | {cell} | " + " | ".join(marks.get(l, "-") for l in labels) + " |")
    if diffs:
        lines += ["", "## Differences", ""]
        for (stem, cell), items in sorted(diffs.items()):
            lines.append(f"- {stem} {cell}: " + " / ".join(items))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    results, diffs = audit(sys.argv[1:] or None)
    out = ROOT / "build" / "nbval-audit.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(report(results, diffs), encoding="utf-8")
    print(f"{out.relative_to(ROOT)}: {len(results)} cells, {len(diffs)} with differences, "
          f"{sum('✗' in m.values() for m in results.values())} rejected")
    sys.exit(1 if any("✗" in m.values() for m in results.values()) else 0)
