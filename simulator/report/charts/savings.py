"""Savings of the whole group over the years: annual, cumulative, discounted, and the payback
year."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from simulator.engine.projection import payback_year
from simulator.report import style
from simulator.report.charts.base import amount, drawn, legend_below, money_axis, new_figure
from simulator.report.texts import text

__all__ = ["savings_over_years"]


def _title(payback: int | None, npv: float, first: int, last: int, lang: str) -> str:
    shown = amount(npv, lang)
    if payback is None:
        return text("chart.savings.no_payback", lang, npv=shown, first=first, last=last)
    return text("chart.savings.payback", lang, year=payback, npv=shown, first=first, last=last)


@drawn
def savings_over_years(projection: pd.DataFrame, *, lang: str = "sv", source: str = "") -> Figure:
    """Annual net saving (bars), cumulative net saving and cumulative present value (lines), payback
    marked.

    Parameters
    ----------
    projection : the tidy ``projection`` table (SEK; net of one-off transition costs)
    """
    table = projection.sort_values("year")
    years = table["year"].to_numpy(dtype=np.int64)
    net = table["net_saving_sek"].to_numpy()
    cumulative = table["cumulative_net_saving_sek"].to_numpy()
    discounted = np.cumsum(table["discounted_saving_sek"].to_numpy())
    payback = payback_year(years, net)
    fig = new_figure(
        _title(payback, discounted[-1], years[0], years[-1], lang),
        text("chart.savings.subtitle", lang),
        source,
        legend_rows=1,
    )
    ax = fig.add_subplot()
    ax.bar(
        years,
        net,
        width=0.6,
        color=style.OKABE_ITO["sky_blue"],
        label=text("chart.savings.annual", lang),
    )
    ax.plot(
        years,
        cumulative,
        color=style.OKABE_ITO["blue"],
        marker="o",
        ms=3.5,
        lw=1.8,
        label=text("chart.savings.cumulative", lang),
    )
    ax.plot(
        years,
        discounted,
        color=style.OKABE_ITO["orange"],
        marker="s",
        ms=3,
        lw=1.4,
        ls="--",
        label=text("chart.savings.discounted", lang),
    )
    ax.axhline(0, color=style.GREY, lw=0.8)
    if payback is not None:
        ax.axvline(payback, color=style.OKABE_ITO["black"], lw=0.8, ls=":")
        ax.annotate(
            text("chart.savings.year", lang, year=payback),
            (payback, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, -2),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=style.SMALL_PT,
        )
    _, unit = money_axis(ax.yaxis, np.concatenate([net, cumulative, discounted]), lang)
    ax.set_ylabel(unit)
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    ax.yaxis.grid(True)
    ax.set_axisbelow(True)
    handles, labels = ax.get_legend_handles_labels()
    legend_below(fig, handles, labels, ncols=3)
    return fig
