"""The course's assignments: settings, hidden checks, and trusted test cells."""
import importlib
import json
from dataclasses import dataclass
from functools import cached_property

import course_config
from autograder.course.markers import HIDDEN_TESTS, cell_role


class UnknownAssignment(KeyError):
    pass


@dataclass(frozen=True)
class Assignment:
    id: str

    @property
    def settings(self):
        return course_config.ASSIGNMENTS[self.id]

    @property
    def title(self):
        return self.settings["title"]

    @cached_property
    def checks(self):
        """The assignment's :class:`~autograder.grading.checks.Checks`."""
        module = importlib.import_module(f"autograder.graders.{self.settings['grader']}")
        return module.checks

    @property
    def source_path(self):
        return course_config.COURSE_ROOT / "source" / self.id / f"{self.id}.ipynb"

    @cached_property
    def test_cells(self):
        """``{grade_id: (visible source, points)}`` of the source notebook's test
        cells -- the trusted copy, whatever a submission's cells say."""
        nb = json.loads(self.source_path.read_text(encoding="utf-8"))
        cells = {}
        for cell in nb["cells"]:
            if cell_role(cell) == "test":
                meta = cell["metadata"]["nbgrader"]
                source = "".join(cell["source"])
                cells[meta["grade_id"]] = (HIDDEN_TESTS.sub("", source), float(meta["points"]))
        return cells

    @cached_property
    def setup_code(self):
        """The source notebook's setup cells (code that is neither an answer, a
        test nor a demo: imports, helpers, data), joined: the trusted code the
        visible checks may rely on, whatever a submission defines."""
        nb = json.loads(self.source_path.read_text(encoding="utf-8"))
        return "\n\n".join("".join(cell["source"]) for cell in nb["cells"]
                           if cell_role(cell) == "setup")

    @property
    def max_score(self):
        """Points of the whole assignment: the sum of its test cells' points."""
        return sum(points for _, points in self.test_cells.values())

    def visible_test(self, exercise):
        """The visible part of ``exercise``'s test cell ('' when there is none)."""
        return self.test_cells.get(exercise, ("", 0.0))[0]


def get(assignment_id) -> Assignment:
    if assignment_id not in course_config.ASSIGNMENTS:
        known = ", ".join(course_config.ASSIGNMENTS)
        raise UnknownAssignment(f"unknown assignment {assignment_id!r}; known: {known}")
    return Assignment(assignment_id)


def all_assignments():
    return [Assignment(a) for a in course_config.ASSIGNMENTS]
