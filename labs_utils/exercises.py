"""The exercise structure of a source notebook: a ``stub`` cell, its ``solution``, then its ``check``, and
any ``hidden-check`` cells after it (run by grading only: the student build removes them)."""
import ast
from dataclasses import dataclass


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def defined_names(source):
    """Functions and classes defined at the top level of ``source`` (empty if it does not parse)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {node.name for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))}


HIDDEN_CHECK = "hidden-check"


def points(cell):
    """A check cell's points: its ``points`` metadata, 1 by default."""
    return float(cell.get("metadata", {}).get("points", 1))


@dataclass
class Exercise:
    stub: int
    solution: int
    check: int
    names: set
    hidden: tuple = ()

    @property
    def name(self):
        return min(self.names)

    @property
    def checks(self):
        """The visible check cell, then the hidden ones."""
        return (self.check, *self.hidden)


def exercises(nb):
    """One Exercise per solution cell; raises AssertionError if the structure is broken."""
    found = []
    cells = nb.cells
    for i, cell in enumerate(cells):
        if "solution" not in tags(cell):
            continue
        assert i > 0 and "stub" in tags(cells[i - 1]), f"solution cell {i} is not preceded by a stub cell"
        names = defined_names(cells[i - 1].source)
        assert names, f"stub cell {i - 1} defines no function or class"
        assert defined_names(cell.source) == names, f"solution cell {i} and its stub define different names"
        check = next((j for j in range(i + 1, len(cells)) if "check" in tags(cells[j])), None)
        next_stub = next((j for j in range(i + 1, len(cells)) if "stub" in tags(cells[j])), len(cells))
        assert check is not None and check < next_stub, f"exercise {sorted(names)} has no check cell"
        assert any(n in cells[check].source for n in names), f"check cell {check} never calls {sorted(names)}"
        hidden = tuple(j for j in range(check + 1, next_stub) if HIDDEN_CHECK in tags(cells[j]))
        found.append(Exercise(i - 1, i, check, names, hidden))
    stubs = sum("stub" in tags(c) for c in cells)
    assert stubs == len(found), "every stub cell must be followed by its solution cell"
    return found
