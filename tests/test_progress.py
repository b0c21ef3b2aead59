"""The batch's progress: on a terminal a rich bar redrawn in place, in a log
plain lines (one every ``progress_log_seconds`` and one at the end), both
with the counts, the rate and the time left."""
import io
import re

import pytest
from rich.console import Console

import course_config
from autograder.batch import progress as batch_progress
from autograder.batch.progress import Progress, describe


def grade(bar, outcomes):
    """Count one graded submission per entry of ``outcomes`` (True: errored)."""
    with bar:
        for errored in outcomes:
            bar.update(errored=errored)


def test_the_line_says_counts_rate_and_time_left():
    # 4 graded in 120 s this run: 2/min; 6 left at that rate take 180 s
    assert describe(total=12, done=6, already=2, errored=1, elapsed=120) == (
        "6/12 graded (2 already, 1 with errors)  2/min  elapsed 2:00  left ~3:00")
    assert describe(total=5000, done=1000, already=0, errored=0, elapsed=3600).endswith(
        "17/min  elapsed 1:00:00  left ~4:00:00")   # 1000 per hour, 4000 left
    assert describe(total=3, done=1, already=1, errored=0, elapsed=0).endswith(
        "0/min  elapsed 0:00  left ~--:--")


def test_in_a_log_a_plain_line_at_the_end(monkeypatch):
    monkeypatch.setitem(course_config.BATCH, "progress_log_seconds", 3600)
    out = io.StringIO()
    grade(Progress(5, already=2, stream=out), [False, True, False])
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 and "\x1b" not in out.getvalue() and "\r" not in out.getvalue()
    assert re.fullmatch(r"\[#{24}\] 5/5 graded \(2 already, 1 with errors\)  \d+/min  "
                        r"elapsed 0:0\d  left ~0:00", lines[0]), lines[0]


def test_in_a_log_a_line_every_interval(monkeypatch):
    monkeypatch.setitem(course_config.BATCH, "progress_log_seconds", 0)
    out = io.StringIO()
    grade(Progress(4, stream=out), [False] * 4)
    lines = out.getvalue().splitlines()
    assert [line.split("] ")[1].split(" graded")[0] for line in lines] == [
        "1/4", "2/4", "3/4", "4/4"]
    assert lines[1].startswith("[" + "#" * 12 + "-" * 12 + "]")


#: an SGR code setting a foreground colour (normal or bright)
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?[39][0-7](?:;[0-9;]*)?m")


def terminal(**options):
    return Console(file=io.StringIO(), force_terminal=True, width=140,
                   color_system="standard", **options)


def test_on_a_terminal_a_rich_bar_redrawn_in_place(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    console = terminal()
    bar = Progress(6, already=1, console=console)
    assert bar.tty
    grade(bar, [False, False, True, False, False])
    shown = console.file.getvalue()
    assert "\x1b[?25l" in shown and "\x1b[?25h" in shown   # a live display: cursor hidden, shown
    assert "━" in shown and "[#" not in shown             # rich's bar, not the log's
    frames = [re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", f).strip() for f in shown.split("\r")]
    assert frames[0].endswith("1/6 graded (1 already, 0 with errors)  0/min  elapsed 0:00  "
                              "left ~--:--")  # drawn on entry, then redrawn over it
    final = frames[-1]
    assert re.search(r"6/6 graded \(1 already, 1 with errors\)  \d+/min  elapsed 0:0\d  "
                     r"left ~0:00$", final), final
    assert COLOUR.search(shown)          # in colour


def test_no_colour_on_a_terminal_under_no_color(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    console = terminal()
    grade(Progress(2, console=console), [False, False])
    shown = console.file.getvalue()
    assert "2/2 graded" in shown and not COLOUR.search(shown)


def test_nothing_to_grade_draws_no_bar():
    console = terminal()
    with Progress(3, already=3, console=console):
        pass
    assert console.file.getvalue() == ""


@pytest.mark.parametrize("stream", [None, "file"])
def test_the_default_stream_is_standard_error_and_a_file_is_no_terminal(stream, capsys):
    out = io.StringIO() if stream else None
    grade(Progress(1, stream=out), [False])
    written = out.getvalue() if out else capsys.readouterr().err
    assert "1/1 graded (0 already, 0 with errors)" in written
    assert batch_progress.WIDTH == 24 and written.startswith("[" + "#" * 24 + "]")
