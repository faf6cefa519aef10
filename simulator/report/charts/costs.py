"""Costs per service: alone against shared by component, and the waterfall from today's cost to the
shared."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from simulator.report import style
from simulator.report.charts.base import (
    amount,
    drawn,
    legend_below,
    members,
    money_axis,
    new_figure,
    pct,
    year_rows,
)
from simulator.report.formatting import number
from simulator.report.texts import text

__all__ = ["cost_by_service", "waterfall"]

_SHARING = "governance"


def _alone_shared(
    costs: pd.DataFrame, year: int | str | None
) -> tuple[pd.DataFrame, pd.DataFrame, int | str]:
    """(service × component) running costs of the members' sum alone and of the grand coalition,
    SEK."""
    rows, chosen = year_rows(costs[costs["kind"] == "running"], year)
    names = members(costs["coalition"].unique())
    grand = "+".join(names)
    table = rows.pivot_table(
        index=["service", "component"],
        columns="coalition",
        values="cost_sek",
        aggfunc="sum",
        fill_value=0.0,
    )
    table = table.reindex(columns=[*names, grand], fill_value=0.0)
    alone = table[list(names)].sum(axis=1).unstack("component", fill_value=0.0)
    shared = table[grand].unstack("component", fill_value=0.0)
    order = list(dict.fromkeys(costs["service"]))
    return alone.reindex(order).fillna(0.0), shared.reindex(order).fillna(0.0), chosen


def _components(alone: pd.DataFrame, shared: pd.DataFrame) -> list[str]:
    """Components with any cost, in a fixed order (unknown ones last, by name)."""
    present = {c for table in (alone, shared) for c in table.columns if (table[c] != 0).any()}
    return [c for c in style.COMPONENT_COLOURS if c in present] + sorted(
        present - set(style.COMPONENT_COLOURS)
    )


def _colour(component: str, i: int) -> str:
    return style.COMPONENT_COLOURS.get(component, style.SERIES[i % len(style.SERIES)])


def _saving_title(saving: float, year: int | str, lang: str) -> str:
    key = "chart.costs.saves" if saving >= 0 else "chart.costs.costs_more"
    return text(key, lang, amount=amount(abs(saving), lang), year=year)


@drawn
def cost_by_service(
    costs: pd.DataFrame, *, year: int | None = None, lang: str = "sv", source: str = ""
) -> Figure:
    """Annual running cost per service, the members alone (summed) beside the grand coalition, by
    component.

    Parameters
    ----------
    costs : the tidy ``costs`` table (SEK)
    year : calendar year shown; the last one when None
    """
    alone, shared, chosen = _alone_shared(costs, year)
    components = _components(alone, shared)
    alone = alone.reindex(columns=components, fill_value=0.0)
    shared = shared.reindex(columns=components, fill_value=0.0)
    names = members(costs["coalition"].unique())
    saving = alone.to_numpy().sum() - shared.to_numpy().sum()
    if len(names) <= 3:
        who = ", ".join(names)
    else:
        who = text("chart.costs.members", lang, count=len(names))
    fig = new_figure(
        _saving_title(saving, chosen, lang),
        text("chart.costs.subtitle", lang, year=chosen, who=who),
        source,
        height_cm=10.5,
        legend_rows=-(-len(components) // 4),
        wspace=0.08,
    )
    axes = fig.subplots(1, 2, sharex=True, sharey=True)
    services = list(alone.index)
    y = np.arange(len(services))
    top = max(alone.sum(axis=1).max(), shared.sum(axis=1).max())
    for ax, table, key in ((axes[0], alone, "alone"), (axes[1], shared, "shared")):
        left = np.zeros(len(services))
        for i, component in enumerate(components):
            ax.barh(
                y,
                table[component],
                left=left,
                height=0.7,
                color=_colour(component, i),
                label=style.component_label(component, lang),
            )
            left += table[component].to_numpy()
        ax.set_title(text(f"chart.{key}", lang), loc="left", fontweight="bold")
        ax.xaxis.grid(True)
        ax.set_axisbelow(True)
    scale, unit = money_axis(axes[0].xaxis, [top], lang)
    _bar_labels(axes, alone.sum(axis=1).to_numpy(), shared.sum(axis=1).to_numpy(), scale, lang)
    axes[0].set_yticks(y, [style.service_title(s, lang) for s in services])
    axes[0].invert_yaxis()
    axes[0].set_xlim(0, top * 1.32)
    for ax in axes:
        ax.set_xlabel(unit)
    axes[1].tick_params(axis="y", left=False)
    handles, labels = axes[0].get_legend_handles_labels()
    legend_below(fig, handles, labels, ncols=4)
    return fig


def _bar_labels(
    axes: np.ndarray, alone: np.ndarray, shared: np.ndarray, scale: float, lang: str
) -> None:
    decimals = 1 if scale >= 1e6 else 0
    for i, (a, s) in enumerate(zip(alone, shared)):
        axes[0].text(
            a, i, f" {number(a / scale, decimals, lang)}", va="center", fontsize=style.SMALL_PT
        )
        change = f" ({pct((s - a) / a, lang)})" if a > 0 and s != a else ""
        if s > a:
            change = change.replace("(", "(+")
        axes[1].text(
            s,
            i,
            f" {number(s / scale, decimals, lang)}{change}",
            va="center",
            fontsize=style.SMALL_PT,
        )


def _steps(
    costs: pd.DataFrame, year: int | None, lang: str
) -> tuple[list[str], np.ndarray, float, int | str]:
    """Labels and signed steps of the waterfall (service changes, sharing costs, one-off), and the
    start."""
    alone, shared, chosen = _alone_shared(costs, year)
    change = shared.sum(axis=1) - alone.sum(axis=1)
    services = [s for s in change.index if s != _SHARING] + [
        s for s in change.index if s == _SHARING
    ]
    labels = [style.service_title(s, lang) for s in services]
    steps = [float(change[s]) for s in services]
    kind = costs["kind"] == "one_off"
    one_off = costs[kind & (costs["year"].astype(str) == str(chosen))]  # none: no one-off step
    grand = "+".join(members(costs["coalition"].unique()))
    transition = float(one_off.loc[one_off["coalition"] == grand, "cost_sek"].sum())
    if transition > 0:
        labels.append(text("chart.waterfall.one_off", lang))
        steps.append(transition)
    return labels, np.asarray(steps), float(alone.to_numpy().sum()), chosen


def _waterfall_titles(
    start: float, end: float, chosen: int | str, with_one_off: bool, lang: str
) -> tuple[str, str]:
    title = text(
        "chart.waterfall.lowers" if end <= start else "chart.waterfall.raises",
        lang,
        start=amount(start, lang),
        end=amount(end, lang),
        year=chosen,
    )
    subtitle = "chart.waterfall.subtitle_one_off" if with_one_off else "chart.waterfall.subtitle"
    return title, text(subtitle, lang)


@drawn
def waterfall(
    costs: pd.DataFrame, *, year: int | None = None, lang: str = "sv", source: str = ""
) -> Figure:
    """From the members' cost alone to the shared cost in one year: one step per service, then the
    costs of sharing (governance) and, in a year that has them, the one-off transition costs.

    Parameters
    ----------
    costs : the tidy ``costs`` table (SEK)
    year : calendar year shown; the last one when None
    """
    labels, steps, start, chosen = _steps(costs, year, lang)
    end = start + steps.sum()
    fig = new_figure(
        *_waterfall_titles(
            start, end, chosen, labels[-1] == text("chart.waterfall.one_off", lang), lang
        ),
        source,
        height_cm=10.5,
    )
    ax = fig.add_subplot()
    names = [
        f"{text('chart.alone', lang)} {chosen}",
        *labels,
        f"{text('chart.shared', lang)} {chosen}",
    ]
    levels = _waterfall_bars(ax, start, steps)
    scale, unit = money_axis(ax.xaxis, [start, end], lang)
    decimals = 1 if scale >= 1e6 else 0
    values = [number(start / scale, decimals, lang)]
    values += [("+" if s > 0 else "") + number(s / scale, decimals, lang) for s in steps]
    values.append(number(end / scale, decimals, lang))
    for i, (level, value) in enumerate(
        zip([start, *np.maximum(levels[:-1], levels[1:]), end], values)
    ):
        ax.text(level, i, f" {value}", va="center", fontsize=style.SMALL_PT)
    ax.set_yticks(np.arange(len(names)), names)
    ax.invert_yaxis()
    low = _axis_start(levels.min(), levels.max(), scale)
    ax.set_xlim(low, levels.max() + (levels.max() - low) * 0.12)
    if low > 0:
        _break_marks(ax, [0, len(names) - 1], low)
        start_at = number(low / scale, 0, lang)
        label = text("chart.waterfall.axis_from", lang, year=chosen, unit=unit, start=start_at)
    else:
        label = text("chart.waterfall.axis", lang, year=chosen, unit=unit)
    ax.set_xlabel(label)
    ax.xaxis.grid(True)
    ax.set_axisbelow(True)
    return fig


def _waterfall_bars(ax: Axes, start: float, steps: np.ndarray) -> np.ndarray:
    """Draw the start bar, the floating steps with connectors and the end bar; return the running
    levels."""
    levels = start + np.concatenate(([0.0], np.cumsum(steps)))
    lefts = np.concatenate(([0.0], np.minimum(levels[:-1], levels[1:]), [0.0]))
    widths = np.concatenate(([start], np.abs(steps), [levels[-1]]))
    colours = (
        [style.GREY]
        + [style.OKABE_ITO["blue"] if s <= 0 else style.OKABE_ITO["vermillion"] for s in steps]
        + [style.OKABE_ITO["black"]]
    )
    ax.barh(np.arange(len(widths)), widths, left=lefts, color=colours, height=0.65)
    for i, level in enumerate(levels):  # connectors from each bar to the next
        ax.plot([level, level], [i + 0.325, i + 0.675], color=style.GREY, lw=0.6)
    return levels


def _axis_start(low: float, high: float, scale: float) -> float:
    """Where the value axis starts: 0 unless the steps would be too thin to read next to the totals;
    then a round number about one range below the lowest level."""
    span = high - low
    if low <= 0 or span >= 0.25 * high:
        return 0.0
    step = 10 ** np.floor(np.log10(max(high - (low - span), scale)))
    return float(max(np.floor((low - span) / step) * step, 0.0))


def _break_marks(ax: Axes, rows: list[int], low: float) -> None:
    """White slashes across the bars that start at zero, to show the axis is broken."""
    left, right = ax.get_xlim()
    x = low + (right - left) * 0.02
    for row in rows:
        ax.plot(
            [x - (right - left) * 0.006, x + (right - left) * 0.006],
            [row + 0.4, row - 0.4],
            color="white",
            lw=2.5,
            solid_capstyle="butt",
        )
