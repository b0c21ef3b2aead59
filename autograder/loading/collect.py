"""Finding the submissions of one assignment in nbgrader's layout:
``<submitted>/<student>/<assignment>/<assignment>.ipynb`` (and nbgrader's
``timestamp.txt`` beside it).

Which file is graded, in order of preference: ``<assignment>.ipynb``,
``<assignment>.py``, the only ``.ipynb``, the only ``.py``. A student folder
with none of these is still a submission: it is graded 0 with the reason.
"""
import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Submitted:
    student: str
    folder: Path                 # <submitted>/<student>/<assignment>
    path: Path | None            # the file to grade; None when there is none
    problem: str = ""            # why there is no file to grade
    timestamp: str | None = None  # nbgrader's timestamp.txt, as written


def find(submitted_dir, assignment_id) -> list[Submitted]:
    """Every student folder holding ``assignment_id``, sorted by student id."""
    found = []
    for student_dir in sorted(Path(submitted_dir).iterdir()):
        folder = student_dir / assignment_id
        if student_dir.name.startswith(".") or not folder.is_dir():
            continue
        path, problem = _choose(folder, assignment_id)
        stamp = folder / "timestamp.txt"
        timestamp = stamp.read_text(errors="replace").strip() if stamp.is_file() else None
        found.append(Submitted(student_dir.name, folder, path, problem, timestamp))
    return found


def _choose(folder, assignment_id):
    for name in (f"{assignment_id}.ipynb", f"{assignment_id}.py"):
        if (folder / name).exists():
            return _checked(folder / name)
    for pattern in ("*.ipynb", "*.py"):
        candidates = sorted(folder.glob(pattern))
        if len(candidates) == 1:
            return _checked(candidates[0])
        if candidates:
            names = ", ".join(c.name for c in candidates)
            return None, (f"several candidate files ({names}) and none named "
                          f"{assignment_id}.ipynb")
    return None, f"no notebook: expected {assignment_id}.ipynb in the submission folder"


def _checked(path):
    if path.is_symlink() or not path.is_file():
        return None, f"{path.name} is not a regular file"
    return path, ""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
