"""Grading, step 1: a student's answers are read from the cells handed out for them, and nothing else of
a submission reaches the notebook that is graded (no kernel runs here)."""
import copy

import nbformat
import pytest
from notebook_tools import ROOT, exercises, read

from labs_utils.build import build_student
from labs_utils.grading import grading_notebook, read_submission, student_answers

SOURCE = ROOT / "notebooks" / "00_setup.ipynb"


@pytest.fixture(scope="module")
def handout(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    build_student(["00_setup"], out_dir=out)
    return read(out / "00_setup.ipynb")


def _copy(nb):
    return copy.deepcopy(nb)


def _stub_position(source, submission, ex):
    stub_id = source.cells[ex.stub].id
    return next(i for i, c in enumerate(submission.cells) if c.id == stub_id)


def _solved(source, handout):
    """The handout with every stub replaced by the instructor's solution, as a student would type it."""
    nb = _copy(handout)
    for ex in exercises(source):
        nb.cells[_stub_position(source, nb, ex)].source = source.cells[ex.solution].source
    return nb


def test_untouched_handout_gives_the_stubs(handout):
    source = read(SOURCE)
    answers = student_answers(source, handout)
    assert set(answers) == {ex.name for ex in exercises(source)}
    for ex in exercises(source):
        assert answers[ex.name].code == source.cells[ex.stub].source


def test_answers_are_the_students_cells_and_what_they_added_after_them(handout):
    source = read(SOURCE)
    nb = _solved(source, handout)
    ex = exercises(source)[0]
    at = _stub_position(source, nb, ex)
    nb.cells.insert(at + 1, nbformat.v4.new_code_cell("HELPER = 1"))
    nb.cells.insert(at + 2, nbformat.v4.new_markdown_cell("my notes"))
    answers = student_answers(source, nb)
    assert answers[ex.name].code == source.cells[ex.solution].source + "\n\nHELPER = 1"
    for other in exercises(source)[1:]:
        assert answers[other.name].code == source.cells[other.solution].source


def test_checks_come_from_the_source_whatever_the_submission_does_to_them(handout):
    source = read(SOURCE)
    nb = _solved(source, handout)
    by_id = {c.id: c for c in nb.cells}
    ex0, ex1 = exercises(source)[:2]
    by_id[source.cells[ex0.check].id].source = 'print("\u2714 correct")'      # edited check
    nb.cells.remove(by_id[source.cells[ex1.check].id])                          # deleted check
    fake = nbformat.v4.new_code_cell('print("\u2714 all exercises correct")')
    nb.cells.append(fake)                                                       # after every handed-out cell
    graded = grading_notebook(source, student_answers(source, nb))
    sources = [c.source for c in graded.cells]
    for ex in exercises(source):
        assert sources.count(source.cells[ex.check].source) == 1
        assert source.cells[ex.solution].source in sources                     # the student's answer
    assert not any("\u2714" in s and s not in [c.source for c in source.cells] for s in sources)


def test_graded_notebook_has_no_solutions_and_keeps_missing_answers_as_stubs(handout):
    source = read(SOURCE)
    answers = student_answers(source, handout)
    first = exercises(source)[0].name
    answers[first].code = None
    graded = grading_notebook(source, answers)
    solution_sources = {source.cells[ex.solution].source for ex in exercises(source)}
    assert not solution_sources & {c.source for c in graded.cells}
    answer_cells = [c for c in graded.cells if "answer" in c.metadata.get("tags", [])]
    assert [c.metadata["exercise"] for c in answer_cells] == [ex.name for ex in exercises(source)]
    assert answer_cells[0].source == source.cells[exercises(source)[0].stub].source


def test_a_deleted_stub_cell_is_found_by_the_names_it_defines(handout):
    source = read(SOURCE)
    nb = _solved(source, handout)
    ex = exercises(source)[-1]
    at = _stub_position(source, nb, ex)
    answer = nb.cells.pop(at)
    moved = nbformat.v4.new_code_cell(answer.source)
    nb.cells.append(moved)
    found = student_answers(source, nb)[ex.name]
    assert found.code == source.cells[ex.solution].source and "defining" in found.found
    nb.cells.remove(moved)
    missing = student_answers(source, nb)[ex.name]
    assert missing.code is None and "no cell defines" in missing.found


@pytest.mark.parametrize("content, reason", [
    ("", "empty"),
    ("{not json", "not valid notebook JSON"),
    ('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', "no code cells"),
])
def test_unreadable_submissions_get_one_clear_reason(tmp_path, content, reason):
    path = tmp_path / "00_setup.ipynb"
    path.write_text(content)
    nb, why = read_submission(path)
    assert nb is None and reason in why


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "00_setup.ipynb"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    nb, why = read_submission(path)
    assert nb is None and "not text" in why


def test_handout_reads_as_a_submission(tmp_path, handout):
    path = tmp_path / "00_setup.ipynb"
    nbformat.write(handout, str(path))
    nb, why = read_submission(path)
    assert why is None and len(nb.cells) == len(handout.cells)


def test_collect_says_what_it_ignored(tmp_path):
    from labs_utils.grader import collect

    (tmp_path / "loose.ipynb").write_text("{}")
    (tmp_path / "ada").mkdir()
    (tmp_path / "ada" / "00_setup.ipynb").write_text("{}")
    (tmp_path / "ada" / "Copy of 01_autodiff.ipynb").write_text("{}")
    found, notes = collect(tmp_path, tmp_path / "scratch")
    assert list(found) == ["ada"] and list(found["ada"]) == ["00_setup.ipynb"]
    assert any(n.startswith("loose.ipynb: a notebook outside any student folder") for n in notes)
    assert "ada: Copy of 01_autodiff.ipynb is not a lab of this course (ignored)" in notes


def test_a_check_call_counts_the_parts_of_the_lab_check_it_calls():
    from labs_utils.grading import count_parts, lab_check_modules

    source = read(ROOT / "notebooks" / "01_autodiff.ipynb")
    modules = lab_check_modules(source)
    assert modules["check"].name == "lab_01.py"
    assert count_parts("check.Value(Value)", modules) == 3
    assert count_parts("check.nesterov_step(nesterov_step, X, y)", modules) == 0
    assert count_parts("with checks.exercise('x'):\n    with checks.part('a'):\n        pass\n") == 1
