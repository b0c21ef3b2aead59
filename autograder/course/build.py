"""Build ``release/`` (through nbgrader's generate_assignment) and ``solutions/``
from ``source/``: the one command that turns the single source of truth into
what students and instructors get.

``solutions/<id>/<id>.ipynb`` is the source notebook with the solution markers
and hidden tests removed and outputs cleared; ``solutions/<id>/<id>.py`` is the
same in jupytext percent format (gradable as a submission).
"""
import json
import shutil
import tempfile
from pathlib import Path

import course_config
from autograder.course import nbgrader_cli
from autograder.course.markers import HIDDEN_TESTS, SOLUTION_MARKER



def solution_notebook(source_nb: dict) -> dict:
    """The instructors' copy: solutions in place, no markers, no hidden tests."""
    nb = json.loads(json.dumps(source_nb))
    for cell in nb["cells"]:
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        text = HIDDEN_TESTS.sub("", SOLUTION_MARKER.sub("", text)).rstrip("\n")
        cell["source"] = text
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return nb


def build(assignment_ids, out_root: Path):
    """Write release/ and solutions/ for the assignments under ``out_root``
    (one nbgrader run for all of them: its start-up costs more than a notebook)."""
    import jupytext
    import nbformat
    assignment_ids = list(assignment_ids)
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp)
        for aid in assignment_ids:
            shutil.copytree(course_config.COURSE_ROOT / "source" / aid, course / "source" / aid)
        _generate_release(assignment_ids, course)
        for aid in assignment_ids:
            release = out_root / "release" / aid
            shutil.rmtree(release, ignore_errors=True)
            shutil.copytree(course / "release" / aid, release)
    for aid in assignment_ids:
        source = course_config.COURSE_ROOT / "source" / aid
        nb = json.loads((source / f"{aid}.ipynb").read_text(encoding="utf-8"))
        solutions = out_root / "solutions" / aid
        shutil.rmtree(solutions, ignore_errors=True)
        solutions.mkdir(parents=True)
        sol = nbformat.from_dict(solution_notebook(nb))
        nbformat.write(sol, solutions / f"{aid}.ipynb")
        (solutions / f"{aid}.py").write_text(jupytext.writes(sol, fmt="py:percent"),
                                             encoding="utf-8")


def _generate_release(assignment_ids, course: Path):
    """Run nbgrader's generate_assignment once, on a scratch copy of the course
    holding only ``assignment_ids``."""
    nbgrader_cli.run(course, "generate_assignment", "*", "--force",
                     f"--CourseDirectory.course_id={course_config.COURSE_ID}")
    missing = [aid for aid in assignment_ids if not (course / "release" / aid).is_dir()]
    if missing:
        raise RuntimeError(f"nbgrader generate_assignment wrote no release for {missing}")
