"""The instructor builds: student handouts and executed solutions. (That each handout runs, and
stops at every exercise with its TODO, is proven by test_exercises.py, which executes the handouts.)"""

import nbformat
import pytest
from notebook_tools import NOTEBOOKS, exercises, read, tags

from labs_utils import build


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    written = build.build_student(out_dir=out)
    assert sorted(p.name for p in written) == sorted(p.name for p in NOTEBOOKS)
    return out


def _solution_only_lines(nb):
    """Lines that appear in solution cells and nowhere else in the source notebook."""
    public = {l.strip() for c in nb.cells if "solution" not in tags(c) for l in c.source.splitlines()}
    return {l.strip() for c in nb.cells if "solution" in tags(c) for l in c.source.splitlines()
            if l.strip() and l.strip() not in public}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_solution_line_survives(student_dir, path):
    source = read(path)
    student = read(student_dir / path.name)
    text = "\n".join(c.source for c in student.cells)
    leaked = [line for line in _solution_only_lines(source) if line in text]
    assert not leaked, f"solution lines in the student notebook: {leaked[:3]}"
    assert not any("solution" in tags(c) for c in student.cells)
    stubs = [c for c in student.cells if "stub" in tags(c)]
    assert len(stubs) == len(exercises(source))
    assert all("raise NotImplementedError(\"TODO" in c.source for c in stubs)
    assert all(c.get("outputs", []) == [] for c in student.cells)


@pytest.mark.notebooks
def test_solutions_build_writes_notebook_html_and_report(tmp_path):
    ok = build.build_solutions(["00_setup"], out_dir=tmp_path, profile="quick")
    assert ok
    executed = nbformat.read(tmp_path / "00_setup.ipynb", as_version=4)
    assert not any("stub" in tags(c) for c in executed.cells)
    assert all(c.execution_count for c in executed.cells if c.cell_type == "code")
    assert (tmp_path / "00_setup.html").read_text().lstrip().lower().startswith("<!doctype html")
    report = (tmp_path / "report.md").read_text()
    row = next(line for line in report.splitlines() if line.startswith("| 00_setup"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert float(cells[1]) > 0 and int(cells[2]) > 100 and cells[3] == "ok"
    assert "linear_test_accuracy = 0." in cells[4]
    assert not list(tmp_path.glob(".*metrics*")) and not list(tmp_path.glob("*.part"))


def test_report_marks_a_missed_floor_and_a_failure(tmp_path):
    results = [
        {"notebook": "02_mlp", "wall_s": 10.0, "peak_mb": 900, "error": None,
         "metrics": [{"name": "test_accuracy", "value": 0.85, "floor": 0.89}]},
        {"notebook": "03_regularization", "wall_s": 1.0, "peak_mb": 500, "error": "NameError: x", "metrics": []},
    ]
    assert not build.write_report(results, tmp_path, "full")
    report = (tmp_path / "report.md").read_text()
    assert "floor missed" in report and "**NOT met**" in report and "FAILED: NameError: x" in report
    assert build.write_report(results[:1], tmp_path, "quick")  # floors hold only in the full profile
