"""Queue pooling: service level (and abandonment) against the number of agents, alone and pooled.

The curves come from :func:`simulator.queueing.queue_metrics` at each coalition's peak traffic (the
``peak_traffic`` measure of the workload table, Erlangs); nothing else is modelled here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from simulator.queueing import queue_metrics
from simulator.report import style
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

__all__ = ["service_level_curves", "peak_traffic"]


def peak_traffic(
    workload: pd.DataFrame, service: str, year: int | None = None
) -> tuple[pd.Series, int | str]:
    """Peak offered traffic (Erlangs) of each member alone and of the grand coalition, in that order."""
    rows = workload[(workload["service"] == service) & (workload["measure"] == "peak_traffic")]
    if rows.empty:
        raise ValueError(f"the workload table has no peak_traffic for service {service!r}")
    rows, chosen = year_rows(rows, year)
    names = members(rows["coalition"].unique())
    traffic = rows.set_index("coalition")["value"]
    return traffic.reindex([*names, "+".join(names)]).astype(float), chosen


def _first_meeting(level: np.ndarray, agents: np.ndarray, target: float) -> np.ndarray:
    """Fewest agents on each curve (column) with a service level of at least ``target`` (0 if none)."""
    ok = level >= target
    return np.where(ok.any(axis=0), agents[ok.argmax(axis=0)], 0)


def _title(needed: np.ndarray, names: list[str], lang: str) -> str:
    alone, pooled = needed[:-1], int(needed[-1])
    parts = " + ".join(str(int(a)) for a in alone)
    total = int(alone.sum())
    if lang == "sv":
        return (
            f"Tillsammans räcker {pooled} agenter vid toppbelastning i stället för {parts}"
            if len(alone) <= 3
            else f"Tillsammans räcker {pooled} agenter vid toppbelastning i stället för {total}"
        )
    return (
        f"Pooled, {pooled} agents meet the target at peak instead of {parts}"
        if len(alone) <= 3
        else f"Pooled, {pooled} agents meet the target at peak instead of {total}"
    )


@drawn
def service_level_curves(
    workload: pd.DataFrame,
    *,
    aht_seconds: float,
    answer_within: float,
    target: float,
    patience_seconds: float | None = None,
    service: str = "switchboard",
    year: int | None = None,
    lang: str = "sv",
    source: str = "",
) -> Figure:
    """Service level against agents on duty at peak traffic, for each member alone and all together.

    Parameters
    ----------
    workload : the tidy ``workload`` table (needs the ``peak_traffic`` measure, Erlangs)
    aht_seconds : mean handling time, s
    answer_within : the service-level threshold, s
    target : the service-level target, a share (0.8 = 80 %)
    patience_seconds : mean caller patience, s; when given, Erlang A with an abandonment panel
    """
    traffic, chosen = peak_traffic(workload, service, year)
    names = list(traffic.index[:-1])
    agents = np.arange(1, int(np.ceil(traffic.max() + 6 * np.sqrt(traffic.max()) + 6)) + 1)
    metrics = queue_metrics(
        agents[:, None],
        traffic.to_numpy()[None, :],
        aht_seconds,
        answer_within,
        patience=patience_seconds,
    )
    needed = _first_meeting(metrics.service_level, agents, target)
    full = _first_meeting(metrics.service_level, agents, 0.995)
    shown = slice(0, max(int(full.max()), int(needed.max())) + 2)
    agents, level, lost = agents[shown], metrics.service_level[shown], metrics.abandonment[shown]
    subtitle = (
        f"{style.service_title(service, lang)} {chosen}: andel samtal som besvaras inom {number(answer_within)} s "
        f"vid toppbelastning, per antal agenter"
        if lang == "sv"
        else f"{style.service_title(service, lang)} {chosen}: share of calls answered within "
        f"{number(answer_within, lang='en')} s at peak load, by agents on duty"
    )
    fig = new_figure(
        _title(needed, names, lang), subtitle, source, legend_rows=-(-(len(names) + 2) // 3)
    )
    panels = fig.subplots(1, 2 if patience_seconds is not None else 1, squeeze=False)[0]
    labels = [f"{name} ({number(a, 1, lang)} erlang)" for name, a in zip(names, traffic)]
    labels.append(f"{style.text('pooled', lang)} ({number(traffic.iloc[-1], 1, lang)} erlang)")
    colours = [style.SERIES[i % len(style.SERIES)] for i in range(len(names))] + [
        style.OKABE_ITO["black"]
    ]
    _curves(panels[0], agents, level, colours, labels, needed)
    panels[0].axhline(
        target,
        color=style.GREY,
        lw=1.0,
        ls="--",
        label=style.text(
            "target", lang, share=pct(target, lang), within=number(answer_within, lang=lang)
        ),
    )
    panels[0].set_ylabel(style.text("service_level", lang))
    if patience_seconds is not None:
        _curves(panels[1], agents, lost, colours, labels, None)
        panels[1].set_ylabel(style.text("abandonment", lang))
    for ax in panels:
        percent_axis(ax.yaxis, lang)
        ax.set_ylim(0, 1.02)
        ax.set_xlim(0.5, agents[-1] + 0.5)
        ax.set_xlabel(style.text("agents", lang))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(NumberFormatter(1.0, lang))
        ax.grid(True)
        ax.set_axisbelow(True)
    handles, shown = panels[0].get_legend_handles_labels()
    legend_below(fig, handles, shown, ncols=min(len(shown), 3))
    return fig


def _curves(
    ax: object,
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
