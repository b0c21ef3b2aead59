"""``make demo``: grade the bundled sample submissions and print their feedback.

Samples live in ``samples/<assignment>/``; the first line of each says what
kind of submission it is.
"""
import sys
import time

import course_config
from autograder import report_text, runner

SAMPLES = course_config.COURSE_ROOT / "samples"


def describe(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    if path.suffix == ".ipynb":
        return "a notebook"
    return first.lstrip("#\" ").rstrip("\"") or path.name


def main():
    rows = []
    for folder in sorted(p for p in SAMPLES.iterdir() if p.is_dir()):
        for path in sorted(folder.iterdir()):
            if path.suffix not in (".py", ".ipynb"):
                continue
            started = time.monotonic()
            result = runner.grade_submission(folder.name, path, seed=2026,
                                             submission_label=str(path.relative_to(SAMPLES)))
            seconds = time.monotonic() - started
            print("=" * 100)
            print(f"{path.relative_to(course_config.COURSE_ROOT)} -- {describe(path)}")
            print(report_text.render(result))
            rows.append((str(path.relative_to(SAMPLES)), result.score, result.max_score, seconds))
    print("=" * 100)
    print(f"{'sample':60} {'score':>12} {'seconds':>8}")
    for name, score, top, seconds in rows:
        print(f"{name:60} {score:>5g} / {top:<5g} {seconds:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
