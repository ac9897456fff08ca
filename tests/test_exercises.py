"""Every exercise check fails on the student stub and on plausible wrong answers, and accepts the
solution and correct answers written in other styles — proven by executing each student handout once
with those attempts interleaved. A stub stops with its TODO (NotImplementedError); every wrong answer,
whatever it returns or raises, is answered with an AssertionError."""
import os

import nbformat
import pytest
from nbclient import NotebookClient
from notebook_tools import NOTEBOOKS, ROOT, exercises, read
from right_answers import RIGHT_ANSWERS
from wrong_answers import WRONG_ANSWERS

from labs_utils.build import build_student


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_exercise_structure(path):
    found = exercises(read(path))  # asserts stub -> solution -> check
    assert len(found) >= 3, f"{path.name} has {len(found)} exercises; each lab needs at least 3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_exercise_has_wrong_answers(path):
    wrong = WRONG_ANSWERS.get(path.stem, {})
    for ex in exercises(read(path)):
        name = min(ex.names)
        assert wrong.get(name), f"{path.name}: add plausible wrong answers for {name} to wrong_answers.py"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_exercise_has_right_answers_in_other_styles(path):
    right = RIGHT_ANSWERS.get(path.stem, {})
    nb = read(path)
    for ex in exercises(nb):
        name = min(ex.names)
        answers = right.get(name, [])
        assert len(answers) >= 2, f"{path.name}: add two correct answers for {name} to right_answers.py"
        solution = nb.cells[ex.solution].source.strip()
        assert all(a.strip() != solution for a in answers), f"{name}: a right answer repeats the solution"


def _wrong_source(wrong, solution):
    """A wrong answer is source code, or a function that plants a bug in the solution's source."""
    if callable(wrong):
        mutated = wrong(solution)
        assert mutated != solution, "this mutation no longer changes the solution: update it"
        return mutated
    return wrong


def _interleaved(source, student, stem):
    """The student handout with, after each stub, attempts that its check must reject or accept, then the
    instructor's solution, so the handout's own check cell must pass on it.

    Returns the notebook and a list of (cell index, label, expected outcome), where the outcome is the
    exception name the check must raise, or None when it must pass.
    """
    found = {min(ex.names): ex for ex in exercises(source)}
    by_stub_id = {source.cells[ex.stub].id: ex for ex in found.values()}
    cells, probes = [], []
    for cell in student.cells:
        cells.append(cell)
        ex = by_stub_id.get(cell.id)
        if ex is None:
            continue
        name = min(ex.names)
        solution, check = source.cells[ex.solution], source.cells[ex.check]
        attempts = ([("stub", None, "NotImplementedError")]
                    + [(f"wrong #{k}", _wrong_source(wrong, solution.source), "AssertionError")
                       for k, wrong in enumerate(WRONG_ANSWERS[stem][name], 1)]
                    + [(f"right #{k}", right, None) for k, right in enumerate(RIGHT_ANSWERS[stem][name], 1)])
        for label, source_code, outcome in attempts:
            if source_code is not None:
                cells.append(nbformat.v4.new_code_cell(source_code))
            probe = nbformat.v4.new_code_cell(check.source)
            probe.metadata["tags"] = ["raises-exception"]
            probes.append((len(cells), f"{name}: {label}", outcome))
            cells.append(probe)
        cells.append(nbformat.v4.new_code_cell(solution.source))   # the handout's check follows
    new = nbformat.v4.new_notebook(cells=cells, metadata=student.metadata)
    return new, probes


def _outcome(cell):
    errors = [o for o in cell.outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
    return errors[0] if errors else None, text


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_handout_runs_and_checks_reject_wrong_answers_and_accept_right_ones(path, tmp_path):
    """One execution of the student build proves the handout runs up to every exercise, stops at each
    stub with its TODO, rejects every wrong answer, accepts every right one and the solution."""
    student = read(build_student([path.stem], out_dir=tmp_path)[0])
    nb, probes = _interleaved(read(path), student, path.stem)
    if not probes:
        pytest.skip("no exercises")
    os.environ["LABS_PROFILE"] = "quick"
    # Any unexpected error (including a check failing on the real solution) raises here.
    NotebookClient(nb, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    problems = []
    for index, label, expected in probes:
        error, text = _outcome(nb.cells[index])
        if expected is None:
            if error is not None:
                problems.append(f"{label}: a correct answer was rejected: {error.ename}: {error.evalue}")
            elif "\u2714" not in text:
                problems.append(f"{label}: the check printed no \u2714 line")
        elif error is None:
            problems.append(f"{label}: the check accepted it")
        elif error.ename != expected:
            problems.append(f"{label}: the check answered {error.ename} instead of {expected}: {error.evalue}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if any(ex.hidden for ex in exercises(read(p)))],
                         ids=lambda p: p.stem)
def test_hidden_checks_fail_on_the_stub_and_wrong_answers_and_accept_right_ones(path):
    """The student build has no hidden checks, so the handout run above cannot prove them: each is run
    here on the stub, every wrong answer, the solution and every right answer (the lab's imports only)."""
    import keras
    import numpy as np
    import tensorflow as tf

    from labs_utils import checks

    source = read(path)
    for ex in (e for e in exercises(source) if e.hidden):
        name = min(ex.names)
        solution = source.cells[ex.solution].source
        attempts = ([(source.cells[ex.stub].source, NotImplementedError)]
                    + [(_wrong_source(w, solution), AssertionError) for w in WRONG_ANSWERS[path.stem][name]]
                    + [(a, None) for a in [solution, *RIGHT_ANSWERS[path.stem][name]]])
        for code, expected in attempts:
            for j in ex.hidden:
                ns = {"np": np, "tf": tf, "keras": keras, "checks": checks}
                exec(compile(code, f"<{name} answer>", "exec"), ns)
                if expected is None:
                    exec(compile(source.cells[j].source, f"<hidden check {j}>", "exec"), ns)
                else:
                    with pytest.raises(expected):
                        exec(compile(source.cells[j].source, f"<hidden check {j}>", "exec"), ns)
