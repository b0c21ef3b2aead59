"""Typed results of a validation run, and their JSON (``validate --json``).

A :class:`Validation` holds one :class:`Case` per proof row (the reference per
form, the stub, each wrong and each alternative implementation) and one
:class:`MutantOutcome` per mutant (killed, survived or declared equivalent).
It passes when every case passes, no mutant survives and every declared
equivalent mutant still exists.
"""
from dataclasses import asdict, dataclass, field, fields


@dataclass
class Case:
    """One proof row: a submission and whether it scored what it must."""
    kind: str                      # "reference", "stub", "wrong", "alternative"
    name: str
    exercise: str | None = None    # the exercise a wrong implementation breaks
    passed: bool = True
    summary: str = ""              # what it scored, in a few words
    problems: list[str] = field(default_factory=list)   # why it fails, one line each
    detail: str = ""               # the grading that shows the problem: scores, failed checks
    seeds: list[int] = field(default_factory=list)
    misconception: str | None = None


@dataclass
class MutantOutcome:
    id: str
    exercise: str
    operator: str
    status: str                    # "killed", "survived", "equivalent"
    note: str = ""                 # the checks that killed it, or why it is equivalent
    diff: str = ""
    seed: int | None = None
    lost: float = 0.0              # points lost, on the exercises graded
    visible: str = ""              # what the visible checks said, when they fail
    seconds: float = 0.0           # grading wall time


@dataclass
class ExerciseScore:
    exercise: str
    mutants: int = 0
    equivalent: int = 0
    killed: int = 0
    survived: int = 0
    seconds: float = 0.0           # grading time of its mutants, added up

    @property
    def score(self):
        """killed / (graded mutants); None when none was graded."""
        graded = self.killed + self.survived
        return self.killed / graded if graded else None


@dataclass
class Validation:
    assignment: str
    seed: int                      # the base seed; a case's seeds are recorded with it
    seeds: int                     # how many seeds the reference ran on, per form
    cases: list[Case] = field(default_factory=list)
    mutants: list[MutantOutcome] = field(default_factory=list)
    generated: int = 0             # mutants generated (the run grades all or a sample)
    stale: dict[str, str] = field(default_factory=dict)   # declared equivalent, not generated
    exercises: list[str] = field(default_factory=list)     # in check order
    seconds: float = 0.0

    @property
    def survivors(self):
        return [m for m in self.mutants if m.status == "survived"]

    def scores(self):
        """One :class:`ExerciseScore` per exercise (check order), then the total."""
        rows = {e: ExerciseScore(e) for e in self.exercises}
        for m in self.mutants:
            row = rows.setdefault(m.exercise, ExerciseScore(m.exercise))
            row.mutants += 1
            setattr(row, m.status, getattr(row, m.status) + 1)
            row.seconds = round(row.seconds + m.seconds, 3)
        total = ExerciseScore("total")
        for row in rows.values():
            for name in ("mutants", "equivalent", "killed", "survived", "seconds"):
                setattr(total, name, round(getattr(total, name) + getattr(row, name), 3))
        return [*rows.values(), total]

    def failures(self):
        """Every reason the validation fails, one line each ([] when it passes)."""
        out = [f"{c.kind} {c.name}: {p}" for c in self.cases for p in c.problems]
        out += [f"mutant {m.id} survived (no check lost points)" for m in self.survivors]
        out += [f"EQUIVALENT_MUTANTS lists {key!r}, which is no longer generated (the code "
                "it mutated changed): remove it" for key in self.stale]
        return out

    @property
    def ok(self):
        return not self.failures()

    def to_json(self):
        data = asdict(self)
        data["ok"] = self.ok
        data["failures"] = self.failures()
        data["mutation_scores"] = [dict(asdict(s), score=s.score) for s in self.scores()]
        return data

    @classmethod
    def from_json(cls, data):
        names = {f.name for f in fields(cls)}
        kept = {k: v for k, v in data.items() if k in names}
        kept["cases"] = [Case(**c) for c in data.get("cases", [])]
        kept["mutants"] = [MutantOutcome(**m) for m in data.get("mutants", [])]
        return cls(**kept)

    def case(self, kind, name=None):
        """The case of that kind (and name); KeyError if there is none."""
        for c in self.cases:
            if c.kind == kind and (name is None or c.name == name):
                return c
        raise KeyError(f"{kind} {name or ''}".strip())
