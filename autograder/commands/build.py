"""``python -m autograder build [ASSIGNMENT ...]``: regenerate release/ and solutions/."""
import course_config
from autograder.course import assignments
from autograder.course.build import build


def add_parser(sub):
    p = sub.add_parser("build", help="regenerate release/ and solutions/ from source/")
    p.add_argument("assignments", nargs="*", help="default: every assignment")
    p.set_defaults(run=run)


def run(args):
    ids = args.assignments or list(course_config.ASSIGNMENTS)
    for aid in ids:
        assignments.get(aid)
        build([aid], course_config.COURSE_ROOT)
        print(f"built release/{aid} and solutions/{aid}")
    return 0
