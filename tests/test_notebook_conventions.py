"""Conventions of the source notebooks' visible test cells.

The visible part of a test cell (everything outside ``### BEGIN HIDDEN TESTS`` ...
``### END HIDDEN TESTS``) runs in the student's namespace, in JupyterLab, in
nbgrader and in the course's grader. A name it binds there replaces the
student's own: a helper called ``_f`` or ``x`` would be clobbered by a test cell
that assigns ``_f = ...``, and every later exercise that calls it breaks. So
every name a visible test cell binds at its top-level scope ends in ``_check``
(curriculum.md, "Conventions for every assignment"), and test cells import
nothing (the setup cell does).

Bindings at the top-level scope: assignment, annotated and augmented assignment
targets, ``for`` targets, ``with ... as``, ``except ... as``, walrus targets
anywhere outside a nested function or lambda (a walrus inside a comprehension
binds in the enclosing scope), imports, function and class definitions,
``del``, ``global``/``nonlocal`` and ``match`` captures; tuple, list and starred
targets are unpacked. Comprehension variables, lambda parameters and the locals
of a nested function or class body are local to it and allowed.
"""
import ast
import json

import pytest

from autograder.course.markers import HIDDEN_TESTS
from tests.conftest import ASSIGNMENT_IDS, ROOT

SUFFIX = "_check"


class TopLevelBindings(ast.NodeVisitor):
    """Names bound in the scope of the code being visited: ``[(name, line, how)]``."""

    def __init__(self):
        self.found = []

    def bind(self, name, node, how):
        self.found.append((name, getattr(node, "lineno", 0), how))

    # -- names in Store / Del context: assignment targets of every kind, for and
    #    with targets, walrus targets, del (tuple/list/starred targets hold Names)
    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Store):
            self.bind(node.id, node, "assigned")
        elif isinstance(node.ctx, ast.Del):
            self.bind(node.id, node, "deleted")

    def visit_AugAssign(self, node):
        if isinstance(node.target, ast.Name):
            self.bind(node.target.id, node, "augmented assignment")
        else:
            self.visit(node.target)
        self.visit(node.value)

    def visit_Import(self, node):
        for alias in node.names:
            self.bind(alias.asname or alias.name.split(".")[0], node, "import")

    def visit_ImportFrom(self, node):
        for alias in node.names:
            self.bind(alias.asname or alias.name, node, "import")

    def visit_Global(self, node):
        for name in node.names:
            self.bind(name, node, "global statement")

    def visit_Nonlocal(self, node):
        for name in node.names:
            self.bind(name, node, "nonlocal statement")

    def visit_ExceptHandler(self, node):
        if node.name:
            self.bind(node.name, node, "except ... as")
        self.generic_visit(node)

    def visit_MatchAs(self, node):
        if node.name:
            self.bind(node.name, node, "match capture")
        self.generic_visit(node)

    def visit_MatchStar(self, node):
        if node.name:
            self.bind(node.name, node, "match capture")

    def visit_MatchMapping(self, node):
        if node.rest:
            self.bind(node.rest, node, "match capture")
        self.generic_visit(node)

    # -- nested scopes: the definition binds its name; decorators, defaults,
    #    annotations and base classes are evaluated here, the body is not
    def _visit_function(self, node):
        self.bind(node.name, node, "function definition")
        for child in (*node.decorator_list, *node.args.defaults,
                      *(d for d in node.args.kw_defaults if d is not None)):
            self.visit(child)

    visit_FunctionDef = visit_AsyncFunctionDef = _visit_function

    def visit_ClassDef(self, node):
        self.bind(node.name, node, "class definition")
        for child in (*node.decorator_list, *node.bases, *node.keywords):
            self.visit(child)

    def visit_Lambda(self, node):
        for child in (*node.args.defaults,
                      *(d for d in node.args.kw_defaults if d is not None)):
            self.visit(child)

    # -- comprehensions: their loop variables are local, but a walrus anywhere
    #    inside them binds in the enclosing scope
    def _visit_comprehension(self, node):
        parts = [node.elt] if hasattr(node, "elt") else [node.key, node.value]
        for generator in node.generators:
            parts += [generator.iter, *generator.ifs]   # the target is local
        for part in parts:
            self.visit(part)

    visit_ListComp = visit_SetComp = visit_GeneratorExp = visit_DictComp = _visit_comprehension


def top_level_bindings(source):
    visitor = TopLevelBindings()
    visitor.visit(ast.parse(source))
    return visitor.found


def violations(source):
    return [(name, line, how) for name, line, how in top_level_bindings(source)
            if not name.endswith(SUFFIX) or how == "import"]


def visible_test_cells(aid):
    """``[(grade_id, visible source)]`` of the source notebook's test cells."""
    path = ROOT / "source" / aid / f"{aid}.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = []
    for cell in notebook["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] == "code" and meta.get("grade") and not meta.get("solution"):
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            cells.append((meta["grade_id"], HIDDEN_TESTS.sub("", source)))
    return cells


CELLS = [pytest.param(aid, gid, source, id=f"{aid}-{gid}")
         for aid in ASSIGNMENT_IDS for gid, source in visible_test_cells(aid)]


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_every_notebook_has_test_cells_with_a_hidden_block(aid):
    path = ROOT / "source" / aid / f"{aid}.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    tests = [c for c in notebook["cells"]
             if c["cell_type"] == "code" and c.get("metadata", {}).get("nbgrader", {}).get("grade")
             and not c["metadata"]["nbgrader"].get("solution")]
    assert tests, f"{aid}: no test cells"
    for cell in tests:
        source = "".join(cell["source"])
        assert HIDDEN_TESTS.search(source), \
            f"{aid}: test cell {cell['metadata']['nbgrader']['grade_id']} has no hidden-test block"


@pytest.mark.parametrize("aid,grade_id,source", CELLS)
def test_visible_checks_bind_only_check_names(aid, grade_id, source):
    bad = violations(source)
    assert not bad, (
        f"source/{aid}/{aid}.ipynb, test cell {grade_id!r}: the visible checks bind names in the "
        f"student's namespace; rename them to end in {SUFFIX!r} (imports belong in the setup cell):\n"
        + "\n".join(f"  line {line}: {name!r} ({how})" for name, line, how in bad))


# -- the checker itself, on snippets -------------------------------------------

FLAGGED = {
    "x = 1": {"x"},
    "a, (b, *c) = 1, (2, 3)": {"a", "b", "c"},
    "[a, b] = 1, 2": {"a", "b"},
    "x: int = 1": {"x"},
    "total += 1": {"total"},
    "for i, j in []: pass": {"i", "j"},
    "async def f():\n    pass": {"f"},
    "with open('f') as fh, open('g') as (gh, hh): pass": {"fh", "gh", "hh"},
    "import numpy as np, os.path": {"np", "os"},
    "from math import pi, tau as full_turn": {"pi", "full_turn"},
    "def helper(): pass": {"helper"},
    "class Thing: pass": {"Thing"},
    "del x_check, other": {"other"},
    "global g": {"g"},
    "try:\n    pass\nexcept ValueError as err:\n    pass": {"err"},
    "print(y := 3)": {"y"},
    "[z := v for v in range(3)]": {"z"},
    "{k: (w := k) for k in range(3)}": {"w"},
    "if True:\n    inner = 1\nelse:\n    other = 2": {"inner", "other"},
    "while False:\n    loop_var = 1": {"loop_var"},
    "f = lambda x, y=(d := 1): x": {"f", "d"},
    "def g(a=(e := 2)):\n    local = 1": {"g", "e"},
    "match 1:\n    case [m, *rest]: pass\n    case {'k': 1, **kw}: pass\n    case n: pass":
        {"m", "rest", "kw", "n"},
    "obj_check.attr = 1\nitems_check[0] = 2": set(),
    "x_check = [v for v in range(3)]": set(),
    "f_check = lambda x, y: x + y": set(),
    "def helper_check(a):\n    b = a\n    for c in range(2):\n        b += c\n    return b": set(),
    "class Box_check:\n    size = 1": set(),
    "for i_check, (j_check, k_check) in []: pass": set(),
    "with open('f') as fh_check: pass": set(),
    "print((n_check := 1))": set(),
}


@pytest.mark.parametrize("source,expected", list(FLAGGED.items()), ids=list(FLAGGED))
def test_checker_finds_every_kind_of_binding(source, expected):
    assert {name for name, _, _ in violations(source)} == expected


def test_checker_flags_imports_even_with_a_check_name():
    assert [name for name, _, _ in violations("import numpy as np_check")] == ["np_check"]
