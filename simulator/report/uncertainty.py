"""How sure we are, in words and pictures: the uncertainty study's sentences and charts.

Probabilities are said as "k of 100 futures", with k rounded *down* (a share of 0.996 is 99, not
100: the text never claims more certainty than the draws show); ranges as "in 9 cases out of 10"
(the 5 and 95 % quantiles), the convention of fan charts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from simulator.report import style
from simulator.report.charts.base import amount, drawn, legend_below, money_axis, new_figure
from simulator.report.formatting import number
from simulator.report.texts import text

__all__ = ["fan_chart", "in_100", "markdown", "probability_chart", "sentences", "tornado_chart"]

SHOWN_IN_TORNADO = 10


def in_100(probability: float) -> int:
    """A share as "k of 100", rounded down: ``in_100(0.996) == 99``, ``in_100(1.0) == 100``."""
    return math.floor(round(100 * probability, 9))


def _npv(summary: pd.DataFrame) -> pd.Series:
    return summary[summary["measure"] == "npv_net_saving"].iloc[0]


def _probability(probabilities: pd.DataFrame, statement: str, municipality: str = "") -> float:
    rows = probabilities[
        (probabilities["statement"] == statement) & (probabilities["municipality"] == municipality)
    ]
    return float(rows["probability"].iloc[0])


def _decimals(low: float, high: float) -> int:
    """Decimals that show a range's ends alike: none for whole numbers, else enough for the
    smaller end (three below 1, one below 100)."""
    if float(low).is_integer() and float(high).is_integer():
        return 0
    return 3 if min(abs(low), abs(high)) < 1 else 1


def sentences(
    tables: Mapping[str, pd.DataFrame], years: tuple[int, int], units: Mapping[str, str], lang: str
) -> list[str]:
    """The study in sentences: the range of the net saving, the chance the group and each member
    gain, the chance the key holds, and the five assumptions the result hangs on."""
    summary = tables["draws_summary"]
    probabilities = tables["probabilities"]
    npv = _npv(summary)
    first, last = years
    lines = [
        text(
            "uncertainty.range",
            lang,
            first=first,
            last=last,
            low=amount(npv["p05"], lang),
            high=amount(npv["p95"], lang),
            median=amount(npv["p50"], lang),
        ),
        text("uncertainty.positive", lang, k=in_100(_probability(probabilities, "npv_positive"))),
    ]
    members = probabilities[probabilities["statement"] == "member_saves_proposed_key"]
    lines += [
        text("uncertainty.member", lang, name=row.municipality, k=in_100(row.probability))
        for row in members.itertuples()
    ]
    lines.append(
        text(
            "uncertainty.core", lang, k=in_100(_probability(probabilities, "proposed_key_in_core"))
        )
    )
    lines.append(text("uncertainty.drivers", lang))
    for row in tables["tornado"].head(5).itertuples():
        decimals = _decimals(row.low, row.high)
        unit = units.get(row.parameter, "")
        lines.append(
            "- "
            + text(
                "uncertainty.driver",
                lang,
                parameter=row.parameter,
                low=number(row.low, decimals, lang),
                high=number(row.high, decimals, lang),
                unit="" if unit == "1" else unit,
                npv_low=amount(row.npv_low_sek, lang),
                npv_high=amount(row.npv_high_sek, lang),
            ).replace(" )", ")")
        )
    return lines


def markdown(
    tables: Mapping[str, pd.DataFrame],
    years: tuple[int, int],
    units: Mapping[str, str],
    draws: int,
    seed: int,
    lang: str,
) -> str:
    """A section for summary.md: heading, method, sentences."""
    lines = [
        f"## {text('uncertainty.heading', lang)}",
        "",
        text("uncertainty.method", lang, draws=number(draws, 0, lang), seed=seed),
        "",
    ]
    for line in sentences(tables, years, units, lang):
        lines += [line] if line.startswith("- ") else [line, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


@drawn
def fan_chart(summary: pd.DataFrame, *, draws: int, lang: str = "sv", source: str = "") -> Figure:
    """Annual net saving: median, the middle half and 9 cases out of 10 of the draws."""
    rows = summary[summary["measure"] == "net_saving"].sort_values("year")
    years = rows["year"].to_numpy(dtype=np.int64)
    last = rows.iloc[-1]
    fig = new_figure(
        text(
            "chart.fan.title",
            lang,
            year=int(last["year"]),
            low=amount(last["p05"], lang),
            high=amount(last["p95"], lang),
        ),
        text("chart.fan.subtitle", lang, draws=number(draws, 0, lang)),
        source,
        legend_rows=1,
    )
    ax = fig.add_subplot()
    blue = style.OKABE_ITO["blue"]
    ax.fill_between(
        years,
        rows["p05"],
        rows["p95"],
        color=blue,
        alpha=0.18,
        lw=0,
        label=text("chart.fan.outer", lang),
    )
    ax.fill_between(
        years,
        rows["p25"],
        rows["p75"],
        color=blue,
        alpha=0.38,
        lw=0,
        label=text("chart.fan.inner", lang),
    )
    ax.plot(
        years,
        rows["p50"],
        color=blue,
        lw=1.8,
        marker="o",
        ms=3,
        label=text("chart.fan.median", lang),
    )
    ax.axhline(0, color=style.GREY, lw=0.8)
    ax.set_xticks(years, [str(y) for y in years])
    _, unit = money_axis(ax.yaxis, np.r_[rows["p05"], rows["p95"]], lang)
    ax.set_ylabel(unit)
    handles, labels = ax.get_legend_handles_labels()
    legend_below(fig, handles, labels, ncols=3)
    return fig


@drawn
def tornado_chart(
    tornado: pd.DataFrame, *, years: tuple[int, int], lang: str = "sv", source: str = ""
) -> Figure:
    """The present value with one assumption at a time at its low and high end (largest swing
    on top), around the value with every assumption at its base."""
    rows = tornado.head(SHOWN_IN_TORNADO).iloc[::-1]
    base = float(tornado["npv_base_sek"].iloc[0])
    fig = new_figure(
        text("chart.tornado.title", lang, parameter=tornado["parameter"].iloc[0]),
        text("chart.tornado.subtitle", lang, first=years[0], last=years[1]),
        source,
        height_cm=11.0,
        legend_rows=1,
    )
    ax = fig.add_subplot()
    y = np.arange(len(rows))
    ax.barh(
        y,
        rows["npv_low_sek"] - base,
        left=base,
        color=style.OKABE_ITO["vermillion"],
        label=text("chart.tornado.low", lang),
    )
    ax.barh(
        y,
        rows["npv_high_sek"] - base,
        left=base,
        color=style.OKABE_ITO["blue"],
        label=text("chart.tornado.high", lang),
    )
    ax.axvline(base, color=style.OKABE_ITO["black"], lw=0.8, label=text("chart.tornado.base", lang))
    ax.set_yticks(y, rows["parameter"])
    _, unit = money_axis(ax.xaxis, np.r_[rows["npv_low_sek"], rows["npv_high_sek"], base], lang)
    ax.set_xlabel(unit)
    handles, labels = ax.get_legend_handles_labels()
    legend_below(fig, handles, labels, ncols=3)
    return fig


@drawn
def probability_chart(
    probabilities: pd.DataFrame, *, draws: int, lang: str = "sv", source: str = ""
) -> Figure:
    """Per member, the share of futures in which it saves, under the proposed key and Shapley."""
    key = probabilities[probabilities["statement"] == "member_saves_proposed_key"]
    shapley = probabilities[probabilities["statement"] == "member_saves_shapley"]
    least = in_100(float(key["probability"].min()))
    fig = new_figure(
        text("chart.probability.title", lang, k=least),
        text("chart.probability.subtitle", lang, draws=number(draws, 0, lang)),
        source,
        legend_rows=1,
    )
    ax = fig.add_subplot()
    y = np.arange(len(key))
    ax.barh(
        y + 0.2,
        key["probability"],
        height=0.38,
        color=style.OKABE_ITO["blue"],
        label=text("chart.probability.key", lang),
    )
    ax.barh(
        y - 0.2,
        shapley["probability"].to_numpy(),
        height=0.38,
        color=style.OKABE_ITO["orange"],
        label=text("chart.probability.shapley", lang),
    )
    for yy, share in zip(y, key["probability"], strict=True):
        ax.annotate(
            f"{in_100(share)} / 100",
            (share, yy + 0.2),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=style.SMALL_PT,
        )
    ax.set_yticks(y, key["municipality"])
    ax.invert_yaxis()  # the first member on top
    ax.set_xlim(0, 1.15)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0", "25", "50", "75", "100"])
    handles, labels = ax.get_legend_handles_labels()
    legend_below(fig, handles, labels, ncols=2)
    return fig
