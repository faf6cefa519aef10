"""Who pays what: each member's share of the joint cost and its saving under every allocation
method."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from simulator.report import style
from simulator.report.charts.base import (
    drawn,
    ink,
    legend_below,
    new_figure,
    pct,
    percent_axis,
    years_label,
)
from simulator.report.texts import text

__all__ = ["allocation_methods", "allocation_rows", "PROPOSED"]

PROPOSED = "proposed_key"
_NO_SAVING = 0.0005
"""A saving below 0.05 % of the cost alone (shown as 0 %) is no saving."""


def _default_year(rows: pd.DataFrame) -> str:
    years = rows["year"].astype(str)
    return "npv" if (years == "npv").any() else str(max(int(y) for y in years if y.isdigit()))


def allocation_rows(
    allocations: pd.DataFrame, service: str = "total", year: int | str | None = None
) -> tuple[pd.DataFrame, str]:
    """One service and year of the ``allocations`` table (default year: ``npv`` if present, else the
    last), methods in display order (the proposed key first), with ``share`` of the joint cost and
    ``saving`` as a share of the stand-alone cost; and the year chosen."""
    rows = allocations[allocations["service"] == service]
    chosen = _default_year(rows) if year is None else str(year)
    rows = rows[rows["year"].astype(str) == chosen].copy()
    order = list(dict.fromkeys(rows["method"]))
    if PROPOSED in order:
        order.remove(PROPOSED)
        order.insert(0, PROPOSED)
    rows["method"] = pd.Categorical(rows["method"], order, ordered=True)
    rows["share"] = rows["cost_sek"] / rows.groupby("method", observed=True)["cost_sek"].transform(
        "sum"
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        rows["saving"] = 1 - rows["cost_sek"] / rows["standalone_sek"]
    rows["in_core"] = rows["in_core"].astype(str).str.lower().isin(("true", "1", "1.0"))
    return rows.sort_values("method", kind="stable"), chosen


def _range_title(savings: pd.Series, lang: str) -> str:
    """The proposed key's savings in one line: a range, one figure when all round alike, and
    what each pays more when every member pays more than alone."""
    more = bool((savings < 0).all())
    low = pct(float((-savings if more else savings).min()), lang)
    high = pct(float((-savings if more else savings).max()), lang)
    if more:
        share = low if low == high else f"{low}–{high}"
        return text("chart.allocation.pays_more", lang, share=share)
    if low == high:
        return text("chart.allocation.same", lang, share=low)
    return text("chart.allocation.range", lang, low=low, high=high)


def _title(rows: pd.DataFrame, names: list[str], lang: str) -> str:
    core = rows.groupby("method", observed=True)["in_core"].all()
    if PROPOSED in core.index:
        proposed = rows[rows["method"] == PROPOSED].set_index("municipality")["saving"]
        if not (proposed.abs() >= _NO_SAVING).any():  # nobody saves: no range of savings
            return text("chart.allocation.no_saving", lang)
        if len(names) <= 3:
            each = ", ".join(f"{m} {pct(proposed[m], lang)}" for m in names)
            return text("chart.allocation.each", lang, each=each)
        return _range_title(proposed, lang)
    inside = int(core.sum())
    count = int(core.size)
    if inside == count:
        return text("chart.allocation.all_in_core", lang, count=count)
    return text("chart.allocation.some_in_core", lang, inside=inside, count=count)


@drawn
def allocation_methods(
    allocations: pd.DataFrame,
    *,
    service: str = "total",
    year: int | str | None = None,
    period: tuple[int, int] | None = None,
    lang: str = "sv",
    source: str = "",
) -> Figure:
    """Each member's share of the joint cost (left) and saving against going alone (right) per
    method.

    Parameters
    ----------
    allocations : the tidy ``allocations`` table (SEK)
    service : the service whose game was shared (``total``: all services)
    year : a calendar year or ``"npv"``; default ``npv`` when present, else the last year
    period : first and last year of the run, named with the present value (default: the table's
        years)
    """
    rows, chosen = allocation_rows(allocations, service, year)
    names = list(dict.fromkeys(rows["municipality"]))
    methods = list(
        rows["method"].cat.categories[rows["method"].cat.categories.isin(rows["method"])]
    )
    outside = [m for m in methods if not rows.loc[rows["method"] == m, "in_core"].all()]
    subtitle = text(
        "chart.allocation.subtitle",
        lang,
        service=style.service_title(service, lang),
        period=years_label(chosen, period or allocations["year"].unique(), lang),
    )
    fig = new_figure(
        _title(rows, names, lang),
        subtitle,
        source,
        note=text("chart.outside_core", lang) if outside else "",
        height_cm=min(6.0 + 0.62 * len(methods), 15.0),
        legend_rows=1,
    )
    left, right = fig.subplots(1, 2, sharey=True, width_ratios=(1.0, 1.0))
    shares = rows.pivot(index="method", columns="municipality", values="share").reindex(
        index=methods, columns=names
    )
    savings = rows.pivot(index="method", columns="municipality", values="saving").reindex(
        index=methods, columns=names
    )
    _share_bars(left, shares, names, lang)
    core = rows.groupby("method", observed=True)["in_core"].all()
    _saving_dots(right, savings, core, names, lang)
    labels = [style.method_label(m, lang) + (" *" if m in outside else "") for m in methods]
    left.set_yticks(np.arange(len(methods)), labels)
    for tick, method in zip(left.get_yticklabels(), methods):
        tick.set_fontweight("bold" if method == PROPOSED else "normal")
    left.invert_yaxis()
    handles: list[Artist] = [
        Patch(color=style.SERIES[i % len(style.SERIES)], label=m) for i, m in enumerate(names)
    ]
    handles.append(
        Line2D(
            [],
            [],
            color=style.OKABE_ITO["black"],
            lw=1.0,
            label=text("chart.allocation.reference", lang),
        )
    )
    legend_below(fig, handles, [str(h.get_label()) for h in handles], ncols=len(handles))
    return fig


def _share_bars(ax: Axes, shares: pd.DataFrame, names: list[str], lang: str) -> None:
    y = np.arange(len(shares))
    start = np.zeros(len(shares))
    for i, name in enumerate(names):
        colour = style.SERIES[i % len(style.SERIES)]
        width = shares[name].to_numpy()
        ax.barh(y, width, left=start, height=0.7, color=colour, edgecolor="white", linewidth=0.5)
        for row, (x0, w) in enumerate(zip(start, width)):
            _share_label(ax, row, x0, w, colour, lang)
        start += width
    ax.set_xlim(0, 1)
    percent_axis(ax.xaxis, lang)
    ax.set_title(text("chart.allocation.share_of_cost", lang), loc="left", fontweight="bold")


_BAR_PT = 160.0
"""Width of the share panel, points (about 5.8 cm of the 17 cm chart): what a label must fit in."""
_DIGIT_EM = 0.65  # a digit's width, ems of the font size (DejaVu Sans)


def _fits(label: str, share: float) -> bool:
    """Whether ``label`` fits inside a bar segment of ``share`` of the panel, with a margin."""
    return share * _BAR_PT >= len(label) * _DIGIT_EM * style.SMALL_PT + 4


def _share_label(ax: Axes, row: int, x0: float, w: float, colour: str, lang: str) -> None:
    """Every member's share is labelled: ``24 %`` in its segment, the number alone where only
    that fits (the axis says percent), and right of the bar where not even that fits."""
    if not np.isfinite(w) or w <= 0:
        return
    full = pct(w, lang)
    bare = full.replace("%", "").strip().strip("\u00a0")
    label = full if _fits(full, w) else bare if _fits(bare, w) else ""
    if label:
        ax.text(
            x0 + w / 2,
            row,
            label,
            ha="center",
            va="center",
            color=ink(colour),
            fontsize=style.SMALL_PT,
        )
        return
    ax.annotate(
        full,
        xy=(x0 + w / 2, row + 0.35),
        xytext=(x0 + w / 2, row + 0.5),
        ha="center",
        va="center",
        color=colour,
        fontsize=style.SMALL_PT * 0.8,
        fontweight="bold",
        annotation_clip=False,
    )


def _saving_range(savings: pd.DataFrame, core: pd.Series) -> tuple[float, float]:
    """Axis range: every saving of the methods in the core (all methods if none is), and 0, with a
    margin of half the span; methods far outside it are shown at the edge with their value."""
    values = savings.to_numpy()
    focus = (
        savings[core.reindex(savings.index).fillna(False).to_numpy(bool)].to_numpy()
        if core.any()
        else values
    )
    focus = focus[np.isfinite(focus)]
    every = values[np.isfinite(values)]
    low, high = min(focus.min(initial=0.0), 0.0), max(focus.max(initial=0.0), 0.0)
    margin = max((high - low) * 0.5, 0.05)
    return max(low - margin, every.min(initial=0.0) - 0.02), min(
        high + margin, every.max(initial=0.0) + 0.02
    )


def _saving_dots(
    ax: Axes, savings: pd.DataFrame, core: pd.Series, names: list[str], lang: str
) -> None:
    n = len(names)
    y = np.arange(len(savings))
    low, high = _saving_range(savings, core)
    for i, name in enumerate(names):
        colour = style.SERIES[i % len(style.SERIES)]
        offset = (i - (n - 1) / 2) * min(0.14, 0.6 / n)
        values = savings[name].to_numpy()
        inside = (values >= low) & (values <= high)
        ax.plot(
            values[inside],
            y[inside] + offset,
            ls="none",
            marker="o",
            ms=4.5,
            color=colour,
            markeredgecolor="white",
            markeredgewidth=0.4,
        )
        for row in np.flatnonzero(
            np.isfinite(values) & ~inside
        ):  # beyond the axis: an arrow and the value
            below = values[row] < low
            ax.plot(
                low if below else high,
                row + offset,
                marker="<" if below else ">",
                ms=5,
                color=colour,
                clip_on=False,
            )
            ax.text(
                low if below else high,
                row + offset,
                f" {pct(values[row], lang)} " if below else f"{pct(values[row], lang)} ",
                ha="left" if below else "right",
                va="center",
                fontsize=style.SMALL_PT,
                color=colour,
            )
    ax.axvline(0, color=style.OKABE_ITO["black"], lw=1.0)
    ax.set_xlim(low, high)
    percent_axis(ax.xaxis, lang)
    for k in range(len(savings) - 1):
        ax.axhline(k + 0.5, color=style.LIGHT, lw=0.5)
    ax.xaxis.grid(True)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", left=False)
    ax.set_title(text("chart.allocation.saving", lang), loc="left", fontweight="bold")
