"""Which cells a check needs: a static read/write analysis of notebook cells.

Grading runs, for each exercise, only the cells its check and the student's answer depend on: the cell
that last bound each name they read (and, in turn, what that cell reads), plus every cell in between
that changes such an object in place (a method call on it, or an assignment into it). A function a
cell defines depends on the global names its body reads. Module names never count as changed
(``np.random.seed`` is not a change to ``np``), and neither do the read-only methods below.

What this cannot see (a helper function that changes its argument, a file written by one cell and read
by another), an instructor marks by tagging the cell ``needed-for-grading``.
"""
import ast
import builtins
import functools

ALWAYS_TAG = "needed-for-grading"

BUILTINS = set(dir(builtins)) | {"display", "get_ipython"}
# Method calls that read an object without changing it; any other method call may change it.
READ_ONLY_METHODS = {
    "argmax", "as_numpy_iterator", "astype", "batch", "cache", "copy", "count_params", "evaluate", "format",
    "get", "get_config", "get_layer", "get_weights", "items", "join", "keys", "map", "max", "mean", "min",
    "numpy", "predict", "prefetch", "ravel", "reshape", "result", "shuffle", "startswith", "std", "sum",
    "summary", "take", "tolist", "unbatch", "values",
}
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


def _in_scope(node):
    """``ast.walk`` over ``node``'s own scope: a function, class or comprehension below it is yielded but
    not entered."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        if n is node or not isinstance(n, _SCOPES + _COMPREHENSIONS):
            stack.extend(ast.iter_child_nodes(n))


def _stored(node):
    """Names a statement binds in its own scope (functions and classes it defines included)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    out = set()
    for n in _in_scope(node):
        if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
            out.add(n.id)
        elif n is not node and isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(n.name)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            out |= {(a.asname or a.name).split(".")[0] for a in n.names}
        elif isinstance(n, ast.ExceptHandler) and n.name:
            out.add(n.name)
    return out


def _targets(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


def _reads(node):
    """Names ``node`` reads from its enclosing scope."""
    if isinstance(node, _SCOPES):
        return _free(node)
    if isinstance(node, _COMPREHENSIONS):
        inner = set().union(*(_reads(c) for c in ast.iter_child_nodes(node)))
        return inner - set().union(*(_targets(g.target) for g in node.generators))
    out = {node.id} if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) else set()
    if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
        out.add(node.target.id)   # x += 1 reads x
    for child in ast.iter_child_nodes(node):
        out |= _reads(child)
    return out


def _free(node):
    """The global names a function, lambda or class reads (its decorators and defaults included)."""
    if isinstance(node, ast.ClassDef):
        return set().union(*(_reads(n) for n in node.bases + node.decorator_list), *(_reads(s) for s in node.body))
    args = node.args
    local = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
    local |= {a.arg for a in (args.vararg, args.kwarg) if a}
    outside = set().union(*(_reads(d) for d in args.defaults + [d for d in args.kw_defaults if d]))
    if isinstance(node, ast.Lambda):
        return outside | (_reads(node.body) - local)
    outside |= set().union(*(_reads(d) for d in node.decorator_list))
    declared_global = {name for s in node.body for n in ast.walk(s) if isinstance(n, ast.Global) for name in n.names}
    reads = set()
    for stmt in node.body:
        local |= _stored(stmt)
        reads |= _reads(stmt)
    return outside | (reads - (local - declared_global))


def _root(node):
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


class CellNames:
    """What one cell binds (``defines``), reads before binding (``reads``) and changes in place
    (``changes``), at the top level of the notebook."""

    def __init__(self, source):
        self.defines, self.reads, self.changes, self.modules = set(), set(), set(), set()
        for stmt in ast.parse(source).body:
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                names = {(a.asname or a.name).split(".")[0] for a in stmt.names}
                self.defines |= names
                self.modules |= names
                continue
            stored = _stored(stmt)
            # x += 1 reads x; any other name bound by this statement is its own
            augmented = {n.target.id for n in _in_scope(stmt)
                         if isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name)}
            self.reads |= _reads(stmt) - self.defines - (stored - augmented)
            local = self.defines | stored
            for n in ([] if isinstance(stmt, _SCOPES) else _in_scope(stmt)):
                roots = []
                if isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                    roots = [_root(t) for t in getattr(n, "targets", None) or [n.target]
                             if isinstance(t, (ast.Attribute, ast.Subscript))]
                elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) \
                        and n.func.attr not in READ_ONLY_METHODS:
                    roots = [_root(n.func.value)]
                self.changes |= {r for r in roots if r and r not in local}
            self.defines |= stored
        self.reads -= BUILTINS


def compile_cell(code):
    """A cell's source as plain Python (IPython magics turned into calls); raises SyntaxError."""
    from IPython.core.inputtransformer2 import TransformerManager

    text = TransformerManager().transform_cell(code)
    ast.parse(text)
    return text


@functools.lru_cache(maxsize=None)   # grading plans the same instructor cells for every submission
def cell_names(source):
    """``CellNames`` for a cell's source (IPython magics allowed), or None if it does not parse.
    Cached: treat the result as read-only."""
    try:
        return CellNames(compile_cell(source))
    except SyntaxError:
        return None


def needed_cells(sources, targets, always=()):
    """Indices of the cells among ``sources`` (in notebook order) that cells ``targets`` depend on,
    ``targets`` and ``always`` included, in order."""
    info = [cell_names(s) for s in sources]
    modules = set().union(*(c.modules for c in info if c))
    keep = set(targets) | set(always)
    todo = [(i, name) for i in keep if info[i] for name in info[i].reads | info[i].changes]
    seen = set()
    while todo:
        i, name = todo.pop()
        if (i, name) in seen:
            continue
        seen.add((i, name))
        for j in range(i - 1, -1, -1):
            c = info[j]
            if c is None or not (name in c.defines or (name in c.changes and name not in modules)):
                continue
            if j not in keep:
                keep.add(j)
                todo += [(j, n) for n in c.reads | (c.changes - modules)]
            if name in c.defines and name not in c.reads:
                break   # bound afresh here: nothing earlier matters for it
    return sorted(keep)
