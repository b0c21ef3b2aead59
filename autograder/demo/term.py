"""``make demo``, second part: a small term in ``demo-term/``, run with the
instructor's commands -- collect (a generated class), ``grade-all``, run again
(nothing to do), ``report`` -- leaving a gradebook, feedback pages, results
files, reports and ``grades.csv`` to open.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import course_config

ROOT = course_config.COURSE_ROOT
TERM = ROOT / "demo-term"
CLASS = {"10_batch_normalization": 8, "01_entropy_fundamentals": 8}


def command(*args):
    """Run ``python -m autograder ARGS`` in the demo term, showing it."""
    args = [*args, "--results-dir", str(TERM / "results")]
    if args[0] == "grade-all":
        args += ["--submitted", str(TERM / "submitted"), "--feedback-dir", str(TERM / "feedback"),
                 "--db", f"sqlite:///{TERM / 'gradebook.db'}", "--seed", "2026"]
    else:
        args += ["--out-dir", str(TERM / "reports")]
    print("\n$ python -m autograder " + " ".join(str(a).replace(str(ROOT) + "/", "")
                                                 for a in args), flush=True)
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent),
                                                 os.environ["PATH"]]))
    subprocess.run([sys.executable, "-m", "autograder", *args], cwd=ROOT, env=env, check=True)


def main():
    sys.path.insert(0, str(ROOT))
    from tests import classroom
    shutil.rmtree(TERM, ignore_errors=True)
    for n, (aid, students) in enumerate(CLASS.items()):
        classroom.make_class(TERM / "submitted", aid, students, seed=n)
        classroom.write(TERM / "submitted", "student9999", aid, b"{ not a notebook")
    print("=" * 100)
    print(f"A small term in {TERM.relative_to(ROOT)}/: "
          f"{sum(CLASS.values()) + len(CLASS)} submissions collected")
    for aid in CLASS:
        command("grade-all", aid)
    command("grade-all", next(iter(CLASS)))  # again: every record is current
    for aid in CLASS:
        command("report", aid)
    print(f"\nopen {TERM.relative_to(ROOT)}/reports/*.html, "
          f"{TERM.relative_to(ROOT)}/feedback/<student>/<assignment>/*.html; "
          f"gradebook: {TERM.relative_to(ROOT)}/gradebook.db")
    print((TERM / "reports" / "grades.csv").read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
