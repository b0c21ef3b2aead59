"""A validation on a terminal: the proof rows, the mutation score per
exercise, the surviving mutants with their diff, and the verdict (rich: colour
on a terminal only)."""
from rich.console import Group
from rich.table import Table
from rich.text import Text

from autograder.feedback import text as feedback_text

MARK = {True: ("ok", "green"), False: ("FAIL", "bold red")}


def _percent(score):
    return "-" if score is None else f"{100 * score:.0f}%"


def _table(title):
    return Table(title=title, title_justify="left", title_style="bold", box=None,
                 show_edge=False, pad_edge=False, padding=(0, 2, 0, 0), header_style="bold")


def cases_table(validation):
    table = _table("Implementations")
    table.add_column("", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("name", max_width=40, overflow="fold")
    table.add_column("what it scored", overflow="fold")
    for case in validation.cases:
        mark, style = MARK[case.passed]
        text = Text(case.summary)
        for problem in case.problems:
            text.append(("\n" if text else "") + problem, style="red")
        table.add_row(Text(mark, style=style), case.kind, case.name, text)
    return table


def scores_table(validation):
    table = _table("Mutants (killed: some check lost points)")
    table.add_column("exercise", no_wrap=True)
    for name in ("mutants", "equivalent", "killed", "survived", "score", "grading s"):
        table.add_column(name, justify="right")
    rows = validation.scores()
    for row in rows:
        style = "bold" if row is rows[-1] else ""
        table.add_row(row.exercise, str(row.mutants), str(row.equivalent), str(row.killed),
                      Text(str(row.survived), style="red" if row.survived else ""),
                      _percent(row.score), f"{row.seconds:.0f}", style=style)
    return table


def _diff(text):
    out = Text()
    for line in text.rstrip("\n").splitlines():
        style = "green" if line.startswith("+") and not line.startswith("+++") else \
            "red" if line.startswith("-") and not line.startswith("---") else "dim"
        out.append(("\n" if out else "") + "    " + line, style=style)
    return out


def renderables(validation):
    v = validation
    graded = sum(1 for m in v.mutants if m.status != "equivalent")
    yield feedback_text.Line(
        f"validate {v.assignment}: reference on {v.seeds} seeds (base seed {v.seed}); "
        f"{graded} of {v.generated} mutants graded; {v.seconds:g} s", style="bold")
    yield Text()
    yield cases_table(v)
    yield Text()
    yield scores_table(v)
    if v.survivors:
        yield Text()
        yield Text(f"Surviving mutants ({len(v.survivors)})", style="bold")
        for m in v.survivors:
            yield Group(Text(f"  {m.id}" + (f"  ({m.note}: {m.visible})" if m.visible else ""),
                             style="yellow"), _diff(m.diff))
    if v.stale:
        yield Text()
        yield Text("Stale EQUIVALENT_MUTANTS entries (no such mutant any more)", style="bold")
        for key, reason in v.stale.items():
            yield Text(f"  {key}: {reason}", style="red")
    yield Text()
    failures = v.failures()
    if failures:
        yield Text(f"FAILED: {len(failures)} problem{'s' if len(failures) != 1 else ''}",
                   style="bold red")
        for line in failures:
            yield feedback_text.Line("  " + line, style="red")
    else:
        yield Text("OK: the grader is proven both ways.", style="bold green")


def emit(validation, file=None):
    feedback_text.emit(feedback_text.console(file), *renderables(validation))


def to_text(validation, width=feedback_text.WIDTH):
    return feedback_text.to_text(*renderables(validation), width=width)
