"""Students made from the sources, for grading tests and the grading benchmark: a handout with some
stubs replaced by given answers, written as a student would hand it in."""
import json

import nbformat
from notebook_tools import ROOT, exercises, read
from right_answers import RIGHT_ANSWERS
from wrong_answers import WRONG_ANSWERS

LABS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def wrong_source(wrong, solution):
    """A wrong answer from wrong_answers.py: its source, or the solution with the bug it plants."""
    return wrong(solution) if callable(wrong) else wrong


def with_answers(handout, source, answers):
    """A copy of ``handout`` with the stub of each exercise named in ``answers`` replaced by its code."""
    nb = nbformat.from_dict(json.loads(json.dumps(handout)))
    by_id = {c.id: c for c in nb.cells}
    for ex in exercises(source):
        if ex.name in answers:
            by_id[source.cells[ex.stub].id].source = answers[ex.name]
    return nb


def write(nb, folder, lab):
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(folder / f"{lab}.ipynb"))


def answer_sets(sources):
    """Per lab, three complete sets of answers: the solutions, the first right and the first wrong ones."""
    sets = {"solutions": {}, "right": {}, "wrong": {}}
    for lab in LABS:
        solutions = {e.name: sources[lab].cells[e.solution].source for e in exercises(sources[lab])}
        sets["solutions"][lab] = solutions
        sets["right"][lab] = {n: RIGHT_ANSWERS[lab][n][0] for n in solutions}
        sets["wrong"][lab] = {n: wrong_source(WRONG_ANSWERS[lab][n][0], solutions[n]) for n in solutions}
    return sets


def sources_and_handouts(handout_dir):
    sources = {lab: read(ROOT / "notebooks" / f"{lab}.ipynb") for lab in LABS}
    handouts = {lab: read(handout_dir / f"{lab}.ipynb") for lab in LABS}
    return sources, handouts
