"""Who should cooperate with whom: the cheapest structure of every service as a grid (members ×
services, each group a colour and a number) and on a map of the central towns.

Both read the ``structures`` table (:func:`simulator.engine.structures.structures_table`); the map
also the ``coordinates`` table (municipality, lat, lon; :mod:`simulator.scenario.coordinates`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from functools import partial

import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from simulator.report import style
from simulator.report.charts.base import (
    amount,
    drawn,
    ink,
    legend_below,
    members,
    new_figure,
    years_label,
)
from simulator.report.formatting import number
from simulator.report.structures import (
    best_rows,
    blocks_by_member,
    counted,
    describe,
    title_of,
    words,
)

__all__ = ["structures_grid", "structures_map", "structure_charts", "block_colour"]

_TITLE_CHARS = 70
"""A structure described in more characters is counted instead in a map's title."""
_KM_PER_DEGREE = 111.2
"""Kilometres per degree of latitude (and of longitude at the equator)."""


def block_colour(block: int) -> str:
    """The colour of the ``block``-th shared group (1, 2, …); light grey for a member alone."""
    if block <= 0:
        return style.LIGHT
    return style.SERIES[(block - 1) % len(style.SERIES)]


def _period_label(
    structures: pd.DataFrame, period: int | str, years: Sequence[object], lang: str
) -> str:
    """``nuvärde 2018–2025`` (the years of ``years``, else of the table) or the year."""
    calendar = list(years) or list(structures["period"].unique())
    return years_label(period, calendar, lang)


def _whole_message(best: pd.DataFrame, players: int, lang: str) -> str:
    services = [s for s in dict.fromkeys(best["service"]) if s != "total"]
    whole = [
        s
        for s in services
        if (best[best["service"] == s]["members"].astype(str).str.count(r"\+") == players - 1).any()
    ]
    if not whole:
        return words("grid.none", lang)
    return words("grid.whole", lang, count=len(whole), services=len(services))


@drawn
def structures_grid(
    structures: pd.DataFrame,
    players: Sequence[str],
    *,
    lang: str = "sv",
    source: str = "",
    period: int | str = "npv",
    years: Sequence[object] = (),
) -> Figure:
    """Members (rows, scenario order) × services (columns, all services last): each cell
    coloured and numbered by the member's group in the service's cheapest structure, grey where
    it runs alone; under each column whether the structure is stable and what it saves."""
    best = best_rows(structures, period)
    services = list(dict.fromkeys(best["service"]))
    n = len(players)
    title = words("grid.title", lang, message=_whole_message(best, n, lang))
    subtitle = words("grid.subtitle", lang, period=_period_label(structures, period, years, lang))
    note = words("grid.note", lang)
    fig = new_figure(title, subtitle, source, note=note, height_cm=6.5 + 0.55 * n)
    ax = fig.add_subplot()
    for column, service in enumerate(services):
        rows = best[best["service"] == service]
        found = blocks_by_member(rows, players)
        for row, member in enumerate(players):
            colour = block_colour(found[member])
            ax.add_patch(
                Rectangle((column + 0.04, row + 0.06), 0.92, 0.88, color=colour, linewidth=0)
            )
            label = str(found[member]) if found[member] else "–"
            ax.text(column + 0.5, row + 0.5, label, ha="center", va="center", color=ink(colour))
    ax.set_xlim(0, len(services) + 0.4)  # room for the last title, slanted
    ax.set_ylim(n, 0)
    ax.set_yticks(np.arange(n) + 0.5, list(players))
    ax.xaxis.tick_top()
    ax.set_xticks(
        np.arange(len(services)) + 0.5,
        [title_of(s, lang) for s in services],
        fontsize=style.SMALL_PT,
        rotation=25,
        ha="left",
        rotation_mode="anchor",
    )
    below = ax.secondary_xaxis("bottom")
    below.set_xticks(
        np.arange(len(services)) + 0.5,
        [_verdict(best[best["service"] == s], lang) for s in services],
        fontsize=style.SMALL_PT,
    )
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    below.spines["bottom"].set_visible(False)
    ax.tick_params(length=0)
    below.tick_params(length=0)
    return fig


def _verdict(rows: pd.DataFrame, lang: str) -> str:
    """Stable or not, and the saving, for the foot of a column."""
    stable = rows["stable"].iloc[0]
    word = words("grid.stable" if pd.isna(stable) or bool(stable) else "grid.unstable", lang)
    return f"{word}\n{amount(float(rows['saving_sek'].sum()), lang)}"


def _map_message(rows: pd.DataFrame, players: int, lang: str) -> str:
    """The structure in words, or counted when the words would not fit a title line."""
    described = describe(list(rows["members"]), lang, players)
    if len(described) <= _TITLE_CHARS:
        return described
    sizes = rows["members"].astype(str).str.count(r"\+") + 1
    return counted(int((sizes > 1).sum()), int((sizes == 1).sum()), lang)


def _spanning_tree(points: np.ndarray) -> list[tuple[int, int]]:
    """Edges of the shortest tree joining ``points`` (k, 2) (Prim; k is a group's size)."""
    joined = [0]
    edges = []
    while len(joined) < len(points):
        inside = points[joined]
        distance = np.linalg.norm(points[:, None, :] - inside[None, :, :], axis=-1)
        distance[joined] = np.inf
        outer, inner = np.unravel_index(np.argmin(distance), distance.shape)
        edges.append((joined[int(inner)], int(outer)))
        joined.append(int(outer))
    return edges


@drawn
def structures_map(
    structures: pd.DataFrame,
    coordinates: pd.DataFrame,
    *,
    service: str = "total",
    period: int | str = "npv",
    lang: str = "sv",
    source: str = "",
    years: Sequence[object] = (),
) -> Figure:
    """The cheapest structure of ``service`` on the central towns' positions: each group a colour,
    its members joined by the shortest lines between them; grey: runs alone. Positions in an
    equirectangular projection at the members' mean latitude, with a scale bar."""
    best = best_rows(structures, period)
    rows = best[best["service"] == service]
    players = list(coordinates["municipality"])
    found = blocks_by_member(rows, players)
    lat = coordinates["lat"].to_numpy(dtype=np.float64)
    squeeze = math.cos(math.radians(float(lat.mean())))
    xy = np.column_stack([coordinates["lon"].to_numpy(dtype=np.float64) * squeeze, lat])
    title = words(
        "map.title",
        lang,
        service=title_of(service, lang),
        message=_map_message(rows, len(players), lang),
    )
    subtitle = words("map.subtitle", lang, period=_period_label(structures, period, years, lang))
    note = words("map.note", lang, source="scenarios/data/coordinates.csv")
    fig = new_figure(title, subtitle, source, note=note, height_cm=13.0, legend_rows=1)
    ax = fig.add_subplot()
    ax.set_aspect("equal")
    for block in sorted({b for b in found.values() if b}):
        inside = [i for i, m in enumerate(players) if found[m] == block]
        for a, b in _spanning_tree(xy[inside]):
            first, second = xy[inside[a]], xy[inside[b]]
            ax.plot(
                [first[0], second[0]],
                [first[1], second[1]],
                color=block_colour(block),
                linewidth=2.2,
                alpha=0.7,
                zorder=1,
            )
    colours = [block_colour(found[m]) for m in players]
    ax.scatter(xy[:, 0], xy[:, 1], s=70, c=colours, edgecolors="#333333", linewidths=0.6, zorder=4)
    for (x, y), name, (dx, dy) in zip(xy, players, _label_sides(xy)):
        ax.annotate(
            name,
            (x, y),
            xytext=(5 * dx, 4 * dy),
            textcoords="offset points",
            ha="left" if dx > 0 else "right",
            va="bottom" if dy > 0 else "top",
            fontsize=style.SMALL_PT,
            zorder=3,
            path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")],
        )
    _frame(ax, xy)
    _scale_bar(ax, xy, lang)
    handles = [Patch(color=block_colour(b)) for b in sorted({b for b in found.values() if b})]
    labels = [
        words("map.legend", lang, block=b, amount=amount(float(r.saving_sek), lang))
        for b, r in zip(sorted({b for b in found.values() if b}), _shared_rows(rows))
    ]
    if handles:
        legend_below(fig, handles, labels, ncols=min(4, len(handles)))
    return fig


def _label_sides(xy: np.ndarray) -> list[tuple[int, int]]:
    """For each point, the side (±1, ±1) its label goes to: of up-right, up-left, down-right and
    down-left, the one whose label spot lies farthest from the other points and the labels
    already placed (a label reaches about 0.6° right of its point)."""
    reach = np.array([0.6, 0.12])
    taken: list[np.ndarray] = []
    sides = []
    for i, point in enumerate(xy):
        others = np.delete(xy, i, axis=0)
        best, best_room = (1, 1), -1.0
        for side in ((1, 1), (-1, 1), (1, -1), (-1, -1)):
            spot = point + np.array(side) * reach
            near = [*others, *taken]
            room = min((float(np.linalg.norm(spot - p)) for p in near), default=np.inf)
            if room > best_room + 1e-9:
                best, best_room = side, room
        taken.append(point + np.array(best) * reach)
        sides.append(best)
    return sides


def _shared_rows(rows: pd.DataFrame) -> list:
    return list(rows[rows["members"].astype(str).str.contains("+", regex=False)].itertuples())


def _frame(ax: object, xy: np.ndarray) -> None:
    """Room around the points; no ticks (positions, not a coordinate grid)."""
    low = xy.min(axis=0)
    high = xy.max(axis=0)
    pad = max(0.15 * float((high - low).max()), 0.2)
    ax.set_xlim(low[0] - pad, high[0] + 2.5 * pad)  # type: ignore[attr-defined]
    ax.set_ylim(low[1] - pad, high[1] + pad)  # type: ignore[attr-defined]
    ax.set_xticks([])  # type: ignore[attr-defined]
    ax.set_yticks([])  # type: ignore[attr-defined]
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(True)  # type: ignore[attr-defined]
        ax.spines[side].set_color(style.LIGHT)  # type: ignore[attr-defined]


def _scale_bar(ax: object, xy: np.ndarray, lang: str) -> None:
    """A bar of a round number of km in the lower right corner."""
    extent_km = float((xy[:, 0].max() - xy[:, 0].min()) * _KM_PER_DEGREE)
    km = next((k for k in (10, 20, 50, 100, 200) if k >= extent_km / 5), 200)
    length = km / _KM_PER_DEGREE
    x1 = ax.get_xlim()[1] - 0.05 * (ax.get_xlim()[1] - ax.get_xlim()[0])  # type: ignore[attr-defined]
    y = ax.get_ylim()[0] + 0.05 * (ax.get_ylim()[1] - ax.get_ylim()[0])  # type: ignore[attr-defined]
    ax.plot([x1 - length, x1], [y, y], color="#333333", linewidth=1.5)  # type: ignore[attr-defined]
    ax.annotate(  # type: ignore[attr-defined]
        f"{number(km, 0, lang)} km",
        (x1 - length / 2, y),
        xytext=(0, 3),
        textcoords="offset points",
        ha="center",
        fontsize=style.SMALL_PT,
    )


def structure_charts(
    tables: Mapping[str, pd.DataFrame | None], lang: str, source: str
) -> dict[str, Callable[[], Figure]]:
    """The structure charts that apply: the grid (with a ``game`` table to read the members'
    order from) and, with ``coordinates``, the map of all services together and of each service
    whose cheapest structure is neither the whole group nor everyone alone."""
    found = tables.get("structures")
    game = tables.get("game")
    if found is None or found.empty or game is None or game.empty:
        return {}
    players = members(list(game["coalition"].unique()))
    years = list(game["year"].unique()) if "year" in game.columns else []
    charts: dict[str, Callable[[], Figure]] = {
        "structures": partial(
            structures_grid, found, players, lang=lang, source=source, years=years
        )
    }
    where = tables.get("coordinates")
    if where is None or where.empty:
        return charts
    best = best_rows(found)
    for service in dict.fromkeys(best["service"]):
        labels = best[best["service"] == service]["members"].astype(str)
        grouped = labels.str.contains("+", regex=False)
        if service != "total" and (not grouped.any() or len(labels) == 1):
            continue
        stem = "structures_map" if service == "total" else f"structures_map_{service}"
        charts[stem] = partial(
            structures_map, found, where, service=service, lang=lang, source=source, years=years
        )
    return charts
