"""Where the saving comes from: the whole group's net saving in one year, step by step over the
mechanisms (a waterfall from nothing to the total)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from simulator.engine.catalogue import MECHANISM_ORDER, mechanism_label
from simulator.report import style
from simulator.report.charts.base import amount, drawn, money_axis, new_figure, whole_group
from simulator.report.formatting import number, percent
from simulator.report.texts import text

__all__ = ["saving_sources_chart", "sources_frame", "ARTIFACTS"]

ARTIFACTS = ("rounding", "minimum")
"""Mechanisms that are staffing policy rather than the work: named in the chart's title."""


def sources_frame(sources: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """The whole group's saving by mechanism in ``year`` (default the last), summed over the
    services: columns mechanism, saving_sek, in the order of the mechanisms (those that move the
    saving by less than half a krona left out)."""
    year = int(sources["year"].max()) if year is None else year
    rows = sources[sources["year"] == year]
    grand = whole_group(rows["coalition"])
    totals = rows[rows["coalition"] == grand].groupby("mechanism")["saving_sek"].sum()
    order = [m for m in MECHANISM_ORDER if m in totals.index] + [
        m for m in totals.index if m not in MECHANISM_ORDER
    ]
    frame = pd.DataFrame({"mechanism": order, "saving_sek": totals.reindex(order).to_numpy()})
    return frame[frame["saving_sek"].abs() >= 0.5].reset_index(drop=True)  # under an öre: none


@drawn
def saving_sources_chart(
    sources: pd.DataFrame, *, lang: str = "sv", source: str = "", year: int | None = None
) -> Figure:
    """Horizontal waterfall: each mechanism's part of the whole group's net saving in ``year``,
    then the total; savings in blue, costs in red.

    Parameters
    ----------
    sources : the tidy ``saving_sources`` table (scenario, year, service, coalition, mechanism,
        saving_sek)
    year : the year shown (default the last)
    """
    year = int(sources["year"].max()) if year is None else year
    frame = sources_frame(sources, year)
    steps = frame["saving_sek"].to_numpy()
    total = float(steps.sum())
    artifacts = float(frame.loc[frame["mechanism"].isin(ARTIFACTS), "saving_sek"].sum())
    share = artifacts / total if total > 0 else float("nan")
    title = text("chart.sources.title", lang, total=amount(total, lang), year=year)
    subtitle = (
        text("chart.sources.artifacts", lang, share=percent(share, lang))
        if np.isfinite(share)
        else text("chart.sources.subtitle", lang)
    )
    fig = new_figure(title, subtitle, source, height_cm=max(8.0, 3.5 + 0.75 * len(steps)))
    ax = fig.add_subplot()
    levels = np.concatenate(([0.0], np.cumsum(steps)))
    lefts = np.minimum(levels[:-1], levels[1:])
    colours = [style.OKABE_ITO["blue"] if s >= 0 else style.OKABE_ITO["vermillion"] for s in steps]
    y = np.arange(len(steps))
    ax.barh(y, np.abs(steps), left=lefts, color=colours, height=0.6)
    ax.barh([len(steps)], [total], color=style.GREY, height=0.6)
    scale, unit = money_axis(ax.xaxis, [*levels, 0.0], lang)
    decimals = 1 if scale >= 1e6 else 0
    for i, (step, level) in enumerate(zip(steps, np.maximum(levels[:-1], levels[1:]))):
        shown = ("+" if step > 0 else "") + number(step / scale, decimals, lang)
        ax.text(level, i, f" {shown}", va="center", fontsize=style.SMALL_PT)
    ax.text(
        max(total, 0.0),
        len(steps),
        f" {number(total / scale, decimals, lang)}",
        va="center",
        fontsize=style.SMALL_PT,
    )
    names = [mechanism_label(m, lang) for m in frame["mechanism"]]
    ax.set_yticks(np.arange(len(names) + 1), [*names, text("chart.sources.total", lang)])
    ax.invert_yaxis()
    low, high = min(0.0, float(levels.min())), max(0.0, float(levels.max()))
    ax.set_xlim(low - 0.05 * (high - low), high + 0.18 * (high - low))
    ax.axvline(0, color=style.GREY, lw=0.8)
    ax.set_xlabel(text("chart.sources.axis", lang, year=year, unit=unit))
    ax.xaxis.grid(True)
    ax.set_axisbelow(True)
    return fig
