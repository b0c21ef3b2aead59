"""``python -m autograder validate ASSIGNMENT [--seeds N] [--mutants N|all] [--json]``:
prove an assignment's grader both ways (see :mod:`autograder.validation.validate`).

Exit status 0 when everything holds, 1 when anything fails (the table or the
JSON's ``failures`` says what), 2 for an unknown assignment or bad options.
"""
import argparse
import json
import sys

from autograder.course import assignments
from autograder.validation import table
from autograder.validation import validate


def mutant_count(text):
    if text == "all":
        return None
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0 or 'all', got {text!r}")
    return value


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, got {text!r}")
    return value


def add_parser(sub):
    p = sub.add_parser(
        "validate", help="prove a grader: reference, stub, wrong and alternative "
                         "implementations, mutants",
        description="Grade, in one warm engine: the reference solution (.py and .ipynb) on "
                    "N seeds (full marks on each), the released stub (0), every wrong "
                    "implementation of tests/wrong/ (loses points on its exercise, and only "
                    "there, naming its misconception), every alternative (full marks), and "
                    "mutants of the reference's answer cells (each must lose points, unless "
                    "the grader module lists it in EQUIVALENT_MUTANTS). Exit status 1 when "
                    "anything fails.")
    p.add_argument("assignment")
    p.add_argument("--seeds", type=positive, default=100,
                   help="seeds the reference is graded on, per form (default: 100)")
    p.add_argument("--mutants", type=mutant_count, default=None, metavar="N|all",
                   help="grade a fixed sample of N mutants, drawn in turn from each exercise "
                        "(default: all)")
    p.add_argument("--seed", type=int, help="base seed (default: fresh; recorded)")
    p.add_argument("--workers", type=positive, help="grader processes (default: the cores)")
    p.add_argument("--json", action="store_true", help="print the result as one JSON object")
    p.add_argument("--in-process", action="store_true",
                   help="no sandbox, no workers: debugging graders (trusted code only)")
    p.set_defaults(run=run)


def run(args):
    assignments.get(args.assignment)
    validation = validate.run(args.assignment, seeds=args.seeds, mutants=args.mutants,
                              seed=args.seed, in_process=args.in_process,
                              workers=args.workers, progress=sys.stderr)
    if args.json:
        json.dump(validation.to_json(), sys.stdout, allow_nan=False)
        sys.stdout.write("\n")
    else:
        table.emit(validation)
    return 0 if validation.ok else 1
