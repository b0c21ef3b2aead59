"""Running nbgrader's command line on a course directory (build, tests, bench)."""
import os
import subprocess
import sys
from pathlib import Path


def run(course: Path, *args, check=True, db_url=None):
    """``nbgrader ARGS`` with ``course`` as course directory and, unless
    ``db_url`` names another, its own gradebook; returns the CompletedProcess
    (raises RuntimeError when ``check`` and nbgrader failed)."""
    env = dict(os.environ, PYTHONWARNINGS="ignore",  # nbgrader runs `alembic` from PATH
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    default_db = f"sqlite:///{course / 'gradebook.db'}"
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *args,
                           f"--CourseDirectory.root={course}",
                           f"--CourseDirectory.db_url={db_url or default_db}"],
                          cwd=course, env=env, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def cell_scores(course: Path, assignment_id, student):
    """``{grade_id: points}`` of one autograded notebook, from the gradebook."""
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        notebook = gb.find_submission_notebook(assignment_id, assignment_id, student)
        return {g.name: round(g.score, 6) for g in notebook.grades}
