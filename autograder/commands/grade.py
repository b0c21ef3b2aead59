"""``python -m autograder grade ASSIGNMENT SUBMISSION [--json] [--seed N]``."""
import json
import sys
from pathlib import Path

from rich.text import Text

from autograder.course import assignments
from autograder.feedback import digest as feedback_digest
from autograder.feedback import text as feedback_text
from autograder.grading import runner
from autograder.sandbox.session import InProcessSession


def add_parser(sub):
    p = sub.add_parser("grade", help="grade one submission (.ipynb or .py)")
    p.add_argument("assignment")
    p.add_argument("submission")
    p.add_argument("--json", action="store_true", help="print the JSON result object")
    p.add_argument("--seed", type=int, help="seed for the hidden tests' inputs")
    p.add_argument("--in-process", action="store_true",
                   help="debug graders without the sandbox (trusted code only)")
    p.set_defaults(run=run)


def run(args):
    assignments.get(args.assignment)
    path = Path(args.submission)
    if not path.is_file():
        print(f"error: cannot read submission {args.submission!r}: no such file", file=sys.stderr)
        return 2
    try:
        path.open("rb").close()
    except OSError as exc:
        print(f"error: cannot read submission {args.submission!r}: {exc.strerror}", file=sys.stderr)
        return 2
    factory = InProcessSession if args.in_process else None
    result = runner.grade_submission(args.assignment, path, seed=args.seed,
                                     session_factory=factory, submission_label=args.submission)
    if args.json:
        json.dump(result.to_json(), sys.stdout, allow_nan=False, default=str)
        sys.stdout.write("\n")
    else:
        feedback_text.emit(None, *report(result))
    return 0


def report(result):
    """What ``grade`` prints about ``result`` without ``--json`` (rich
    renderables): the submission, the summary, every exercise's checks."""
    yield feedback_text.Line(result.submission, style="dim")
    yield Text()
    yield from feedback_text.renderables(feedback_digest.digest(result), passed_checks=True)
