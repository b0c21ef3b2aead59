"""The batch's progress line: counts, rate and an estimate of the time left.

On a terminal the line is redrawn in place; in a log (CI, ``nohup``) a line is
printed every ``course_config.BATCH["progress_log_seconds"]``.
"""
import sys
import time

import course_config

WIDTH = 24


class Progress:
    def __init__(self, total, already=0, stream=None):
        self.total, self.done, self.errored = total, already, 0
        self.already = already
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.started = self.shown = time.monotonic()
        self.every = course_config.BATCH["progress_seconds" if self.tty else "progress_log_seconds"]

    def update(self, errored=False):
        self.done += 1
        self.errored += bool(errored)
        if time.monotonic() - self.shown >= self.every or self.done == self.total:
            self.show()

    def line(self):
        elapsed = time.monotonic() - self.started
        fresh = self.done - self.already
        rate = fresh / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else float("nan")
        filled = int(WIDTH * self.done / self.total) if self.total else WIDTH
        bar = "#" * filled + "-" * (WIDTH - filled)
        eta = _clock(left) if left == left else "--:--"
        return (f"[{bar}] {self.done}/{self.total} graded ({self.already} already, "
                f"{self.errored} with errors)  {rate * 60:.0f}/min  elapsed "
                f"{_clock(elapsed)}  left ~{eta}")

    def show(self):
        self.shown = time.monotonic()
        end = "\r" if self.tty and self.done < self.total else "\n"
        print(self.line(), end=end, file=self.stream, flush=True)


def _clock(seconds):
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
