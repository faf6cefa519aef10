"""The core of a cost game with each method's allocation as a point: an interval for two members,
a triangle (simplex) for three.

The core is the set of allocations ``x`` with ``x(S) <= c(S)`` for every coalition ``S`` and
``x(N) = c(N)``: no member and no group pays more than it would on its own. The geometry here only
draws that set from the game's ``c(S)``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator
from numpy.typing import ArrayLike

from simulator.report import style
from simulator.report.charts.allocation import allocation_rows
from simulator.report.charts.base import (
    NumberFormatter,
    amount,
    drawn,
    members,
    money_axis,
    new_figure,
    years_label,
)
from simulator.report.charts.ternary import (
    imputation_triangle,
    pair_segment,
    simplex_core,
    to_plane,
)
from simulator.report.texts import text

__all__ = ["core_diagram", "game_costs", "stacked_ranks"]

_MARKERS = ("o", "s", "D", "^", "v", "P", "X", "*", "h", "<", ">", "p")


def game_costs(
    game: pd.DataFrame, service: str = "total", year: int | str | None = None
) -> tuple[tuple[str, ...], dict[frozenset[str], float], str]:
    """Members, ``c(S)`` by member set (SEK) and the year chosen (default ``npv`` if present, else
    the last)."""
    rows = game[game["service"] == service]
    years = rows["year"].astype(str)
    chosen = (
        str(year)
        if year is not None
        else ("npv" if (years == "npv").any() else str(max(int(y) for y in years if y.isdigit())))
    )
    rows = rows[years == chosen]
    if rows.empty:
        raise ValueError(f"the game table has no rows for service {service!r}, year {chosen!r}")
    costs = {
        frozenset(label.split("+")): float(c)
        for label, c in zip(rows["coalition"], rows["cost_sek"])
    }
    return members(list(rows["coalition"])), costs, chosen


def _points(
    allocations: pd.DataFrame | None, names: tuple[str, ...], service: str, year: str
) -> dict[str, tuple[np.ndarray, bool]]:
    """Method → (allocation in member order, in core), from the allocations table if it has these
    rows."""
    if allocations is None or allocations.empty:
        return {}
    rows, _ = allocation_rows(allocations, service, year)
    out = {}
    for method, group in rows.groupby("method", observed=True, sort=False):
        x = (
            group.set_index("municipality")["cost_sek"]
            .reindex(list(names))
            .to_numpy(dtype=np.float64)
        )
        if np.isfinite(x).all():
            out[str(method)] = (x, bool(group["in_core"].all()))
    return out


@drawn
def core_diagram(
    game: pd.DataFrame,
    allocations: pd.DataFrame | None = None,
    *,
    service: str = "total",
    year: int | str | None = None,
    lang: str = "sv",
    source: str = "",
) -> Figure:
    """The core and the methods' allocations, for a game of two or three members.

    Parameters
    ----------
    game : the tidy ``game`` table (SEK)
    allocations : the tidy ``allocations`` table, or None to draw the core alone
    year : a calendar year or ``"npv"``; default ``npv`` when present, else the last year
    """
    names, costs, chosen = game_costs(game, service, year)
    if len(names) not in (2, 3):
        raise ValueError(f"the core diagram needs two or three members, not {len(names)}")
    points = _points(allocations, names, service, chosen)
    period = years_label(chosen, game["year"].unique(), lang)
    subtitle = text(
        "chart.core.subtitle", lang, service=style.service_title(service, lang), period=period
    )
    draw = _interval if len(names) == 2 else _triangle
    return draw(names, costs, points, subtitle, lang, source)


def _core_count(points: Mapping[str, tuple[np.ndarray, bool]], lang: str) -> str:
    inside = sum(ok for _, ok in points.values())
    count = len(points)
    if inside == count:
        return text("chart.core.all_in_core", lang, count=count)
    return text("chart.core.some_in_core", lang, inside=inside, count=count)


def _method_style(i: int, method: str, in_core: bool, lang: str) -> dict[str, Any]:
    return {
        "marker": _MARKERS[i % len(_MARKERS)],
        "color": style.SERIES[i % len(style.SERIES)],
        "ls": "none",
        "ms": 6,
        "mec": "white",
        "mew": 0.5,
        "label": style.method_label(method, lang) + ("" if in_core else " *"),
    }


_STACKED = 0.02
"""Points closer than this share of the view's span are drawn as one stack of rings."""


def stacked_ranks(points: list[np.ndarray], near: float) -> list[int]:
    """For each point, how many earlier points lie within ``near`` of it: 0 for the first of a
    stack, 1 for the next, … (so that methods with (almost) the same allocation stay visible)."""
    ranks = []
    for i, p in enumerate(points):
        ranks.append(sum(bool(np.linalg.norm(p - q) < near) for q in points[:i]))
    return ranks


def _stacked_style(i: int, rank: int) -> dict[str, Any]:
    """The first point of a stack filled; each later one a larger hollow ring in its colour,
    drawn beneath, so that every method in a stack shows."""
    if rank == 0:
        return {"zorder": 10}
    return {
        "ms": 6 + 4 * rank,
        "mfc": "none",
        "mec": style.SERIES[i % len(style.SERIES)],
        "mew": 1.3,
        "zorder": 10 - rank,
    }


def _other_pays(total: float) -> Callable[[ArrayLike], np.ndarray]:
    """The second member's cost from the first's (and back): ``total − x``."""
    return lambda x: total - np.asarray(x)


# --- two members: an interval ---------------------------------------------------------------------


def _interval(
    names: tuple[str, ...],
    costs: Mapping[frozenset[str], float],
    points: Mapping[str, tuple[np.ndarray, bool]],
    subtitle: str,
    lang: str,
    source: str,
) -> Figure:
    first, second = names
    total = costs[frozenset(names)]
    low = total - costs[frozenset([second])]  # the first member's cost in the core: from here
    high = costs[frozenset([first])]  # to its cost alone
    empty = low > high
    if empty:
        title = text("chart.core.empty_pair", lang)
    else:
        title = text(
            "chart.core.both_save", lang, name=first, low=amount(low, lang), high=amount(high, lang)
        )
    outside = any(not ok for _, ok in points.values())
    fig = new_figure(
        title,
        subtitle,
        source,
        note=text("chart.outside_core", lang) if outside else "",
        height_cm=min(6.5 + 0.5 * max(len(points), 1), 13.0),
    )
    ax = fig.add_subplot()
    view = _interval_view(low, high, [x[0] for x, _ in points.values()])
    if not empty:
        ax.axvspan(low, high, color=style.OKABE_ITO["sky_blue"], alpha=0.45, lw=0)
        _interval_labels(ax, names, low, high, lang)
    _interval_points(ax, points, view, lang)
    ax.set_xlim(*view)
    scale, unit = money_axis(ax.xaxis, [total], lang)
    ax.set_xlabel(text("chart.core.pays", lang, name=first, unit=unit))
    top = ax.secondary_xaxis("top", functions=(_other_pays(total), _other_pays(total)))
    top.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
    top.xaxis.set_major_formatter(NumberFormatter(scale, lang))
    top.set_xlabel(text("chart.core.pays", lang, name=second, unit=unit))
    ax.xaxis.grid(True)
    ax.set_axisbelow(True)
    return fig


def _interval_labels(ax: Axes, names: tuple[str, ...], low: float, high: float, lang: str) -> None:
    """'Core' over the band; at each edge, who saves nothing there."""
    ax.text(
        (low + high) / 2,
        -0.75,
        text("chart.core.core", lang),
        ha="center",
        va="center",
        fontweight="bold",
        color=style.OKABE_ITO["blue"],
    )
    for x, name, side in ((low, names[1], "right"), (high, names[0], "left")):
        words = text("chart.core.no_saving", lang, name=name)
        ax.text(
            x,
            -0.75,
            f" {words}" if side == "left" else f"{words} ",
            ha=side,
            va="center",
            fontsize=style.SMALL_PT,
            color="#333333",
        )


def _interval_points(
    ax: Axes, points: Mapping[str, tuple[np.ndarray, bool]], view: tuple[float, float], lang: str
) -> None:
    """One row per method: the first member's cost, blue in the core, red outside; beyond the view
    at the edge."""
    for row, (x, ok) in enumerate(points.values()):
        colour = style.OKABE_ITO["blue"] if ok else style.OKABE_ITO["vermillion"]
        shown = min(max(x[0], view[0]), view[1])
        below = x[0] < view[0]
        ax.plot(
            shown,
            row,
            marker="o" if shown == x[0] else "<" if below else ">",
            ms=6,
            color=colour,
            clip_on=False,
        )
        if shown != x[0]:
            ax.annotate(
                amount(x[0], lang),
                (shown, row),
                xytext=(8 if below else -8, 0),
                textcoords="offset points",
                ha="left" if below else "right",
                va="center",
                fontsize=style.SMALL_PT,
                color=colour,
            )
    labels = [style.method_label(m, lang) + ("" if ok else " *") for m, (_, ok) in points.items()]
    labels = labels or [text("chart.core.core", lang)]
    ax.set_ylim(len(labels) - 0.4, -0.9)
    ax.set_yticks(np.arange(len(labels)), labels)


def _interval_view(low: float, high: float, xs: list[float]) -> tuple[float, float]:
    """The first member's cost range shown: the core with 3/4 of its width on each side (room for
    the edge labels), and the points that fall within another width; points beyond are drawn at the
    edge with their value."""
    width = max(abs(high - low), abs(high) * 0.02, 1.0)
    lo, hi = min(low, high) - width * 0.75, max(low, high) + width * 0.75
    near = [x for x in xs if lo - width <= x <= hi + width]
    return min([lo, *near]) - width * 0.05, max([hi, *near]) + width * 0.05


# --- three members: a triangle --------------------------------------------------------------------


def _triangle(
    names: tuple[str, ...],
    costs: Mapping[frozenset[str], float],
    points: Mapping[str, tuple[np.ndarray, bool]],
    subtitle: str,
    lang: str,
    source: str,
) -> Figure:
    core = simplex_core(names, costs)
    if not core:
        title = text("chart.core.empty_three", lang)
    elif points:
        title = _core_count(points, lang)
    else:
        title = text("chart.core.acceptable", lang)
    outside = any(not ok for _, ok in points.values())
    note = text("chart.outside_core" if outside else "chart.core.note", lang)
    fig = new_figure(title, subtitle, source, note=note, height_cm=11.0)
    ax = fig.add_subplot()
    total = costs[frozenset(names)]
    triangle = imputation_triangle(names, costs)
    corners = np.array([to_plane(v, total) for v in triangle])
    handles: list[Artist] = [
        *ax.fill(
            *corners.T,
            facecolor="#F4F4F4",
            edgecolor=style.GREY,
            lw=0.8,
            label=text("chart.core.each_saves", lang),
        )
    ]
    if core:
        handles += ax.fill(
            *np.array([to_plane(p, total) for p in core]).T,
            facecolor=style.OKABE_ITO["sky_blue"],
            alpha=0.5,
            edgecolor=style.OKABE_ITO["blue"],
            lw=1.0,
            label=text("chart.core.core", lang),
        )
    pair_lines = []
    for k, name in enumerate(names):
        _edge_label(ax, corners, k, text("chart.core.no_saving", lang, name=name))
        for segment, _ in pair_segment(names, costs, triangle, k):
            pair_lines += ax.plot(
                *np.array([to_plane(p, total) for p in segment]).T,
                color=style.GREY,
                lw=0.8,
                ls="--",
                label=text("chart.core.pair_saves_nothing", lang),
            )
    handles += pair_lines[:1]
    view = _frame_view(ax, corners)
    planes = [to_plane(x, total) for x, _ in points.values()]
    ranks = stacked_ranks(planes, _STACKED * float(np.max(view[1] - view[0])))
    for i, (method, (x, ok)) in enumerate(points.items()):
        xy = planes[i]
        seen = view[0][0] <= xy[0] <= view[1][0] and view[0][1] <= xy[1] <= view[1][1]
        kwargs = _method_style(i, method, ok, lang) | _stacked_style(i, ranks[i])
        if not seen:
            kwargs["label"] = text("chart.core.outside_view", lang, label=kwargs["label"])
        handles += ax.plot(*(xy if seen else (np.nan, np.nan)), **kwargs)
    legend = fig.legend(handles=handles, loc="outside right center")
    for handle in legend.legend_handles:  # rings of a stack at the size of a single marker
        if isinstance(handle, Line2D):
            handle.set_markersize(7)
    return fig


def _angle(line: np.ndarray) -> float:
    dx, dy = line[-1] - line[0]
    angle = float(np.degrees(np.arctan2(dy, dx)))
    return angle - 180 if angle > 90 else angle + 180 if angle < -90 else angle


def _edge_label(ax: Axes, corners: np.ndarray, k: int, label: str) -> None:
    """Label the edge where member ``k`` pays its stand-alone cost (the edge opposite corner
    ``k``)."""
    edge = np.delete(corners, k, axis=0)
    middle = edge.mean(axis=0)
    out = middle - corners.mean(axis=0)
    ax.annotate(
        label,
        middle,
        xytext=out / (np.linalg.norm(out) or 1) * 10,
        textcoords="offset points",
        ha="center",
        va="center",
        rotation=_angle(edge),
        fontsize=style.SMALL_PT,
        color="#333333",
    )


def _frame_view(ax: Axes, corners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Show the imputation triangle with a margin for its labels; return the (low, high) corners of
    the view."""
    low, high = corners.min(axis=0), corners.max(axis=0)
    pad = (high - low).max() * 0.18
    low, high = low - pad, high + pad
    ax.set_xlim(low[0], high[0])
    ax.set_ylim(low[1], high[1])
    ax.set_aspect("equal")
    ax.set_axis_off()
    return low, high
