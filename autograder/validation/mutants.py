"""Mutants of the reference solution: every small change the operators of
:mod:`~autograder.validation.operators` can make to the code between ``### BEGIN
SOLUTION`` and ``### END SOLUTION`` of an answer cell in ``source/<id>/<id>.ipynb``.

Generation is deterministic: the cells in notebook order, the operators in
their order, the positions in tree order. Code inside f-strings (error
messages) is not mutated. A mutation that does not compile,
or gives a program already made (the same code as the reference or as an
earlier mutant, spacing aside), is left out.

A mutant's **id** is stable while the code it changes is: ``<exercise>/<operator>/
<digest>``, where the digest hashes the exercise, the operator, the changed
lines before and after (as text, stripped) and how many mutants with those
four came before it -- never a line number, so editing another part of the
notebook leaves the id alone. A grader module lists the mutants that no
correct grader can kill (they compute the same function) in
``EQUIVALENT_MUTANTS = {"<id>": "why it is equivalent"}``.
"""
import collections
import difflib
import hashlib
import importlib
import itertools
import json
import pickle
import random
import re
import warnings
from dataclasses import dataclass

import parso

from autograder.course import assignments
from autograder.course.markers import SOLUTION_MARKER, cell_role
from autograder.validation import operators

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
_GRAMMAR = parso.load_grammar()


@dataclass(frozen=True)
class Mutant:
    id: str
    exercise: str
    operator: str
    original: str     # the changed lines of the cell before ...
    mutated: str      # ... and after the mutation (stripped, one per line)
    source: str       # the whole answer cell, mutated, without solution markers
    diff: str         # unified diff of the answer cell

    def to_json(self):
        return {"id": self.id, "exercise": self.exercise, "operator": self.operator,
                "original": self.original, "mutated": self.mutated, "diff": self.diff}


def answer_cells(assignment_id):
    """``[(exercise, source)]``: the source notebook's answer cells, in order."""
    nb = json.loads(assignments.get(assignment_id).source_path.read_text(encoding="utf-8"))
    cells = []
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell_role(cell) == "answer" and BEGIN in source:
            grade_id = cell["metadata"]["nbgrader"]["grade_id"]
            cells.append((grade_id.removesuffix("_answer"), source))
    return cells


def solution_lines(source):
    """Line numbers (1-based) strictly between a BEGIN and an END SOLUTION marker."""
    inside, lines = False, set()
    for number, line in enumerate(source.splitlines(), start=1):
        if BEGIN in line:
            inside = True
        elif END in line:
            inside = False
        elif inside:
            lines.add(number)
    return lines


def strip_markers(source):
    """The answer cell as ``solutions/`` has it (``course.build.solution_notebook``)."""
    return SOLUTION_MARKER.sub("", source).rstrip("\n")


def _tree_key(code):
    """The program with its spacing normalised (two operators making the same
    change make the same key), or None when it does not compile."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")      # "'float' object is not subscriptable"
            compile(code, "<mutant>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return None
    return " ".join(re.sub(r"\s*([^\w\s])\s*", r" \1 ", code).split())


def _nodes(node):
    yield node
    for child in getattr(node, "children", ()):
        yield from _nodes(child)


def _in_fstring(node):
    while node is not None:
        if node.type == "fstring":
            return True
        node = node.parent
    return False


def _mutations(tree):
    """``(operator name, operator, node number, index, start, end)`` of every
    mutation the operators can make in ``tree`` (nodes numbered in pre-order),
    except inside f-strings (error messages: a mutant would change only text)."""
    nodes = list(_nodes(tree))
    for name, cls in operators.OPERATORS:
        operator = cls()
        for number, node in enumerate(nodes):
            for index, (start, end) in enumerate(operator.mutation_positions(node)):
                if not _in_fstring(node):
                    yield name, operator, number, index, start, end


def _apply(frozen, operator, number, index):
    """The code of the tree pickled in ``frozen``, with node ``number`` mutated."""
    tree = pickle.loads(frozen)
    node = next(itertools.islice(_nodes(tree), number, None))
    new = operators.keep_prefix(node, operator.mutate(node, index))
    if new is not node:
        siblings = node.parent.children
        at = siblings.index(node)
        if new is None:
            del siblings[at]
        else:
            siblings[at], new.parent = new, node.parent
    return tree.get_code()


def _changed(before, after):
    """The lines that differ, stripped: ``(original, mutated)``."""
    a, b = before.splitlines(), after.splitlines()
    old, new = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            old += [line.strip() for line in a[i1:i2]]
            new += [line.strip() for line in b[j1:j2]]
    return "\n".join(old), "\n".join(new)


def _digest(*parts):
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:8]


def generate(assignment_id) -> list[Mutant]:
    """Every mutant of the assignment's answer cells, in a fixed order."""
    found, occurrences = [], collections.Counter()
    for exercise, source in answer_cells(assignment_id):
        lines = solution_lines(source)
        reference = strip_markers(source)
        seen = {_tree_key(reference)}
        tree = _GRAMMAR.parse(source)
        frozen = pickle.dumps(tree)
        for name, operator, number, index, start, end in _mutations(tree):
            if start[0] in lines and end[0] in lines:
                mutated = strip_markers(_apply(frozen, operator, number, index))
                key = _tree_key(mutated)
                if key is None or key in seen:
                    continue
                seen.add(key)
                short = operators.short_name(name)
                before, after = _changed(reference, mutated)
                base = (exercise, short, before, after)
                mutant_id = f"{exercise}/{short}/{_digest(*base, str(occurrences[base]))}"
                occurrences[base] += 1
                diff = "".join(difflib.unified_diff(
                    (reference + "\n").splitlines(keepends=True),
                    (mutated + "\n").splitlines(keepends=True),
                    fromfile=f"{exercise}_answer (reference)",
                    tofile=f"{exercise}_answer ({mutant_id})", n=2))
                found.append(Mutant(mutant_id, exercise, short, before, after, mutated, diff))
    return found


def sample(mutants, count, seed=0):
    """``count`` of ``mutants`` (all when ``count`` is None or larger), drawn
    with a fixed ``seed`` in turn from each exercise, in generation order."""
    if count is None or count >= len(mutants):
        return list(mutants)
    rng = random.Random(seed)
    groups = collections.defaultdict(list)
    for index, mutant in enumerate(mutants):
        groups[mutant.exercise].append(index)
    for indices in groups.values():
        rng.shuffle(indices)
    chosen, queues = [], [collections.deque(v) for v in groups.values()]
    while len(chosen) < count:
        for queue in queues:
            if queue and len(chosen) < count:
                chosen.append(queue.popleft())
    return [mutants[i] for i in sorted(chosen)]


def declared_equivalents(assignment_id):
    """The grader module's ``EQUIVALENT_MUTANTS``: ``{id: reason}``."""
    module = importlib.import_module(
        f"autograder.graders.{assignments.get(assignment_id).settings['grader']}")
    return dict(getattr(module, "EQUIVALENT_MUTANTS", {}))
