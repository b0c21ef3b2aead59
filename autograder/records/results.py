"""Typed results of grading, and the JSON contract of ``grade --json``."""
from dataclasses import asdict, dataclass, field


@dataclass
class TestResult:
    """One check's outcome."""
    name: str                 # "exercise/check"
    exercise: str             # the curriculum's function or class name
    points: float
    max_points: float
    passed: bool
    feedback: str
    misconception: str | None = None
    #: why, in one word: "passed", "failed" (a wrong answer), or a reason that
    #: usually fails every check of the exercise alike: "not-implemented",
    #: "not-defined", "raised" (the function raised), "crashed" (the process
    #: died), "timed-out", "not-run" (the submission's budget is spent)
    status: str = ""

    def __post_init__(self):
        self.status = self.status or ("passed" if self.passed else "failed")


@dataclass
class GradeResult:
    """One submission's grade: the object printed by ``grade --json``."""
    assignment: str
    submission: str
    seed: int
    tests: list[TestResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    protections: dict = field(default_factory=dict)
    #: exercise -> why its visible checks (the notebook's asserts) fail; they
    #: decide no points here, but nbgrader scores such a test cell 0
    visible_checks: dict[str, str] = field(default_factory=dict)

    @property
    def score(self):
        return round(sum(t.points for t in self.tests), 6)

    @property
    def max_score(self):
        return round(sum(t.max_points for t in self.tests), 6)

    def by_exercise(self):
        """``{exercise: (points, max_points)}`` in check order."""
        totals = {}
        for t in self.tests:
            got, top = totals.get(t.exercise, (0.0, 0.0))
            totals[t.exercise] = (got + t.points, top + t.max_points)
        return totals

    @classmethod
    def from_json(cls, record):
        """The result back from :meth:`to_json`'s object (or a results-file record)."""
        return cls(record["assignment"], record["submission"], record["seed"],
                   tests=[TestResult(**t) for t in record["tests"]],
                   errors=list(record.get("errors", [])),
                   protections=dict(record.get("protections", {})),
                   visible_checks=dict(record.get("visible_checks", {})))

    def to_json(self):
        return {"assignment": self.assignment, "submission": self.submission,
                "score": self.score, "max_score": self.max_score, "seed": self.seed,
                "tests": [asdict(t) for t in self.tests], "errors": list(self.errors),
                "protections": self.protections, "visible_checks": dict(self.visible_checks)}
