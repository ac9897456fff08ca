"""nbval glue.

- Committed notebooks carry no outputs, so the outputs that cells tagged ``nbval-check-output`` must
  reproduce are kept in ``tests/nbval_reference/<notebook>.json`` (``make nbval-reference`` records
  them; ``LABS_NBVAL_REFERENCE_DIR`` points at another folder).
- Outputs are compared by meaning (``tests/nbval_compare.py``): words, integers, shapes and dtypes
  exactly, floats within a relative tolerance, so the references recorded on one CPU hold on others
  and on GPUs. ``LABS_NBVAL_PERTURB=1`` moves every float of the references in its last digit first.
- stderr is never compared: TensorFlow and absl write machine-dependent warnings there.
"""
import json
import os
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).parent / "tests"))
from nbval_compare import first_difference, perturb  # noqa: E402

REFERENCE_DIR = Path(os.environ.get("LABS_NBVAL_REFERENCE_DIR") or Path(__file__).parent / "tests" / "nbval_reference")


def _is_stderr(output):
    return output.get("output_type") == "stream" and output.get("name") == "stderr"


def _flatten(item, outputs, skip):
    """nbval's view of outputs: {field or MIME type: [sanitized values]}, streams keyed by name."""
    from nbval.plugin import transform_streams_for_comparison

    fields = {}
    for output in transform_streams_for_comparison([o for o in outputs if not _is_stderr(o)]):
        for key, value in output.items():
            if key in skip:
                continue
            pairs = value.items() if key == "data" else [(key, value)]
            for field, text in pairs:
                if field not in skip:
                    fields.setdefault(field, []).append(item.sanitize(text))
    return fields


def compare_outputs(self, test, ref, skip_compare=None):
    """Replaces nbval's exact comparison: same fields, each value the same by meaning."""
    skip = skip_compare or self.parent.skip_compare
    got, expected = _flatten(self, test, skip), _flatten(self, ref, skip)
    self.comparison_traceback = []
    if set(got) != set(expected):
        self.comparison_traceback.append(
            f"output fields differ: reference {sorted(expected)}, this run {sorted(got)}")
        return False
    for field, ref_values in expected.items():
        if len(ref_values) != len(got[field]):
            self.comparison_traceback.append(
                f"{len(got[field])} outputs of type {field!r}, the reference has {len(ref_values)}")
            return False
        for ref_value, got_value in zip(ref_values, got[field]):
            difference = first_difference(ref_value, got_value)
            if difference:
                self.comparison_traceback.append(f"{field}: {difference}")
                self.format_output_compare(field, ref_value, got_value)
                return False
    return True


def pytest_configure(config):
    try:
        from nbval.plugin import IPyNbCell
    except ImportError:
        return
    IPyNbCell.compare_outputs = compare_outputs


def _reference_outputs(path):
    ref_file = REFERENCE_DIR / f"{path.stem}.json"
    references = json.loads(ref_file.read_text()) if ref_file.exists() else {}
    if os.environ.get("LABS_NBVAL_PERTURB") == "1":
        for outputs in references.values():
            for output in outputs:
                if "text" in output:
                    output["text"] = perturb(output["text"])
                for mime, value in output.get("data", {}).items():
                    if mime.startswith("text/"):
                        output["data"][mime] = perturb(value)
    return references


def pytest_collection_modifyitems(config, items):
    references, missing = {}, []
    for item in items:
        cell = getattr(item, "cell", None)
        options = getattr(item, "options", None)
        if cell is None or not options or not options.get("check"):
            continue
        path = Path(str(item.fspath))
        if path not in references:
            references[path] = _reference_outputs(path)
        outputs = references[path].get(cell.get("id"))
        if outputs is None:
            missing.append(f"{path.name} cell {cell.get('id')}")
            continue
        cell.outputs = [nbformat.from_dict(o) for o in outputs]
        cell.execution_count = 1  # nbval compares only cells whose reference was run
    if missing:
        raise pytest.UsageError(
            "no recorded output for nbval-check-output cells: " + ", ".join(missing)
            + ". Run `make nbval-reference` and commit tests/nbval_reference/.")
