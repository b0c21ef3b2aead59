"""Plain-text rendering of a GradeResult for people (``grade`` and ``check``)."""
import textwrap


def render(result, hints=True):
    lines = [f"{result.assignment}: {result.score:g} / {result.max_score:g} points"
             f"  (seed {result.seed})"]
    totals = result.by_exercise()
    for exercise, (got, top) in totals.items():
        mark = "ok " if got == top else "-- "
        lines.append(f"\n{mark}{exercise}: {got:g} / {top:g}")
        for t in result.tests:
            if t.exercise != exercise or (t.passed and not hints):
                continue
            status = "pass" if t.passed else "FAIL"
            text = "" if t.passed else ": " + t.feedback
            body = f"[{status}] {t.name.split('/', 1)[1]} ({t.points:g}/{t.max_points:g}){text}"
            lines.append(textwrap.fill(body, 100, initial_indent="    ",
                                       subsequent_indent="        "))
    if result.errors:
        lines.append("\nerrors:")
        lines += [textwrap.fill(e, 100, initial_indent="  - ", subsequent_indent="    ")
                  for e in result.errors]
    return "\n".join(lines)
