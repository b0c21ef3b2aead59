"""``python -m autograder check ASSIGNMENT [PATH]``: a learner's readable report.

PATH defaults to the learner's copy of the released notebook: the first of
``./<id>.ipynb``, ``./<id>/<id>.ipynb`` and ``release/<id>/<id>.ipynb`` that
exists.
"""
import sys
from pathlib import Path

from rich.text import Text

import course_config
from autograder.course import assignments
from autograder.feedback import digest as feedback_digest
from autograder.feedback import text as feedback_text
from autograder.grading import runner


def add_parser(sub):
    p = sub.add_parser("check", help="check your own work: per-exercise points and hints")
    p.add_argument("assignment")
    p.add_argument("path", nargs="?", help="your notebook or .py file")
    p.add_argument("--seed", type=int, help="reproduce a run's inputs")
    p.set_defaults(run=run)


def default_path(aid):
    for candidate in (Path(f"{aid}.ipynb"), Path(aid) / f"{aid}.ipynb",
                      course_config.COURSE_ROOT / "release" / aid / f"{aid}.ipynb"):
        if candidate.is_file():
            return candidate
    return None


def run(args):
    assignments.get(args.assignment)
    path = Path(args.path) if args.path else default_path(args.assignment)
    if path is None or not path.is_file():
        print(f"error: no submission found for {args.assignment} "
              f"({args.path or 'give the path to your notebook'})", file=sys.stderr)
        return 2
    result = runner.grade_submission(args.assignment, path, seed=args.seed)
    feedback_text.emit(None, *report(result, path))
    return 0


def report(result, path):
    """What ``check`` prints about ``result`` (rich renderables): the summary and
    the failures, then how to reproduce the inputs unless all checks pass."""
    title = assignments.get(result.assignment).title
    yield feedback_text.Line(f"{title} -- checking {path}")
    yield Text()
    yield from feedback_text.renderables(feedback_digest.digest(result), passed_checks=False)
    yield Text()
    if result.score >= result.max_score - 1e-9:
        yield Text("All checks pass.", style="green")
    else:
        yield feedback_text.Line(f"To check on the same inputs again: python -m autograder "
                                 f"check {result.assignment} {path} --seed {result.seed}")
