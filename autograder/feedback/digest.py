"""What a student reads about one graded submission, before any rendering.

``digest(record)`` turns a results record (``GradeResult.to_json()``, possibly
with ``student`` and ``graded_at``) into a :class:`Digest`: a summary row per
exercise, then details only where they help. The terminal
(:mod:`autograder.feedback.text`) and the HTML page
(:mod:`autograder.feedback.html`) both render a digest, so they say the same
things in the same order:

- an exercise whose checks all fail for one reason (not implemented, not
  defined, crashed, timed out, not run, or waiting for another exercise that
  is not implemented) is one summary row and nothing else;
- a failing visible check (the notebook's asserts) is said once for its
  exercise, with a hint to run the test cell; how nbgrader would score it is
  the instructor's business (``report``), not the student's;
- a misconception is named with its explanation once per page (later
  exercises that show it again refer back to it), and its explanation is
  taken out of each check's message;
- failed checks with the same message are one line; passed checks are
  counted, and listed only where the renderer asks for them;
- errors already told by an exercise's row (a crash or a timeout in one of
  its checks) are not listed again; the advice they call for is.

It only reads the record: nothing of the graders or the solutions can reach
what the student sees.
"""
import re
from dataclasses import dataclass, field

from autograder.course import assignments
from autograder.feedback import lateness
from autograder.grading import misconceptions

#: Statuses that fail every check of an exercise alike (see ``TestResult.status``).
BLOCKING = ("not-implemented", "not-defined", "crashed", "timed-out", "not-run")

NOT_IMPLEMENTED = "not implemented yet (raises NotImplementedError)"

#: A message longer than this (a student's exception can say anything) is cut,
#: saying how much is left out; the graders' messages are far shorter.
MAX_MESSAGE = 2000

#: (what an error says, what to do about it), first match wins.
ADVICE = (
    ("could not read the submission",
     "The file could not be read as a notebook or Python file. Open it in JupyterLab, "
     "save it (File > Save Notebook) and submit that file; do not edit the .ipynb by hand."),
    ("timed out",
     "Your code ran out of time. Look for an infinite loop, a loop over a very large range, "
     "or a training run in a graded cell (tag demonstration cells 'demo')."),
    ("process exited",
     "Your code crashed the Python process or used too much memory. Look for huge arrays "
     "(check the shapes you allocate), deep recursion, or calls that exit Python."),
    ("",
     "Restart the kernel and run all cells (Kernel > Restart Kernel and Run All Cells): "
     "every cell must run without an error, and a cell that fails stops the definitions "
     "after it from existing."),
)

#: Said under a visible-check failure ({exercise}: its name).
VISIBLE_HINT = "Run the test cell of {exercise} in your notebook to see it."

# Records graded before the visible checks had their own key carried the
# failure in front of every check's feedback.
_LEGACY_GATE = "(note: the visible checks in this exercise's test cell fail"
_LEGACY_SPLIT = " | this check: "


@dataclass
class CheckLine:
    """One failed check, or several that failed with the same message."""
    names: list[str]           # check names without the exercise, in check order
    points: float
    max_points: float
    message: str               # what the check found (the misconception's explanation taken out)
    status: str
    misconception: str | None = None

    @property
    def passed(self):
        return self.status == "passed"


@dataclass
class Mistake:
    """A misconception the exercise's checks name."""
    key: str
    title: str
    explanation: str           # '' when the record carries none and the catalogue lacks it
    checks: int                # how many of the exercise's checks name it
    explained_in: str = ""     # the exercise that explained it first, when not this one


@dataclass
class Exercise:
    name: str
    points: float
    max_points: float
    checks: int
    failed: int
    kind: str                  # "passed" | "blocked" (one reason) | "partial" (details below)
    reason: str = ""           # the one line of a blocked exercise
    visible: str = ""          # why the visible checks fail ('' if they pass or go unsaid)
    mistakes: list[Mistake] = field(default_factory=list)
    failures: list[CheckLine] = field(default_factory=list)
    passes: list[CheckLine] = field(default_factory=list)

    @property
    def status(self):
        """The summary table's status column."""
        if self.kind == "blocked":
            return self.reason
        if self.kind == "passed":
            text = "all checks pass" if self.checks > 1 else "passes"
            return text + ("; the visible checks fail" if self.visible else "")
        text = (f"all {self.checks} checks fail" if self.failed == self.checks > 1 else
                f"{self.failed} of {self.checks} checks fail")
        named = [m.title for m in self.mistakes]
        return text + (f" ({', '.join(named)})" if named else "")

    @property
    def has_details(self):
        return self.kind == "partial" or bool(self.visible)


@dataclass
class Digest:
    assignment: str
    title: str
    score: float
    max_score: float
    seed: object
    exercises: list[Exercise]
    problems: list[str]        # errors no exercise row tells
    advice: list[str]          # what to do about all the errors, each piece once
    student: str = ""
    graded_at: str = ""
    late: str = ""             # how late the work was and what it cost ('' : no due date)
    late_penalty: float = 0.0  # the points it cost

    @property
    def full_marks(self):
        return self.score >= self.max_score - 1e-9

    @property
    def details(self):
        return [e for e in self.exercises if e.has_details]


def digest(record) -> Digest:
    """The digest of one results record (a dict) or :class:`GradeResult`."""
    if hasattr(record, "to_json"):
        record = record.to_json()
    aid = record["assignment"]
    try:
        title = assignments.get(aid).title
    except Exception:  # noqa: BLE001 - an unknown or retired assignment still renders
        title = aid
    tests = [_normalised(t) for t in record.get("tests", [])]
    visible = dict(visible_failures(record))
    groups = {}
    for test in tests:
        groups.setdefault(test["exercise"], []).append(test)
    exercises = [_exercise(name, checks, visible.get(name, ""))
                 for name, checks in groups.items()]
    _link_dependencies(exercises, groups)
    _explain_once(exercises)
    errors = [str(e) for e in record.get("errors", [])]
    problems = _unattributed(errors, groups)
    _refer_to_problems(exercises, problems)
    return Digest(aid, title, float(record.get("score", sum(t["points"] for t in tests))),
                  float(record.get("max_score", sum(t["max_points"] for t in tests))),
                  record.get("seed", ""), exercises, problems, advice(errors),
                  str(record.get("student", "")), str(record.get("graded_at", "") or ""),
                  lateness.describe(record), lateness.penalty(record))


def visible_failures(record):
    """``{exercise: why its visible checks fail}`` of a record, old ones included."""
    found = dict(record.get("visible_checks") or {})
    for test in record.get("tests", []):
        gate, _ = _legacy_split(test.get("feedback") or "")
        if gate:
            found.setdefault(test["exercise"], gate)
    return found


def advice(errors):
    """The advice for each error, each piece once, in order."""
    chosen = []
    for error in errors:
        text = next(a for marker, a in ADVICE if marker in error)
        if text not in chosen:
            chosen.append(text)
    return chosen


def one_line(text):
    """``text`` with its whitespace (the line breaks of a printed array) collapsed,
    cut after MAX_MESSAGE characters."""
    text = " ".join(str(text).split())
    text = re.sub(r"\[ (?=[-\d.])", "[", re.sub(r"(?<=[\d.]) \]", "]", text))
    if len(text) > MAX_MESSAGE:
        text = f"{text[:MAX_MESSAGE]} ... ({len(text) - MAX_MESSAGE} more characters)"
    return text


# -- building it ------------------------------------------------------------------

def _normalised(test):
    test = dict(test)
    test["status"] = test.get("status") or ("passed" if test.get("passed") else "failed")
    _, feedback = _legacy_split(test.get("feedback") or "")
    test["feedback"] = feedback
    return test


def _legacy_split(feedback):
    """``(gate, feedback)`` of an old record's feedback ('' when there is no gate)."""
    if not feedback.startswith(_LEGACY_GATE) or _LEGACY_SPLIT not in feedback:
        return "", feedback
    head, _, own = feedback.partition(_LEGACY_SPLIT)
    gate = head.partition(") ")[2] or head
    return gate.removeprefix("Visible check: ").strip(), own


def _exercise(name, tests, visible):
    got = round(sum(t["points"] for t in tests), 6)
    top = round(sum(t["max_points"] for t in tests), 6)
    failing = [t for t in tests if not t["passed"]]
    exercise = Exercise(name, got, top, len(tests), len(failing), "partial")
    exercise.passes = [_line([t]) for t in tests if t["passed"]]
    exercise.failures = _grouped(failing)
    if not failing:
        exercise.kind = "passed"
        exercise.visible = one_line(visible)
        return exercise
    statuses = {t["status"] for t in failing}
    messages = {t["feedback"] for t in failing}
    named = any(t.get("misconception") for t in failing)
    not_implemented = "NotImplementedError" in visible
    if len(failing) == len(tests) and (
            statuses <= set(BLOCKING)
            or (len(messages) == 1 and not named and (not visible or not_implemented))):
        exercise.kind = "blocked"
        exercise.reason = _reason(name, failing[0])
        return exercise
    exercise.visible = one_line(visible)
    exercise.mistakes = _mistakes(failing)
    return exercise


def _reason(name, test):
    if test["status"] == "not-implemented":
        return NOT_IMPLEMENTED
    text = one_line(test["feedback"])
    crash = re.fullmatch(rf"(the visible checks of )?{re.escape(name)} made the "
                         rf"submission's process fail: (.*)", text)
    if crash:
        return ("in the visible checks: " if crash.group(1) else "") + crash.group(2)
    return text.removeprefix(f"{name} is ")


def _line(tests):
    first = tests[0]
    message, _ = _message(first)
    return CheckLine([t["name"].split("/", 1)[-1] for t in tests],
                     round(sum(t["points"] for t in tests), 6),
                     round(sum(t["max_points"] for t in tests), 6),
                     "" if first["passed"] else one_line(message), first["status"],
                     first.get("misconception"))


def _grouped(failing):
    """Failed checks with the same message (and misconception) as one line each,
    in the order of their first check."""
    groups = {}
    for test in failing:
        key = (_message(test)[0], test.get("misconception"), test["status"])
        groups.setdefault(key, []).append(test)
    return [_line(tests) for tests in groups.values()]


def _message(test):
    """``(message, explanation)`` of a check's feedback."""
    feedback = test.get("feedback") or ""
    key = test.get("misconception")
    if not key or test.get("passed"):
        return feedback, ""
    return misconceptions.split_feedback(feedback, key)


def _mistakes(failing):
    found = {}
    for test in failing:
        key = test.get("misconception")
        if not key:
            continue
        if key not in found:
            explanation = one_line(misconceptions.detail(key, _message(test)[1]))
            found[key] = Mistake(key, misconceptions.title(key), _sentence(explanation), 0)
        found[key].checks += 1
    return list(found.values())


def _sentence(text):
    """``text`` with a capital first letter, unless it starts with a one-letter
    name ('p and q swapped: ...')."""
    first = text.split(" ", 1)[0]
    if len(first) == 1 and first != "a":
        return text
    return text[:1].upper() + text[1:]


def _link_dependencies(exercises, groups):
    """An exercise whose checks all fail saying that the same other, unimplemented
    exercise is not implemented yet (a backward pass graded on the forward's
    cache, a training loop on the model) waits for it: one short line."""
    missing = [e.name for e in exercises if e.kind == "blocked" and e.reason == NOT_IMPLEMENTED]
    for exercise in exercises:
        if exercise.reason == NOT_IMPLEMENTED or exercise.failed < exercise.checks \
                or any(t.get("misconception") for t in groups[exercise.name]):
            continue
        for other in missing:
            said = rf"(?<![\w.]){re.escape(other)}(\([^)]*\))? is not implemented yet"
            if other != exercise.name and all(re.search(said, t["feedback"])
                                              for t in groups[exercise.name]):
                exercise.kind, exercise.visible, exercise.mistakes = "blocked", "", []
                exercise.reason = f"needs {other}, which is not implemented yet"
                break


def _explain_once(exercises):
    """Each misconception explained by the first exercise that names it."""
    first = {}
    for exercise in exercises:
        for mistake in exercise.mistakes:
            if mistake.key in first:
                mistake.explained_in = first[mistake.key]
            else:
                first[mistake.key] = exercise.name


def _refer_to_problems(exercises, problems):
    """A line that says an exercise is not defined because of a problem of the
    submission (the syntax error that kept its definition from running)
    refers to that problem instead of quoting it."""
    for exercise in exercises:
        if exercise.kind == "blocked" and exercise.reason.startswith("not defined") and any(
                len(p) > 20 and p in exercise.reason for p in problems):
            exercise.reason = "not defined: a cell failed to run (see Problems below)"


def _unattributed(errors, groups):
    """The errors that no exercise tells already: a crash or timeout in a check or
    in the visible checks is in that exercise's row ('<exercise>/<check>: ...',
    '<exercise> (visible checks): ...')."""
    names = sorted(groups, key=len, reverse=True)
    return [one_line(e) for e in errors
            if not any(e.startswith((f"{n}/", f"{n} (visible checks): ")) for n in names)]
