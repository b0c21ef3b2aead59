"""A submission being graded: its cells, executed progressively in a student
process, so that each exercise is graded where its test cell stands (as
nbgrader runs a notebook top to bottom).

Subclasses say how a cell runs and how a dead process is replaced:
``sandbox.SandboxSession`` (the real one) and ``InProcessSession`` (debugging).
"""
import ast
import contextlib
import io
import re
import time

from autograder.boundary.student import LocalStudent, StudentError
from autograder.sandbox.quiet import quiet


class Session:
    protections: dict = {}

    def __init__(self, cells):
        self.cells = cells
        self.position = 0           # cells[:position] have been executed
        self.skip = set()           # cells that crashed or hung the process
        self.load_errors = []
        self.cell_errors = {}       # index -> what went wrong when the cell ran
        self.broken = ""            # why no more checks can run ('' while they can)

    def advance(self, to):
        """Execute the cells before index ``to`` that have not run yet."""
        while self.position < min(to, len(self.cells)) and self.restart():
            index = self.position
            self.position += 1
            if self._runnable(index) and not self._run_cell(index):
                self._revive()

    def restart(self):
        """Make sure a live process holds the executed cells; False if it cannot."""
        if self.broken:
            return False
        return self._alive() or self._revive()

    def _runnable(self, index):
        return self.cells[index].test_for is None and index not in self.skip

    def _replay(self):
        """After a restart: run again every cell executed so far."""
        for index in range(self.position):
            if self._runnable(index) and not self._run_cell(index):
                return self._revive()
        return True

    def _note(self, message, index=None):
        if index is not None:
            self.cell_errors.setdefault(index, message)
        if message not in self.load_errors:
            self.load_errors.append(message)

    def _cell_raised(self, index, err: StudentError):
        where = f" (at {err.where[-1]})" if err.where else ""
        self._note(f"{self.cells[index].label} raised {err.type}: {err.message}{where}", index)

    def why_undefined(self, name):
        """Feedback for an exercise ``name`` that the submission does not define
        where its test cell stands: the failing cell that defines it, a
        definition that comes too late, or the cells that failed."""
        defining = [i for i, c in enumerate(self.cells) if defines(c.source, name)]
        failed = [i for i in defining if i in self.cell_errors]
        if failed:
            return (f"{name} is not defined: {self.cell_errors[failed[0]]}, so the "
                    f"definition of {name} in it never ran. Fix that error first.")
        late = [i for i in defining if i >= self.position]
        if late:
            return (f"{name} is defined only in {self.cells[late[0]].label}, after its test "
                    "cell: define it above the test cell (the notebook runs top to bottom).")
        others = [self.cell_errors[i] for i in sorted(self.cell_errors)]
        note = f" Cells that failed to run: {'; '.join(others[:3])}." if others else ""
        return f"{name} is not defined in the submission.{note}"

    # subclass interface
    def _run_cell(self, index) -> bool:
        """Execute one cell; False when the process died or hung (cell then skipped)."""
        raise NotImplementedError

    def _revive(self) -> bool:
        raise NotImplementedError

    def _alive(self) -> bool:
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class InProcessSession(Session):
    """Executes the cells in this process: no isolation. For debugging graders
    and for trusted code only, never for untrusted submissions."""

    protections = {"isolation": "none (in-process)"}

    def __init__(self, assignment, cells):
        super().__init__(cells)
        self.namespace = {"__name__": "__submission__"}
        self.student = LocalStudent(self.namespace)
        self.started = time.monotonic()

    def _run_cell(self, index):
        try:
            with quiet(), contextlib.redirect_stdout(io.StringIO()):
                self.student.exec(self.cells[index].source, label=self.cells[index].label)
        except StudentError as err:
            self._cell_raised(index, err)
        return True

    def _revive(self):
        return True

    def _alive(self):
        return True


def defines(source, name):
    """Whether a cell's top level binds ``name`` (by def, class, assignment or
    import); a cell that does not parse is searched as text."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return bool(re.search(rf"^\s*(?:async\s+def|def|class)\s+{re.escape(name)}\b|"
                              rf"^{re.escape(name)}\s*=", source, re.M))
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) \
                and node.name == name:
            return True
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else []
        if any(isinstance(n, ast.Name) and n.id == name for t in targets for n in ast.walk(t)):
            return True
        if isinstance(node, (ast.Import, ast.ImportFrom)) and \
                any((a.asname or a.name.split(".")[0]) == name for a in node.names):
            return True
    return False
