"""The thin command line: ``python -m autograder COMMAND ...``.

Only the named command's module is imported: each pulls in its own stage
(``grade-all`` nbgrader and nbformat, ``validate`` the mutation library), and
a self-learner's ``check`` should not wait for the others' imports.
"""
import argparse
import importlib
import sys

from autograder.course.assignments import UnknownAssignment

#: command name -> its module in ``autograder.commands`` (help lists them in this order)
COMMANDS = {"grade": "grade", "grade-all": "grade_all", "check": "check",
            "build": "build", "report": "report", "validate": "validate"}


def _command_modules(argv):
    """The module of the command ``argv`` names, or all of them (help, a typo)."""
    named = next((arg for arg in argv if not arg.startswith("-")), None)
    names = [COMMANDS[named]] if named in COMMANDS else COMMANDS.values()
    return [importlib.import_module(f"autograder.commands.{name}") for name in names]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(prog="python -m autograder",
                                     description="Grade course submissions.")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in _command_modules(argv):
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
