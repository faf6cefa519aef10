"""Where the jobs are: staff working in each municipality today and when the whole group shares."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from simulator.report import style
from simulator.report.charts.base import drawn, legend_below, new_figure, whole_group
from simulator.report.formatting import number
from simulator.report.texts import text

__all__ = ["jobs_by_municipality", "jobs_frame"]


def jobs_frame(jobs: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Per municipality, in ``year`` (default the last): FTE working there today (each alone) and
    shared (the whole group), summed over the services. Columns municipality, today_fte,
    shared_fte, in the order the municipalities first appear."""
    year = int(jobs["year"].max()) if year is None else year
    rows = jobs[jobs["year"] == year]
    grand = whole_group(rows["coalition"])
    today = rows[rows["coalition"] == rows["municipality"]]
    shared = rows[rows["coalition"] == grand]
    order = list(dict.fromkeys(shared["municipality"]))
    return pd.DataFrame(
        {
            "municipality": order,
            "today_fte": today.groupby("municipality")["fte"].sum().reindex(order).to_numpy(),
            "shared_fte": shared.groupby("municipality")["fte"].sum().reindex(order).to_numpy(),
        }
    )


@drawn
def jobs_by_municipality(
    jobs: pd.DataFrame, *, lang: str = "sv", source: str = "", year: int | None = None
) -> Figure:
    """Grouped bars per municipality: FTE working there today and shared (all services).

    Parameters
    ----------
    jobs : the tidy ``jobs`` table (scenario, year, service, coalition, municipality, fte)
    year : the year shown (default the last)
    """
    year = int(jobs["year"].max()) if year is None else year
    frame = jobs_frame(jobs, year)
    change = frame["shared_fte"] - frame["today_fte"]
    gains = frame.loc[change.abs().idxmax()]
    title = text(
        "chart.jobs.title",
        lang,
        name=gains["municipality"],
        today=number(gains["today_fte"], 1, lang),
        shared=number(gains["shared_fte"], 1, lang),
        year=year,
    )
    fig = new_figure(title, text("chart.jobs.subtitle", lang), source, legend_rows=1)
    ax = fig.add_subplot()
    y = np.arange(len(frame))
    height = 0.38
    ax.barh(
        y - height / 2,
        frame["today_fte"],
        height=height,
        color=style.OKABE_ITO["sky_blue"],
        label=text("chart.jobs.today", lang),
    )
    ax.barh(
        y + height / 2,
        frame["shared_fte"],
        height=height,
        color=style.OKABE_ITO["blue"],
        label=text("chart.jobs.shared", lang),
    )
    for offset, column in ((-height / 2, "today_fte"), (height / 2, "shared_fte")):
        for row, value in zip(y, frame[column]):
            ax.annotate(
                number(value, 1, lang),
                (value, row + offset),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=style.SMALL_PT,
            )
    ax.set_yticks(y, frame["municipality"].tolist())
    ax.invert_yaxis()
    ax.set_xlabel(text("chart.jobs.axis", lang))
    ax.set_xlim(0, max(1.0, float(frame[["today_fte", "shared_fte"]].to_numpy().max())) * 1.15)
    ax.xaxis.grid(True)
    ax.set_axisbelow(True)
    handles, labels = ax.get_legend_handles_labels()
    legend_below(fig, handles, labels, ncols=2)
    return fig
