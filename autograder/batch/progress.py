"""The batch's progress: counts, rate and an estimate of the time left.

On a terminal, a rich progress bar redrawn in place every
``course_config.BATCH["progress_seconds"]``; in a log (CI, ``nohup``, a
pipe) a plain line every ``progress_log_seconds`` and one at the end. Rich
decides which (``Console.is_terminal``) and leaves colour out under NO_COLOR.
Both say the same (:func:`describe`).
"""
import time

from rich.console import Console
from rich.progress import BarColumn, ProgressColumn
from rich.progress import Progress as Bar
from rich.text import Text

import course_config

WIDTH = 24   # characters of the bar


class Progress:
    """``with Progress(total, already) as progress:`` ... ``progress.update(errored)``
    after each submission graded; ``stream`` (default standard error) or a
    rich ``console`` to show it on."""

    def __init__(self, total, already=0, stream=None, console=None):
        self.total, self.already, self.done, self.errored = total, already, already, 0
        self.console = console or Console(file=stream, stderr=stream is None, highlight=False)
        self.tty = self.console.is_terminal
        self.every = course_config.BATCH["progress_log_seconds"]
        self.started = self.shown = time.monotonic()
        self._bar = self._task = None

    def __enter__(self):
        self.started = self.shown = time.monotonic()
        if self.tty and self.done < self.total:
            self._bar = Bar(BarColumn(bar_width=WIDTH), _Described(), console=self.console,
                            refresh_per_second=1 / course_config.BATCH["progress_seconds"])
            self._task = self._bar.add_task("grading", total=self.total, completed=self.done,
                                            already=self.already, errored=0)
            self._bar.start()
        return self

    def __exit__(self, *exc_info):
        if self._bar is not None:
            self._bar.stop()   # the bar's last state stays on the screen
            self._bar = None

    def update(self, errored=False):
        """Count one more submission graded (``errored``: with errors)."""
        self.done += 1
        self.errored += bool(errored)
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done, errored=self.errored)
        elif time.monotonic() - self.shown >= self.every or self.done == self.total:
            self.show()

    def line(self) -> str:
        """The plain progress line: a bar of '#' and '-', then :func:`describe`."""
        filled = int(WIDTH * self.done / self.total) if self.total else WIDTH
        bar = "#" * filled + "-" * (WIDTH - filled)
        return f"[{bar}] " + describe(self.total, self.done, self.already, self.errored,
                                      time.monotonic() - self.started)

    def show(self):
        """Print :meth:`line` (in a log)."""
        self.shown = time.monotonic()
        print(self.line(), file=self.console.file, flush=True)


def describe(total, done, already, errored, elapsed) -> str:
    """'7/10 graded (2 already, 1 with errors)  12/min  elapsed 0:25  left ~0:15':
    the rate counts the submissions graded in this run (``done - already``)
    over ``elapsed`` seconds, and the time left assumes it stays."""
    rate = (done - already) / elapsed if elapsed > 0 else 0.0
    left = _clock((total - done) / rate) if rate > 0 else "--:--"
    return (f"{done}/{total} graded ({already} already, {errored} with errors)  "
            f"{rate * 60:.0f}/min  elapsed {_clock(elapsed)}  left ~{left}")


class _Described(ProgressColumn):
    """The bar's text column: :func:`describe` of the task."""

    def render(self, task) -> Text:
        return Text(describe(int(task.total), int(task.completed), task.fields["already"],
                             task.fields["errored"], task.elapsed or 0.0))


def _clock(seconds):
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
