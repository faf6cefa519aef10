"""Queue pooling: service level (and abandonment) against the number of agents, alone and pooled.

The curves are those the queueing service computed at each coalition's peak interval (the
``service_levels`` table, see :func:`simulator.engine.evaluation.service_level_table`); nothing
is modelled here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from simulator.report import style, texts
from simulator.report.charts.base import (
    NumberFormatter,
    drawn,
    legend_below,
    members,
    new_figure,
    pct,
    percent_axis,
    year_rows,
)
from simulator.report.formatting import number

__all__ = ["service_level_curves", "QueueCurves", "queue_curves"]


@dataclass(frozen=True)
class QueueCurves:
    """One service's curves in one year: each member alone, then all together (columns).

    ``agents`` (A,); ``service_level`` and ``abandonment`` (A, n + 1) shares; ``traffic``
    (n + 1,) peak offered traffic, Erlang; ``answer_within`` s, ``target`` a share and
    ``patience`` s (None for Erlang C): the settings the service computed the curves with.
    """

    names: list[str]
    year: int | str
    agents: np.ndarray
    service_level: np.ndarray
    abandonment: np.ndarray
    traffic: pd.Series
    answer_within: float
    target: float
    patience: float | None


def queue_curves(curves: pd.DataFrame, service: str, year: int | None = None) -> QueueCurves:
    """The curves of ``service`` in ``year`` (default: the last) from the ``service_levels``
    table."""
    rows = curves[curves["service"] == service]
    if rows.empty:
        raise ValueError(f"the service_levels table has no curves for service {service!r}")
    rows, chosen = year_rows(rows, year)
    names = list(members(rows["coalition"].unique()))
    order = [*names, "+".join(names)]
    first = rows.iloc[0]
    patience = float(first["patience_s"])
    return QueueCurves(
        names=names,
        year=chosen,
        agents=np.sort(rows["agents"].unique()).astype(np.int64),
        service_level=_pivot(rows, "service_level", order),
        abandonment=_pivot(rows, "abandonment", order),
        traffic=rows.groupby("coalition")["peak_traffic"].first().reindex(order),
        answer_within=float(first["answer_within_s"]),
        target=float(first["target"]),
        patience=None if math.isnan(patience) else patience,
    )


def _pivot(rows: pd.DataFrame, column: str, order: list[str]) -> np.ndarray:
    """(A, n + 1) ``column`` by agents (rows) and coalition in ``order`` (columns)."""
    return rows.pivot(index="agents", columns="coalition", values=column)[order].to_numpy()


def _first_meeting(level: np.ndarray, agents: np.ndarray, target: float) -> np.ndarray:
    """Fewest agents on each curve (column) with a service level of at least ``target`` (0 if
    none)."""
    ok = level >= target
    return np.where(ok.any(axis=0), agents[ok.argmax(axis=0)], 0)


def _title(needed: np.ndarray, names: list[str], lang: str) -> str:
    alone = needed[:-1]
    pooled = int(needed[-1])
    parts = " + ".join(str(int(a)) for a in alone)
    instead = parts if len(alone) <= 3 else str(int(alone.sum()))
    return texts.text("chart.queue_title", lang, pooled=pooled, instead=instead)


@drawn
def service_level_curves(
    curves: pd.DataFrame,
    *,
    service: str = "switchboard",
    year: int | None = None,
    lang: str = "sv",
    source: str = "",
) -> Figure:
    """Service level against agents on duty at peak traffic, for each member alone and all together.

    Parameters
    ----------
    curves : the tidy ``service_levels`` table (agents, service_level, abandonment, peak_traffic
        per year, service and coalition, with answer_within_s, target and patience_s); with a
        patience (Erlang A) a second panel shows abandonment
    service : the queueing service to draw
    year : the year to draw (default: the last)
    """
    q = queue_curves(curves, service, year)
    names = q.names
    needed = _first_meeting(q.service_level, q.agents, q.target)
    full = _first_meeting(q.service_level, q.agents, 0.995)
    shown = slice(0, max(int(full.max()), int(needed.max())) + 2)
    agents = q.agents[shown]
    level = q.service_level[shown]
    lost = q.abandonment[shown]
    title = style.service_title(service, lang)
    subtitle = texts.text(
        "chart.queue_subtitle",
        lang,
        title=title,
        year=q.year,
        within=number(q.answer_within, lang=lang),
    )
    fig = new_figure(
        _title(needed, names, lang), subtitle, source, legend_rows=-(-(len(names) + 2) // 3)
    )
    panels = fig.subplots(1, 2 if q.patience is not None else 1, squeeze=False)[0]
    labels = [f"{name} ({number(a, 1, lang)} erlang)" for name, a in zip(names, q.traffic)]
    labels.append(
        f"{texts.text('chart.pooled', lang)} ({number(q.traffic.iloc[-1], 1, lang)} erlang)"
    )
    colours = [style.SERIES[i % len(style.SERIES)] for i in range(len(names))] + [
        style.OKABE_ITO["black"]
    ]
    _curves(panels[0], agents, level, colours, labels, needed)
    panels[0].axhline(
        q.target,
        color=style.GREY,
        lw=1.0,
        ls="--",
        label=texts.text(
            "chart.target",
            lang,
            share=pct(q.target, lang),
            within=number(q.answer_within, lang=lang),
        ),
    )
    panels[0].set_ylabel(texts.text("chart.service_level", lang))
    if q.patience is not None:
        _curves(panels[1], agents, lost, colours, labels, None)
        panels[1].set_ylabel(texts.text("chart.abandonment", lang))
    for ax in panels:
        percent_axis(ax.yaxis, lang)
        ax.set_ylim(0, 1.02)
        ax.set_xlim(0.5, agents[-1] + 0.5)
        ax.set_xlabel(texts.text("chart.agents", lang))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(NumberFormatter(1.0, lang))
        ax.grid(True)
        ax.set_axisbelow(True)
    handles, entries = panels[0].get_legend_handles_labels()
    legend_below(fig, handles, entries, ncols=min(len(entries), 3))
    return fig


def _curves(
    ax: Axes,
    agents: np.ndarray,
    values: np.ndarray,
    colours: list[str],
    labels: list[str],
    needed: np.ndarray | None,
) -> None:
    for k, (colour, label) in enumerate(zip(colours, labels)):
        pooled = k == len(labels) - 1
        ax.plot(
            agents,
            values[:, k],
            color=colour,
            lw=2.0 if pooled else 1.3,
            marker="o",
            ms=2.5,
            label=label,
        )
        if needed is not None and needed[k] > 0:
            y = values[needed[k] - 1, k]
            ax.plot(needed[k], y, marker="o", ms=7, mfc="none", mec=colour, mew=1.4)
            if pooled or len(labels) <= 4:
                ax.annotate(
                    str(int(needed[k])),
                    (needed[k], y),
                    xytext=(5, -10),
                    textcoords="offset points",
                    fontsize=style.SMALL_PT,
                    color=colour,
                    fontweight="bold",
                )
