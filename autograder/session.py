"""A submission being graded: its cells, executed progressively in a student
process, so that each exercise is graded where its test cell stands (as
nbgrader runs a notebook top to bottom).

Subclasses say how a cell runs and how a dead process is replaced:
``sandbox.SandboxSession`` (the real one) and ``InProcessSession`` (debugging).
"""
import contextlib
import io
import time

from autograder.student import LocalStudent


class Session:
    protections: dict = {}

    def __init__(self, cells):
        self.cells = cells
        self.position = 0           # cells[:position] have been executed
        self.skip = set()           # cells that crashed or hung the process
        self.load_errors = []
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

    def _note(self, message):
        if message not in self.load_errors:
            self.load_errors.append(message)

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
        from autograder.runner import quiet
        cell = self.cells[index]
        try:
            with quiet(), contextlib.redirect_stdout(io.StringIO()):
                exec(compile(cell.source, f"<{cell.label}>", "exec"), self.namespace)  # noqa: S102
        except Exception as exc:  # noqa: BLE001 - the student's cell
            self._note(f"{cell.label} raised {type(exc).__name__}: {exc}")
        return True

    def _revive(self):
        return True

    def _alive(self):
        return True
