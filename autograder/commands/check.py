"""``python -m autograder check ASSIGNMENT [PATH]``: a learner's readable report.

PATH defaults to the learner's copy of the released notebook: the first of
``./<id>.ipynb``, ``./<id>/<id>.ipynb`` and ``release/<id>/<id>.ipynb`` that
exists.
"""
import sys
from pathlib import Path

import course_config
from autograder import assignments, report_text, runner


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
    assignment = assignments.get(args.assignment)
    path = Path(args.path) if args.path else default_path(args.assignment)
    if path is None or not path.is_file():
        print(f"error: no submission found for {args.assignment} "
              f"({args.path or 'give the path to your notebook'})", file=sys.stderr)
        return 2
    result = runner.grade_submission(args.assignment, path, seed=args.seed)
    print(f"{assignment.title} -- checking {path}\n")
    print(report_text.render(result, hints=False))
    if result.score == result.max_score:
        print("\nAll checks pass.")
    else:
        print("\nRe-run with the same --seed to reproduce these inputs.")
    return 0
