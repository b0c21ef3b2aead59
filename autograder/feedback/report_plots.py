"""The report's figures, drawn with Matplotlib's Agg renderer and returned as
:class:`Plot`: base64 PNG and its alternative text, which the report's
template embeds as an ``<img>`` (so the page stays one self-contained file).

Figures are made with ``matplotlib.figure.Figure`` directly, not pyplot: no
global state, no GUI backend, whatever backend the process has chosen.
"""
import base64
import io
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from autograder.feedback.html_page import number

DPI = 144
WIDTH = 8.0                   # inches; shown at the page's width
BLUE, GREY, DARK = "#4c72b0", "#8c959f", "#1f2328"
EXERCISE_COLOURS = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3",
                    "#937860", "#da8bc3", "#8c8c8c", "#ccb974", "#64b5cd")


@dataclass(frozen=True)
class Plot:
    alt: str           # what the figure shows, as text
    png_base64: str    # the PNG, base64 (only A-Z a-z 0-9 + / =)


def score_histogram(edges, counts, max_score, mean) -> Plot:
    """Bars of ``counts`` over the bins ``edges``, the maximum and the mean marked."""
    fig, ax = _figure(3.0)
    widths = [b - a for a, b in zip(edges, edges[1:])]
    ax.bar(edges[:-1], counts, width=widths, align="edge", color=BLUE, edgecolor="white")
    top = max(counts, default=0) or 1
    ax.axvline(max_score, color=DARK, linestyle="--", linewidth=1.2)
    ax.text(max_score, top * 1.06, f" max {number(max_score)}", ha="right", va="bottom",
            fontsize=9, color=DARK)
    ax.axvline(mean, color=GREY, linestyle=":", linewidth=1.2)
    ax.text(mean, top * 1.06, f" mean {mean:.3g}", ha="left", va="bottom", fontsize=9, color=GREY)
    ax.set_xlim(0, max_score * 1.02 if max_score else 1)
    ax.set_ylim(0, top * 1.18)
    ax.set_xlabel("score")
    ax.set_ylabel("submissions")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=20, integer=True))
    alt = ", ".join(f"{number(a)}-{number(b)}: {n}"
                    for a, b, n in zip(edges, edges[1:], counts) if n)
    return _plot(fig, f"Histogram of scores out of {number(max_score)} ({alt})")


def pass_rates(rates) -> Plot:
    """Horizontal bars, one per check, top to bottom in the order given;
    ``rates`` holds objects with ``name``, ``exercise`` and ``rate`` (0..1)."""
    fig, ax = _figure(0.7 + 0.24 * len(rates))
    colours = {}
    for rate in rates:
        colours.setdefault(rate.exercise, EXERCISE_COLOURS[len(colours) % len(EXERCISE_COLOURS)])
    positions = range(len(rates))
    ax.barh(positions, [r.rate for r in rates], color=[colours[r.exercise] for r in rates],
            height=0.7)
    for y, rate in zip(positions, rates):
        ax.text(rate.rate + 0.01, y, f"{rate.rate:.0%}", va="center", fontsize=8, color=DARK)
    ax.set_yticks(list(positions), [r.name for r in rates], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.08)
    ax.set_ylim(len(rates) - 0.5, -0.5)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.xaxis.tick_top()
    ax.spines["bottom"].set_visible(False)
    ax.tick_params(axis="x", length=0)
    ax.grid(axis="x", color="#eaeef2")
    ax.set_axisbelow(True)
    return _plot(fig, "Share of submissions passing each check")


def _short(assignment_id):
    """'01' for 01_entropy_fundamentals, 'physics_01' for physics_01_entropy_physics."""
    parts = assignment_id.split("_")
    return parts[0] if parts[0].isdigit() else "_".join(parts[:2])


def _figure(height):
    fig = Figure(figsize=(WIDTH, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def _plot(fig, alt):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return Plot(alt, base64.b64encode(buffer.getvalue()).decode("ascii"))


def score_distributions(columns) -> Plot:
    """One box per assignment, side by side: its scores as a share of its
    maximum (whiskers at 1.5 IQR, each score a dot, the mean a diamond);
    ``columns`` hold ``id``, ``max_score`` and ``scores`` (not empty)."""
    fig, ax = _figure(3.4)
    shares = [[s / c.max_score if c.max_score else 0.0 for s in c.scores] for c in columns]
    positions = range(1, len(columns) + 1)
    ax.boxplot(shares, positions=list(positions), widths=0.55, showfliers=False,
               patch_artist=True, boxprops={"facecolor": "#dbe4f3", "edgecolor": BLUE},
               medianprops={"color": DARK}, whiskerprops={"color": BLUE},
               capprops={"color": BLUE})
    for x, values in zip(positions, shares):
        offsets = [((i * 0.618) % 1 - 0.5) * 0.3 for i in range(len(values))]
        ax.scatter([x + o for o in offsets], values, s=6, color=BLUE, alpha=0.45, zorder=3)
        ax.scatter([x], [sum(values) / len(values)], marker="D", s=22, color=DARK, zorder=4)
    ax.set_xticks(list(positions), [f"{_short(c.id)}\nn={len(c.scores)}" for c in columns],
                  fontsize=8)
    ax.set_ylim(-0.04, 1.06)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylabel("score / maximum")
    ax.grid(axis="y", color="#eaeef2")
    ax.set_axisbelow(True)
    alt = "; ".join(f"{c.id}: {len(c.scores)} students, median "
                    f"{100 * sorted(v)[len(v) // 2]:.0f}%" for c, v in zip(columns, shares))
    return _plot(fig, f"Score distribution of each assignment as a share of its maximum ({alt})")
