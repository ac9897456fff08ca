"""Grading, step 1: take a student's answers from a submission and put them into the instructor's notebook.

Only the answers come from the submission: for each exercise, the code cells from the handed-out stub
cell (matched by cell id) up to the next cell the handout had. Everything else, checks included, comes
from the instructor's source, so editing, deleting or imitating a check in a submission changes nothing.
"""
import json
from dataclasses import dataclass

import nbformat

from .exercises import defined_names, exercises, tags


@dataclass
class Answer:
    """One exercise's answer: its code (None if missing) and how it was found, for the feedback."""

    code: str | None
    found: str


def read_submission(path):
    """``(notebook, None)``, or ``(None, reason)`` when the file cannot be graded."""
    try:
        text = open(path, encoding="utf-8").read()
    except UnicodeDecodeError:
        return None, "the file is not text (not a notebook saved by Jupyter)"
    if not text.strip():
        return None, "the file is empty"
    try:
        nb = nbformat.reads(text, as_version=4)
    except (json.JSONDecodeError, nbformat.reader.NotJSONError) as err:
        return None, f"the file is not valid notebook JSON ({str(err).splitlines()[0][:80]})"
    except Exception as err:   # nbformat's validation errors come in several types
        return None, f"the file is not a readable notebook ({type(err).__name__})"
    if not any(c.cell_type == "code" for c in nb.cells):
        return None, "the notebook has no code cells"
    return nb, None


def student_answers(source, submission):
    """``{exercise name: Answer}`` for every exercise of ``source``, read from ``submission``."""
    handed_out = {c.get("id") for c in source.cells if "solution" not in tags(c)}
    position = {c.get("id"): i for i, c in enumerate(submission.cells)}
    answers = {}
    for ex in exercises(source):
        start = position.get(source.cells[ex.stub].get("id"))
        if start is not None:
            region = [submission.cells[start]]
            for cell in submission.cells[start + 1:]:
                if cell.get("id") in handed_out:
                    break
                region.append(cell)
            code = [c.source for c in region if c.cell_type == "code" and "check" not in tags(c)]
            answers[ex.name] = Answer("\n\n".join(code), "the cell handed out for it")
            continue
        # The stub cell was deleted: take the last new code cell that defines every name it asks for.
        defining = [c for c in submission.cells if c.cell_type == "code" and c.get("id") not in handed_out
                    and ex.names <= defined_names(c.source)]
        answers[ex.name] = (Answer(defining[-1].source, "a cell defining " + ", ".join(sorted(ex.names)))
                            if defining else Answer(None, "no cell defines " + ", ".join(sorted(ex.names))))
    return answers


def grading_notebook(source, answers):
    """The instructor's notebook with each stub replaced by the student's answer and no solutions."""
    by_stub = {ex.stub: ex for ex in exercises(source)}
    nb = nbformat.v4.new_notebook(metadata=source.metadata)
    for i, cell in enumerate(source.cells):
        if "solution" in tags(cell):
            continue
        if i in by_stub:
            answer = answers.get(by_stub[i].name)
            code = answer.code if answer and answer.code is not None else cell.source   # missing: the stub
            new = nbformat.v4.new_code_cell(code)
            new.metadata["tags"] = ["answer"]
            new.metadata["exercise"] = by_stub[i].name
            nb.cells.append(new)
            continue
        nb.cells.append(nbformat.from_dict(dict(cell, outputs=[]) if cell.cell_type == "code" else dict(cell)))
    return nb
