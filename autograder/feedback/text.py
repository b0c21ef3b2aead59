"""The feedback of one graded submission on a terminal (``check``, ``grade``,
``make demo``), rendered with rich from a :mod:`~autograder.feedback.digest`.

First a summary table (exercise, points, status: one line per exercise that
failed for one reason), then the problems with the submission and the details
of each exercise that has some: the visible checks' failure, the known
mistakes with their explanation, the failed checks (and, for ``grade``, the
passed ones).

Colour on a terminal; none when the output is piped or ``NO_COLOR`` is set
(rich decides). :func:`render` gives plain text of a fixed width (tests,
goldens); :func:`console` the console for standard output.
"""
import io
import os
import sys

from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from autograder.feedback import digest as feedback_digest
from autograder.feedback.html_page import number

#: Width of the plain text (piped output, tests); a terminal's own width,
#: capped here, otherwise.
WIDTH = 100

STYLE = {"passed": "green", "partial": "yellow", "blocked": "red", "fail": "bold red",
         "pass": "green", "visible": "yellow", "mistake": "magenta", "muted": "dim",
         "heading": "bold", "problem": "red"}


def console(file=None, width=None) -> Console:
    """A console for ``file`` (standard output): colour on a terminal only, at
    most WIDTH columns on a terminal, WIDTH when piped (unless COLUMNS says)."""
    target = Console(file=file, markup=False, emoji=False, highlight=False)
    if width is None and (target.is_terminal or "COLUMNS" not in os.environ):
        width = min(target.width, WIDTH) if target.is_terminal else WIDTH
    if width is not None:
        target.width = width
    return target


def render(result, passed_checks=False, width=WIDTH, color=False) -> str:
    """``result`` (a GradeResult or a results record) as text: ``width``
    columns, no colour unless ``color``, no trailing spaces."""
    return to_text(*renderables(feedback_digest.digest(result), passed_checks),
                   width=width, color=color)


def to_text(*parts, width=WIDTH, color=False) -> str:
    """What :func:`emit` would print on a ``width``-column terminal (with ANSI
    colour when ``color``), as a string without trailing spaces."""
    out = io.StringIO()
    target = Console(file=out, width=width, color_system="standard" if color else None,
                     force_terminal=color, no_color=not color, markup=False, emoji=False,
                     highlight=False, legacy_windows=False)
    emit(target, *parts)
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines())


class Line(Text):
    """Text printed on one line however long (a command to copy, a path)."""


def show(result, target=None, passed_checks=False):
    """Print ``result``'s feedback on ``target`` (default: standard output)."""
    emit(target, *renderables(feedback_digest.digest(result), passed_checks))


def emit(target, *parts):
    """Print ``parts`` on ``target`` (default: standard output); when it is not a
    terminal, without the spaces rich pads lines with."""
    target = target or console(sys.stdout)
    if target.is_terminal:
        _print(target, parts)
        return
    with target.capture() as captured:
        _print(target, parts)
    text = "".join(line.rstrip() + "\n" for line in captured.get().splitlines())
    target.file.write(text)
    target.file.flush()


def _print(target, parts):
    for part in parts:
        target.print(part, soft_wrap=isinstance(part, Line))


def renderables(digest, passed_checks=False):
    """What :func:`show` prints, in order."""
    yield Text.assemble((f"{digest.assignment}: {number(digest.score)} / "
                         f"{number(digest.max_score)} points", STYLE["heading"]),
                        (f"  (seed {digest.seed})", STYLE["muted"]))
    if digest.late:
        yield Text(digest.late)
    yield Text()
    yield summary_table(digest)
    if digest.problems or digest.advice:
        yield Text()
        yield problems(digest)
    for exercise in digest.exercises:
        if exercise.has_details or (passed_checks and exercise.kind == "passed"):
            yield Text()
            yield details(exercise, passed_checks)


def summary_table(digest) -> Table:
    table = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 2, 0, 0),
                  header_style=STYLE["heading"])
    table.add_column("exercise", no_wrap=True)
    table.add_column("points", justify="right", no_wrap=True)
    table.add_column("status", overflow="fold")
    for exercise in digest.exercises:
        style = STYLE[exercise.kind]
        table.add_row(Text(exercise.name),
                      Text(f"{number(exercise.points)} / {number(exercise.max_points)}",
                           style=_points_style(exercise)),
                      Text(exercise.status, style=style))
    return table


def problems(digest):
    parts = [Text("Problems with your submission:" if digest.problems else "What to do:",
                  style=STYLE["problem"] + " bold")]
    if digest.problems:
        listed = Table.grid(padding=(0, 1, 0, 0))
        listed.add_column(no_wrap=True)
        listed.add_column(overflow="fold")
        for error in digest.problems:
            listed.add_row("-", Text(error, style=STYLE["problem"]))
        parts.append(_indented(listed, 2))
    parts += [_indented(Text(a), 2) for a in digest.advice]
    return Group(*parts)


def details(exercise, passed_checks=False):
    parts = [Text.assemble((exercise.name, STYLE["heading"]),
                           f": {number(exercise.points)} / {number(exercise.max_points)}")]
    if exercise.visible:
        parts.append(_indented(Text.assemble(
            ("visible checks in the notebook fail: ", STYLE["visible"]), exercise.visible), 2))
        parts.append(_indented(Text(feedback_digest.VISIBLE_HINT.format(exercise=exercise.name),
                                        style=STYLE["muted"]), 4))
    for mistake in exercise.mistakes:
        checks = f" ({mistake.checks} checks)" if mistake.checks > 1 else ""
        parts.append(_indented(Text.assemble(("looks like a known mistake: ", STYLE["mistake"]),
                                             (mistake.title, "bold"), checks), 2))
        if mistake.explained_in:
            parts.append(_indented(Text(f"explained above, under {mistake.explained_in}",
                                        style=STYLE["muted"]), 4))
        elif mistake.explanation:
            parts.append(_indented(Text(mistake.explanation), 4))
    for line in exercise.failures:
        parts.append(_indented(Text.assemble(("FAIL ", STYLE["fail"]), _names(line)), 2))
        parts.append(_indented(Text(line.message), 4))
    if passed_checks:
        parts += [_indented(Text.assemble(("pass ", STYLE["pass"]), _names(line)), 2)
                  for line in exercise.passes]
    return Group(*parts)


def _names(line):
    return f"{', '.join(line.names)} ({number(line.points)} / {number(line.max_points)})"


def _points_style(exercise):
    if exercise.points >= exercise.max_points - 1e-9:
        return STYLE["passed"]
    return STYLE["blocked"] if exercise.points <= 1e-9 else STYLE["partial"]


def _indented(renderable, by):
    """``renderable`` indented ``by`` columns, its wrapped lines too."""
    return Padding(renderable, (0, 0, 0, by))
