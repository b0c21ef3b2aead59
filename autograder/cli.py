"""The thin command line: ``python -m autograder COMMAND ...``."""
import argparse
import sys

from autograder.course.assignments import UnknownAssignment
from autograder.commands import build, check, grade, grade_all, report, validate

COMMANDS = (grade, grade_all, check, build, report, validate)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder",
                                     description="Grade course submissions.")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(sub)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UnknownAssignment as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `... | head`
        sys.stderr.close()
        return 0
