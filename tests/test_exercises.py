"""Every exercise check fails on the student stub and on plausible wrong answers, and passes
on the solution — proven by executing each notebook once with those attempts interleaved."""
import os

import nbformat
import pytest
from nbclient import NotebookClient
from notebook_tools import NOTEBOOKS, ROOT, exercises, read, tags
from wrong_answers import WRONG_ANSWERS

EXPECTED_FAILURES = {"AssertionError", "NotImplementedError"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_exercise_structure(path):
    found = exercises(read(path))  # asserts stub -> solution -> check
    if path.stem != "00_setup":
        assert len(found) >= 3, f"{path.name} has {len(found)} exercises; each lab needs at least 3"
    else:
        assert found, "00_setup needs an exercise"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_exercise_has_wrong_answers(path):
    wrong = WRONG_ANSWERS.get(path.stem, {})
    for ex in exercises(read(path)):
        name = min(ex.names)
        assert wrong.get(name), f"{path.name}: add plausible wrong answers for {name} to wrong_answers.py"


def _wrong_source(wrong, solution):
    """A wrong answer is source code, or a function that plants a bug in the solution's source."""
    if callable(wrong):
        mutated = wrong(solution)
        assert mutated != solution, "this mutation no longer changes the solution: update it"
        return mutated
    return wrong


def _interleaved(nb, stem):
    """The notebook with, before each solution, attempts that its check must reject."""
    cells, expect_fail = [], []
    by_index = {ex.solution: ex for ex in exercises(nb)}
    for i, cell in enumerate(nb.cells):
        if i in by_index:
            ex = by_index[i]
            name = min(ex.names)
            check = nb.cells[ex.check]
            attempts = [("stub", None)] + [(f"wrong #{k}", _wrong_source(wrong, cell.source))
                                           for k, wrong in enumerate(WRONG_ANSWERS[stem][name], 1)]
            for label, source in attempts:
                cells.append(nbformat.v4.new_code_cell(source or nb.cells[ex.stub].source))
                probe = nbformat.v4.new_code_cell(check.source)
                probe.metadata["tags"] = ["raises-exception"]
                expect_fail.append((len(cells), f"{name}: {label}"))
                cells.append(probe)
        if "stub" in tags(cell):
            continue  # replayed above, just before its solution
        cells.append(cell)
    new = nbformat.v4.new_notebook(cells=cells, metadata=nb.metadata)
    return new, expect_fail


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_checks_reject_stubs_and_wrong_answers(path):
    nb, expect_fail = _interleaved(read(path), path.stem)
    if not expect_fail:
        pytest.skip("no exercises")
    os.environ["LABS_PROFILE"] = "quick"
    # Any unexpected error (including a check failing on the real solution) raises here.
    NotebookClient(nb, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    for index, label in expect_fail:
        errors = [o for o in nb.cells[index].outputs if o.output_type == "error"]
        assert errors, f"the check accepted a wrong attempt ({label})"
        assert errors[0].ename in EXPECTED_FAILURES, (
            f"{label}: the check crashed with {errors[0].ename}: {errors[0].evalue}")
