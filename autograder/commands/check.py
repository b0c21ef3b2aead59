"""``python -m autograder check ASSIGNMENT [PATH]``: a learner's readable report."""


def add_parser(sub):
    p = sub.add_parser("check", help="check your own work on an assignment")
    p.add_argument("assignment")
    p.add_argument("path", nargs="?")
    p.set_defaults(run=run)


def run(args):
    raise NotImplementedError
