"""What grading runs: a student's answers put into the instructor's notebook, cut to what the checks need.

Only the answers come from the submission: for each exercise, the code cells from the handed-out stub
cell (matched by cell id) up to the next cell the handout had. Everything else, checks included, comes
from the instructor's source, so editing, deleting or imitating a check in a submission changes nothing.
``lab_plan`` then keeps only the cells the answers and checks depend on (``labs_utils.slicing``).
"""
import ast
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .exercises import defined_names, exercises, points, tags
from .slicing import ALWAYS_TAG, cell_names, compile_cell, needed_cells


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
        json.loads(text)
    except ValueError as err:
        where = f"{err.msg} at line {err.lineno}, column {err.colno}" if isinstance(err, json.JSONDecodeError) else err
        return None, f"the file is not valid notebook JSON ({where}): download it again from Jupyter"
    try:
        nb = nbformat.reads(text, as_version=4)
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


@dataclass
class Step:
    """One cell to run: instructor ``context``, a student's ``answer``, or a ``check`` of ``exercise``."""

    kind: str
    source: str
    exercise: str = None
    points: float = 0.0
    parts: int = 0          # `with checks.part(...)` blocks in a check (0: all or nothing)
    binds: tuple = ()       # names a context cell binds: restored before each check


@dataclass
class Planned:
    """An exercise as planned: its points and, when no code needs to run, its result already."""

    name: str
    names: set
    max_points: float
    status: str = None      # "missing" or "error" when decided without running anything
    message: str = ""
    checks: list = field(default_factory=list)


def _part_blocks(tree):
    return sum(isinstance(item.context_expr, ast.Call) and isinstance(item.context_expr.func, ast.Attribute)
               and item.context_expr.func.attr == "part"
               for node in ast.walk(tree) if isinstance(node, ast.With) for item in node.items)


LAB_CHECKS_IMPORT = re.compile(r"^\s*from\s+labs_utils\.lab_checks\s+import\s+(lab_\d\d)\s+as\s+(\w+)", re.M)


def lab_check_modules(nb):
    """``{name: path}`` of the lab-check modules a notebook imports (``from labs_utils.lab_checks import
    lab_00 as check`` gives ``{"check": .../lab_checks/lab_00.py}``)."""
    folder = Path(__file__).parent / "lab_checks"
    return {alias: folder / f"{module}.py" for cell in nb.cells if cell.cell_type == "code"
            for module, alias in LAB_CHECKS_IMPORT.findall(cell.source)}


def count_parts(source, modules=None):
    """How many ``with checks.part(...)`` blocks a check cell runs: in the cell itself, or in the lab-check
    functions it calls (``check.Value(Value)``: the blocks of ``Value`` in the lab's module)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return 0
    count = _part_blocks(tree)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id in (modules or {})):
            path = modules[node.func.value.id]
            count += _parts_per_function(path, path.stat().st_mtime_ns).get(node.func.attr, 0)
    return count


@functools.lru_cache(maxsize=32)
def _parts_per_function(path, mtime_ns):
    """``{function name: part blocks}`` of a lab-check module, parsed once per version of the file (every
    submission's plan asks again)."""
    module = ast.parse(path.read_text(encoding="utf-8"))
    return {f.name: _part_blocks(f) for f in module.body if isinstance(f, ast.FunctionDef)}


def _same_code(a, b):
    return "\n".join(line.rstrip() for line in a.strip().splitlines()) == \
        "\n".join(line.rstrip() for line in b.strip().splitlines())


def _syntax_error(code):
    try:
        compile_cell(code)
    except SyntaxError as err:
        return f"line {err.lineno}: {err.msg}"
    return None


def lab_plan(source, answers, hidden=True, skip=(), stubbed=()):
    """``(steps, planned)``: the cells to run for one submission, in order, and every exercise's plan.

    An exercise whose answer is missing, still the stub or not valid Python is decided here and its
    checks are not run; nor are those of the exercises in ``skip`` (already graded: their answers still
    run, later checks may call them), and ``stubbed`` answers (that timed out or crashed) are left out
    for their stubs. ``hidden=False``
    leaves out the ``hidden-check`` cells (a student's own progress report)."""
    found = exercises(source)
    modules = lab_check_modules(source)
    by_stub = {ex.stub: ex for ex in found}
    by_check = {j: ex for ex in found for j in ex.checks}
    planned = {}
    for ex in found:
        check_cells = [j for j in ex.checks if hidden or j == ex.check]
        plan = Planned(ex.name, ex.names, sum(points(source.cells[j]) for j in check_cells), checks=check_cells)
        answer = answers.get(ex.name)
        if answer is None or answer.code is None:
            plan.status, plan.message = "missing", f"no answer: {answer.found if answer else 'not found'}"
        elif _same_code(answer.code, source.cells[ex.stub].source):
            plan.status, plan.message = "missing", "no answer: the stub is unchanged"
        elif (where := _syntax_error(answer.code)) is not None:
            plan.status, plan.message = "error", f"{ex.name}: your answer is not valid Python ({where})"
        planned[ex.name] = plan
    runs = {name for name, p in planned.items() if p.status is None and name not in skip}

    cells, steps, targets, always = [], [], [], []
    for i, cell in enumerate(source.cells):
        if cell.cell_type != "code" or "solution" in tags(cell):
            continue
        if i in by_stub:
            ex = by_stub[i]
            answered = planned[ex.name].status is None and ex.name not in stubbed
            step = Step("answer", answers[ex.name].code if answered else cell.source, ex.name)
            if ex.name in runs:
                targets.append(len(steps))
        elif i in by_check:
            ex = by_check[i]
            if i not in planned[ex.name].checks:
                continue
            step = Step("check", cell.source, ex.name, points(cell), count_parts(cell.source, modules))
            if ex.name not in runs:
                continue
            targets.append(len(steps))
        else:
            names = cell_names(cell.source)
            step = Step("context", cell.source, binds=tuple(sorted(names.defines)) if names else ())
            if not steps or ALWAYS_TAG in tags(cell):
                always.append(len(steps))
        steps.append(step)
        cells.append(step.source)
    if not targets:
        return [], list(planned.values())
    keep = needed_cells(cells, targets, always)
    return [steps[k] for k in keep], list(planned.values())
