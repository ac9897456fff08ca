"""nbval glue: committed notebooks carry no outputs, so the outputs that cells tagged
``nbval-check-output`` must reproduce are kept in ``tests/nbval_reference/<notebook>.json``
(``make nbval-reference`` records them). stderr is never compared: TensorFlow and absl write
machine-dependent warnings there.
"""
import json
from pathlib import Path

import nbformat
import pytest

REFERENCE_DIR = Path(__file__).parent / "tests" / "nbval_reference"


def _without_stderr(outputs):
    return [o for o in outputs if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]


def pytest_configure(config):
    try:
        from nbval.plugin import IPyNbCell
    except ImportError:
        return
    if getattr(IPyNbCell.compare_outputs, "_skips_stderr", False):
        return
    original = IPyNbCell.compare_outputs

    def compare_outputs(self, test, ref, skip_compare=None):
        return original(self, _without_stderr(test), _without_stderr(ref), skip_compare)

    compare_outputs._skips_stderr = True
    IPyNbCell.compare_outputs = compare_outputs


def pytest_collection_modifyitems(config, items):
    references, missing = {}, []
    for item in items:
        cell = getattr(item, "cell", None)
        options = getattr(item, "options", None)
        if cell is None or not options or not options.get("check"):
            continue
        path = Path(str(item.fspath))
        if path not in references:
            ref_file = REFERENCE_DIR / f"{path.stem}.json"
            references[path] = json.loads(ref_file.read_text()) if ref_file.exists() else {}
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
