"""Each source notebook executed top to bottom (theory, solutions, demos, visible
and hidden tests), as a student or nbgrader runs it; prints the wall time
against the course's budget of 60 s per notebook on a 2-core machine, and the
points each graded test cell reports.

Run: ``.venv/bin/python bench/notebook_times.py [ASSIGNMENT ...]``.
"""
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import course_config  # noqa: E402

BUDGET_SECONDS = 60


def execute(aid):
    """``(seconds, {grade_id: points shown}, cells with stderr)``."""
    nb = nbformat.read(ROOT / "source" / aid / f"{aid}.ipynb", as_version=4)
    started = time.monotonic()
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "source" / aid)}}).execute()
    seconds = time.monotonic() - started
    points, noisy = {}, []
    for cell in nb.cells:
        grading = cell.get("metadata", {}).get("nbgrader", {})
        outputs = cell.get("outputs", [])
        if any(o.get("name") == "stderr" for o in outputs):
            noisy.append(grading.get("grade_id", cell.get("id")))
        if grading.get("grade") and not grading.get("solution"):
            shown = [o["data"]["text/plain"] for o in outputs if o["output_type"] == "execute_result"]
            points[grading["grade_id"]] = (shown[0] if shown else None, grading["points"])
    return seconds, points, noisy


def main(ids):
    worst = 0.0
    for aid in ids:
        seconds, points, noisy = execute(aid)
        worst = max(worst, seconds)
        full = all(shown is not None and float(shown) == top for shown, top in points.values())
        print(f"{aid:32} {seconds:6.1f} s of {BUDGET_SECONDS} s ({seconds / BUDGET_SECONDS:.0%})"
              f"   test cells at full points: {full}   cells with stderr: {noisy or 'none'}")
    print(f"slowest notebook: {worst:.1f} s")
    return 0 if worst < BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or list(course_config.ASSIGNMENTS)))
