"""The package's layout: stages as subpackages, no import cycle, small modules,
graders that speak only the stable vocabulary (docs/architecture.md)."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "autograder"
ENTRY_POINTS = {"__init__", "__main__", "cli", "notebook", "grader_api"}
MAX_ENGINE_LINES = 400
# Each stage may import only the stages before it (and itself).
STAGES = ["course", "loading", "boundary", "records", "sandbox", "grading", "graders",
          "feedback", "batch", "validation", "demo", "commands"]


def modules():
    """{dotted module name: path} for every module of the package."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path, known):
    """The package's modules that ``path`` imports, at any depth of its code."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        out |= {n for n in names if n in known and n.startswith("autograder")}
    return out


def graph():
    known = modules()
    return {name: imports(path, known) for name, path in known.items()}


def stage(module):
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in STAGES) else None


def test_no_import_cycle_between_modules():
    edges = graph()
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for dep in sorted(edges[node]):
            if dep == node or _is_parent(dep, node):
                continue
            if state.get(dep) == "open":
                cycle = stack[stack.index(dep):] + [dep]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if dep not in state:
                visit(dep)
        stack.pop()
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node)


def _is_parent(package, module):
    return module.startswith(package + ".")


def test_each_stage_imports_only_the_stages_before_it():
    wrong = []
    for module, deps in graph().items():
        here = stage(module)
        if here is None:
            continue
        for dep in deps:
            there = stage(dep)
            if there is not None and STAGES.index(there) > STAGES.index(here):
                wrong.append(f"{module} ({here}) imports {dep} ({there})")
    assert not wrong, "\n".join(wrong)


def test_top_level_holds_only_the_entry_points():
    top = {p.stem for p in PACKAGE.glob("*.py")}
    assert top == ENTRY_POINTS
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert packages == set(STAGES)


def test_no_engine_module_is_over_400_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if "graders" not in p.parts and (n := len(p.read_text().splitlines())) > MAX_ENGINE_LINES}
    assert not long, long


def test_graders_import_the_engine_only_through_grader_api():
    edges = graph()
    reach = {m: sorted(d for d in deps if d not in ("autograder", "autograder.grader_api"))
             for m, deps in edges.items()
             if m.startswith("autograder.graders.") and not m.endswith("conftest")}
    assert reach and not any(reach.values()), reach
