"""Grade one submission: load it, run each exercise's visible checks (reported,
not scored), run the hidden checks, and assemble a :class:`~autograder.records.results.GradeResult`.

The pipeline, in order:
  1. read     -- ``submission.read`` turns the file into code cells
  2. run      -- a session executes the cells in the student's process, up to
                 each exercise's test cell (the rest at the end)
  3. visible  -- there, the notebook's visible test code (trusted copy) runs
                 in the student's process over a copy of the student's names
                 laid on the notebook's setup code (so it can neither clobber a
                 helper nor miss one); a failure is recorded in
                 ``visible_checks`` but decides no points (the student's
                 process could fake a pass)
  4. check    -- the hidden checks run here, talking to the student's process
                 (an exercise whose function is left as released, raising
                 NotImplementedError and nothing else, scores each check as
                 not implemented without running it: the same results)
  5. result   -- points, feedback and errors per check, in declaration order
"""
import gc
import random
import sys

from autograder.course import assignments
from autograder.grading import misconceptions
from autograder.loading import submission
from autograder.grading.checks import CheckFailure
from autograder.boundary.codec import CodecError
from autograder.records.results import GradeResult, TestResult
from autograder.boundary.student import (MISSING, STUB, CallTimeout, StudentError,
                                         SubmissionFailure)
from autograder.sandbox.quiet import quiet


#: An exercise left as released (its function only raises NotImplementedError)
#: scores its checks as not implemented without running them; False runs them.
SKIP_STUBS = True
NOT_IMPLEMENTED = StudentError({"type": "NotImplementedError", "bases": ["NotImplementedError"]})


def fresh_seed():
    return random.SystemRandom().randrange(2**31)


def run_check(check, student, seed) -> TestResult:
    """Run one check; a student's wrong answer or exception costs its points only.

    SubmissionFailure (crash, timeout) propagates: the session must restart.
    """
    def result(passed, feedback, misconception=None, status=""):
        return TestResult(check.full_name, check.exercise, check.points if passed else 0.0,
                          check.points, passed, feedback, misconception, status)
    try:
        with quiet():
            check.func(student, check.rng(seed))
        return result(True, "passed")
    except CheckFailure as failure:
        text = failure.message
        if failure.misconception:
            text += misconceptions.LOOKS_LIKE + misconceptions.explain(failure.misconception)
        return result(False, text, failure.misconception)
    except StudentError as err:
        status = "not-implemented" if err.is_a("NotImplementedError") else "raised"
        return result(False, describe_student_error(check.exercise, err), status=status)
    except CodecError as err:
        return result(False, f"{check.exercise} returned something that is not plain "
                             f"data ({err}).")
    except SubmissionFailure:
        raise
    except Exception as exc:  # noqa: BLE001 - a grader bug must not crash the batch
        return result(False, f"internal grader error ({type(exc).__name__}: {exc}); "
                             "please report it to the course staff")


def describe_student_error(exercise, err):
    if err.is_a("NotImplementedError"):
        return f"{exercise} is not implemented yet (it raises NotImplementedError)."
    where = f" at {err.where[-1]}" if err.where else ""
    return f"calling {exercise} raised {err.type}: {err.message}{where}"


def grade_exercise(assignment, exercise, session, seed, errors, visible=None):
    """Results of every check of one exercise.

    ``session`` has ``student``, ``restart()`` and ``broken`` (and, for a
    submission, ``why_undefined(name)``); after a crash the process is
    replaced and the next check runs in the new one. A check that hangs stops
    the exercise (its later checks would hang too and spend the submission's
    time budget). Process failures are appended to ``errors``; ``visible``
    (a dict), when given, runs the visible checks first and records their
    failure under the exercise's name.
    """
    checks = assignment.checks.for_exercise(exercise)

    def failed(check, feedback, status):
        return TestResult(check.full_name, exercise, 0.0, check.points, False, feedback,
                          status=status)

    if not session.restart():
        return [failed(c, f"not run: {session.broken}", "not-run") for c in checks]
    try:
        found = session.student.lookup(exercise)
        defined = found != MISSING
        if defined and visible is not None:
            if failure := run_visible(assignment, exercise, session.student):
                visible[exercise] = failure
    except SubmissionFailure as exc:
        errors.append(f"{exercise} (visible checks): {exc}")
        return [failed(c, f"the visible checks of {exercise} made the submission's process "
                          f"fail: {exc}", "crashed") for c in checks]
    if not defined:
        why = getattr(session, "why_undefined", None)
        reason = why(exercise) if why else f"{exercise} is not defined in the submission."
        return [failed(c, reason, "not-defined") for c in checks]
    if found == STUB and SKIP_STUBS:   # every check would call it and get NotImplementedError
        return [failed(c, describe_student_error(exercise, NOT_IMPLEMENTED), "not-implemented")
                for c in checks]
    results, stop = [], ""
    session.student.new_exercise()
    for check in checks:
        if stop or not session.restart():
            results.append(failed(check, f"not run: {stop or session.broken}",
                                  "timed-out" if stop else "not-run"))
            continue
        try:
            r = run_check(check, session.student, seed)
        except SubmissionFailure as exc:
            r = failed(check, f"{exercise} made the submission's process fail: {exc}",
                       "timed-out" if isinstance(exc, CallTimeout) else "crashed")
            errors.append(f"{check.full_name}: {exc}")
            if isinstance(exc, CallTimeout):
                stop = f"{exercise} timed out in an earlier check"
        results.append(r)
    return results


def run_visible(assignment, exercise, student):
    """'' when the visible checks pass, else what failed (and where)."""
    visible = assignment.visible_test(exercise)
    if not visible.strip():
        return ""
    try:
        with quiet():
            student.visible(visible, setup=assignment.setup_code,
                            label=f"visible checks of {exercise}")
    except StudentError as err:
        text = f"{err.type}: {err.message}".rstrip(": ")
        return text + (f" (at {err.where[-1]})" if err.where else "")
    return ""


def grade_submission(assignment_id, path, seed=None, session_factory=None,
                     submission_label=None, exercises=None) -> GradeResult:
    """Grade the file at ``path``. Never raises for a bad submission.

    ``session_factory(assignment, cells) -> session``; default: the sandbox.
    ``exercises``: grade only these (every cell still runs); the result holds
    only their checks (``validate`` grades a mutant's exercise and those after it).
    """
    assignment = assignments.get(assignment_id)
    sandboxed = session_factory is None
    if sandboxed:
        from autograder.sandbox import SandboxSession as session_factory
        from autograder.sandbox import Zygote
        Zygote.prestart()
    assignment.checks  # noqa: B018 - import the graders (and PyTorch) meanwhile
    if sandboxed:
        _one_thread()
        _freeze_what_is_loaded()
    seed = fresh_seed() if seed is None else int(seed)
    result = GradeResult(assignment.id, submission_label or str(path), seed)
    try:
        cells = submission.read(path)
    except submission.SubmissionError as exc:
        return not_graded(assignment.id, result.submission, seed,
                          f"could not read the submission: {exc}")
    with session_factory(assignment, cells) as session:
        _run_all(assignment, session, seed, result, exercises)
        result.protections = session.protections
        result.errors[:0] = session.load_errors
    return result


def _one_thread():
    """The grader's oracles work on small tensors, where PyTorch's thread per core
    only costs (a conv2d on a 2x3x8x8 input: 40 ms with threads on a busy
    machine, 1 ms without); grade-all's workers run so already (batch.pool.ONE_THREAD)."""
    import sys
    torch = sys.modules.get("torch")
    if torch is not None and torch.get_num_threads() != 1:
        torch.set_num_threads(1)


_modules_frozen = 0


def _freeze_what_is_loaded():
    """Once new modules are loaded (the graders, PyTorch, SciPy), put every object
    alive into the collector's permanent generation: they live as long as the
    process, and a full collection then scans what grading allocates, not
    ~280,000 objects of libraries. Reference counting still frees them."""
    global _modules_frozen
    if len(sys.modules) != _modules_frozen:
        gc.collect()
        gc.freeze()
        _modules_frozen = len(sys.modules)


def not_graded(assignment_id, label, seed, reason) -> GradeResult:
    """Every check at 0 points, with ``reason`` as the submission's error."""
    result = GradeResult(assignment_id, label, seed, errors=[reason])
    result.tests = [TestResult(c.full_name, c.exercise, 0.0, c.points, False,
                               "not run: " + reason.split(":")[0], status="not-run")
                    for c in assignments.get(assignment_id).checks.items]
    return result


def _run_all(assignment, session, seed, result, only=None):
    """Grade each exercise at its test cell's position, the others at the end."""
    exercises = list(assignment.checks.exercises())
    pending = [e for e in exercises if only is None or e in only]
    for index, cell in enumerate(session.cells):
        if cell.test_for in pending:
            session.advance(index)
            result.tests += grade_exercise(assignment, cell.test_for, session, seed,
                                           result.errors, result.visible_checks)
            pending.remove(cell.test_for)
    session.advance(len(session.cells))
    for exercise in pending:
        result.tests += grade_exercise(assignment, exercise, session, seed, result.errors,
                                       result.visible_checks)
    result.tests.sort(key=lambda t: exercises.index(t.exercise))
