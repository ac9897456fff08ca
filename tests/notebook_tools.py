"""Reading the source notebooks; their exercise structure lives in labs_utils.exercises."""
from pathlib import Path

import nbformat

from labs_utils.exercises import Exercise, defined_names, exercises, tags  # noqa: F401 (re-exported)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def read(path):
    return nbformat.read(str(path), as_version=4)
