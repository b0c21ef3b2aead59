"""The rules of the proof: what each kind of submission must score.

- the reference scores full marks, with no error and its visible checks
  passing, on every seed (a check that fails it on some seeds is flaky);
- the stub scores 0, every check saying "not implemented";
- a wrong implementation loses points on the exercise it breaks and on no
  other but its declared dependants (``also``), and where it declares a
  misconception the feedback of that exercise names it;
- an alternative correct implementation scores full marks;
- a mutant is killed when it loses points on any exercise graded (a mutant
  that fails to load or times out loses them too).
"""
import collections

from autograder.validation.outcomes import Case, MutantOutcome

EPS = 1e-9


def explain(result):
    """A graded result in a few lines: score, seed, failed checks, errors."""
    lines = [f"score {result.score:g}/{result.max_score:g} seed {result.seed}"]
    lines += [f"  {t.name}: {t.points:g}/{t.max_points:g} {t.feedback}" for t in result.tests
              if not t.passed]
    lines += [f"  error: {e}" for e in result.errors]
    lines += [f"  visible checks of {ex}: {why}" for ex, why in result.visible_checks.items()]
    return "\n".join(lines)


def _first_line(text, limit=160):
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[:limit - 3] + "..."


def _seed_list(seeds, shown=5):
    text = ", ".join(str(s) for s in seeds[:shown])
    return text + (f", ... ({len(seeds) - shown} more)" if len(seeds) > shown else "")


def _clean(result):
    return result.score >= result.max_score - EPS and not result.errors \
        and not result.visible_checks


def reference(name, results):
    """``results``: the reference's GradeResults, one per seed."""
    total = len(results)
    failed = collections.defaultdict(list)
    problems, errors, visible = [], [], collections.defaultdict(list)
    for r in results:
        if r.max_score <= 0:
            problems.append(f"scores out of {r.max_score:g} on seed {r.seed}: no checks ran")
        for t in r.tests:
            if not t.passed:
                failed[t.name].append((r.seed, t.feedback))
        errors += [(r.seed, e) for e in r.errors]
        for exercise, why in r.visible_checks.items():
            visible[exercise].append((r.seed, why))
    for check, hits in failed.items():
        seeds = [s for s, _ in hits]
        how = "fails the reference on every seed" if len(hits) == total else \
            f"is flaky: it fails the reference on {len(hits)} of {total} seeds"
        problems.append(f"check {check} {how} ({_seed_list(seeds)}): {_first_line(hits[0][1])}")
    for seed, error in errors[:3]:
        problems.append(f"error on seed {seed}: {_first_line(error)}")
    if len(errors) > 3:
        problems.append(f"... and {len(errors) - 3} more errors")
    for exercise, hits in visible.items():
        problems.append(f"the visible checks of {exercise} fail on {len(hits)} of {total} seeds "
                        f"({_seed_list([s for s, _ in hits])}): {_first_line(hits[0][1])}")
    clean = sum(_clean(r) for r in results)
    bad = next((r for r in results if not _clean(r)), None)
    return Case("reference", name, passed=not problems,
                summary=f"full marks on {clean}/{total} seeds", problems=problems,
                detail=explain(bad) if bad else "", seeds=[r.seed for r in results])


def stub(result):
    problems = []
    if result.score != 0:
        problems.append(f"scores {result.score:g}/{result.max_score:g}, not 0")
    loud = [t.name for t in result.tests
            if t.status != "not-implemented" or "not implemented" not in t.feedback]
    if loud:
        problems.append(f"{len(loud)} checks do not report 'not implemented': "
                        + ", ".join(loud[:5]) + (" ..." if len(loud) > 5 else ""))
    return Case("stub", "stub (release)", passed=not problems,
                summary=f"{result.score:g}/{result.max_score:g}, every check not implemented"
                if not problems else f"{result.score:g}/{result.max_score:g}",
                problems=problems, detail=explain(result) if problems else "",
                seeds=[result.seed])


def wrong(case, result):
    exercise, misconception = case["exercise"], case.get("misconception")
    totals = result.by_exercise()
    problems, parts = [], []
    if exercise not in totals:
        problems.append(f"{exercise} has no checks in the grader")
        got = top = 0.0
    else:
        got, top = totals[exercise]
        if got >= top - EPS:
            problems.append(f"kept full marks on {exercise} ({got:g}/{top:g})")
        else:
            parts.append(f"lost {top - got:g} of {top:g} on {exercise}")
    allowed = {exercise, *case.get("also", ())}
    for other, (g, t) in totals.items():
        if g < t - EPS:
            if other in allowed and other != exercise:
                parts.append(f"{t - g:g} on {other} (declared)")
            elif other not in allowed:
                problems.append(f"lost points on {other} ({g:g}/{t:g}), an exercise it does not "
                                f"break (declare it in 'also' if it depends on {exercise})")
    if misconception:
        named = {t.misconception for t in result.tests if t.exercise == exercise} - {None}
        if misconception in named:
            parts.append(f"names {misconception}")
        else:
            problems.append(f"the feedback of {exercise} does not name {misconception!r} "
                            f"(named: {', '.join(sorted(named)) or 'none'})")
    return Case("wrong", case["name"], exercise, passed=not problems,
                summary="; ".join(parts), problems=problems,
                detail=explain(result) if problems else "", seeds=[result.seed],
                misconception=misconception)


def alternative(case, result):
    problems = []
    if result.score < result.max_score - EPS:
        lost = [f"{e} ({g:g}/{t:g})" for e, (g, t) in result.by_exercise().items() if g < t - EPS]
        problems.append(f"scores {result.score:g}/{result.max_score:g}: loses points on "
                        + ", ".join(lost))
    return Case("alternative", case["name"], passed=not problems,
                summary=f"{result.score:g}/{result.max_score:g}", problems=problems,
                detail=explain(result) if problems else "", seeds=[result.seed])


def mutant(m, result, seconds=0.0):
    lost = sum(t.max_points - t.points for t in result.tests)
    failed = [t.name for t in result.tests if not t.passed]
    visible = "; ".join(f"{ex}: {_first_line(why, 120)}"
                        for ex, why in result.visible_checks.items())
    if lost > EPS:
        note = f"lost {lost:g} ({', '.join(failed[:3])}{' ...' if len(failed) > 3 else ''})"
        status = "killed"
    else:
        note, status = ("only the visible checks catch it" if visible else ""), "survived"
    return MutantOutcome(m.id, m.exercise, m.operator, status, note, m.diff, result.seed,
                         round(lost, 6), visible, seconds)


def equivalent(m, reason):
    return MutantOutcome(m.id, m.exercise, m.operator, "equivalent", reason, m.diff)
