"""Views for the notebooks: every scenario of a folder, pivots for display, savings side by side.

Nothing here models anything: each function reads the tidy tables of :func:`simulator.api.evaluate`
(money in SEK, percentages 0–100 as in ``allocations``) and reshapes, sums or formats them.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping

import pandas as pd

from simulator.engine.catalogue import service_title
from simulator.engine.evaluation import RunResult
from simulator.report import formatting, tables
from simulator.report.labels import method_label
from simulator.report.results import Results
from simulator.report.texts import group, text

__all__ = [
    "headlines",
    "member_savings",
    "alone_and_shared",
    "totals_by_year",
    "method_table",
    "who_pays",
    "coalition_savings",
    "pay_range",
    "service_titles",
    "formatted",
    "labelled",
]


def headlines(results: Mapping[str, Results]) -> pd.DataFrame:
    """Per scenario: title, members, years, net saving in present value, one-off costs and payback
    year.

    Columns: scenario, title, municipalities, years, npv_net_saving_sek, one_off_sek, payback.
    """
    rows = []
    for sid, r in results.items():
        projection = r.tables["projection"]
        rows.append(
            {
                "scenario": sid,
                "title": r.scenario.title,
                "municipalities": ", ".join(r.scenario.municipalities),
                "years": f"{r.scenario.base_year}–{r.scenario.horizon}",
                "npv_net_saving_sek": projection["discounted_saving_sek"].sum(),
                "one_off_sek": projection["one_off_sek"].sum(),
                "payback": tables.payback(r.run),
            }
        )
    return pd.DataFrame(rows).astype({"payback": "Int64"})


def member_savings(
    results: Mapping[str, Results],
    method: str = "shapley",
    service: str = "total",
    year: int | str = "npv",
) -> pd.DataFrame:
    """Each scenario's ``allocations`` rows of one method, service and year (default: present value
    of all services): scenario, municipality, standalone_sek, cost_sek, saving_sek, saving_pct,
    in_core."""
    frames = []
    for sid, r in results.items():
        rows = _rows(r.allocations, service, year)
        if method not in set(rows["method"]):
            raise ValueError(
                f"scenario {sid!r} has no {method!r} allocation of {service!r} in {year!r}; "
                f"it has {sorted(set(rows['method']))}"
            )
        frames.append(rows[rows["method"] == method])
    columns = [
        "scenario",
        "municipality",
        "standalone_sek",
        "cost_sek",
        "saving_sek",
        "saving_pct",
        "in_core",
    ]
    return pd.concat(frames, ignore_index=True)[columns]


def alone_and_shared(
    table: pd.DataFrame, value: str, year: int, index: Iterable[str] = ("service",)
) -> pd.DataFrame:
    """One year of a tidy table as a pivot: ``index`` rows, one column per municipality alone and
    one for all together (the grand coalition), in scenario order; other coalitions left out."""
    rows = table[table["year"].astype(str) == str(year)]
    if rows.empty:
        raise ValueError(f"no rows for year {year!r}")
    labels = list(dict.fromkeys(rows["coalition"]))
    grand = max(labels, key=lambda label: label.count("+"))
    keep = [label for label in labels if "+" not in label] + [grand]
    wide = rows.pivot_table(
        index=list(index), columns="coalition", values=value, aggfunc="sum", sort=False
    )
    return wide.reindex(columns=keep)


def totals_by_year(table: pd.DataFrame, value: str) -> pd.DataFrame:
    """``value`` summed over services (and components) per year: the members alone added up (column
    ``alone``) and all together (``shared``); index year."""
    rows = table[table["year"].astype(str).str.isdigit()]
    labels = list(dict.fromkeys(rows["coalition"]))
    grand = max(labels, key=lambda label: label.count("+"))
    side = rows["coalition"].map(
        lambda label: "shared" if label == grand else "alone" if "+" not in label else None
    )
    sums = (
        rows.assign(side=side)
        .dropna(subset=["side"])
        .pivot_table(index="year", columns="side", values=value, aggfunc="sum")
    )
    return sums.reindex(columns=["alone", "shared"]).rename_axis(columns=None)


def method_table(
    allocations: pd.DataFrame,
    value: str = "cost_sek",
    service: str = "total",
    year: int | str = "npv",
    methods: Iterable[str] | None = None,
) -> pd.DataFrame:
    """``value`` per method (rows, in table order or as given) and municipality (columns)."""
    rows = _rows(allocations, service, year)
    wide = rows.pivot_table(
        index="method", columns="municipality", values=value, aggfunc="first", sort=False
    )
    wide = wide.reindex(columns=list(dict.fromkeys(rows["municipality"])))
    return wide.reindex(index=list(methods)) if methods is not None else wide


def who_pays(
    allocations: pd.DataFrame,
    methods: Iterable[str] | None = None,
    service: str = "total",
    year: int | str = "npv",
    lang: str = "sv",
) -> pd.DataFrame:
    """Text table for reading: per method (rows) each municipality's cost and, in brackets, its
    saving against going alone; last column whether the method lies in the core (``ja`` / ``nej``).
    Methods without an allocation of this service and year are left out."""
    cost = method_table(allocations, "cost_sek", service, year, methods).dropna(how="all")
    saving = method_table(allocations, "saving_pct", service, year, cost.index)
    core = method_table(allocations, "in_core", service, year, cost.index).astype(bool).all(axis=1)
    cells = formatted(cost, "money", lang) + " (" + formatted(saving, "percent", lang) + ")"
    in_core = [text("word.yes" if ok else "word.no", lang) for ok in core]
    return cells.assign(in_core=in_core).rename_axis(columns=None)


def coalition_savings(
    game: pd.DataFrame, service: str = "total", year: int | str = "npv"
) -> pd.DataFrame:
    """What each group of two or more gains by sharing: Σ of its members alone − its cost together.

    Columns: coalition, size, alone_sek, cost_sek, saving_sek, saving_pct (of ``alone_sek``);
    largest relative saving first.
    """
    rows = _rows(game, service, year)
    cost = dict(zip(rows["coalition"], rows["cost_sek"]))
    groups = [label for label in cost if "+" in label]
    alone = [sum(cost[m] for m in label.split("+")) for label in groups]
    frame = pd.DataFrame(
        {
            "coalition": groups,
            "size": [g.count("+") + 1 for g in groups],
            "alone_sek": alone,
            "cost_sek": [cost[g] for g in groups],
        }
    )
    frame["saving_sek"] = frame["alone_sek"] - frame["cost_sek"]
    frame["saving_pct"] = 100.0 * frame["saving_sek"] / frame["alone_sek"]
    return frame.sort_values("saving_pct", ascending=False, kind="stable", ignore_index=True)


def pay_range(game: pd.DataFrame, service: str = "total", year: int | str = "npv") -> pd.DataFrame:
    """Per municipality the least and most it can pay in a core allocation: at least c(N) − c(N
    without i) (else the others would do better without it), at most c(i) (else it would do better
    alone). For two members this interval is exactly the core; for more it bounds it.

    Columns: municipality, lowest_sek, highest_sek, width_sek.
    """
    rows = _rows(game, service, year)
    cost = {frozenset(label.split("+")): c for label, c in zip(rows["coalition"], rows["cost_sek"])}
    grand = max(cost, key=len)
    members = [label for label in dict.fromkeys(rows["coalition"]) if "+" not in label]
    low = [cost[grand] - cost.get(grand - {m}, 0.0) for m in members]
    high = [cost[frozenset([m])] for m in members]
    frame = pd.DataFrame({"municipality": members, "lowest_sek": low, "highest_sek": high})
    frame["width_sek"] = frame["highest_sek"] - frame["lowest_sek"]
    return frame


def service_titles(run: RunResult, lang: str = "sv") -> dict[str, str]:
    """service name → display title in ``lang``, with ``total``."""
    return {name: service_title(name, lang) for name in [*run.services, "total"]}


def _rows(table: pd.DataFrame, service: str, year: int | str) -> pd.DataFrame:
    rows = table[(table["service"] == service) & (table["year"].astype(str) == str(year))]
    if rows.empty:
        raise ValueError(f"no rows for service {service!r} in year {year!r}")
    return rows


# --- display --------------------------------------------------------------------------------------

_FORMATS = {
    "money": formatting.money,
    "tkr": formatting.tkr,
    "mnkr": formatting.mnkr,
    "percent": lambda v, lang: formatting.percent(v / 100.0, lang),
    "year": lambda v, lang: str(int(v)),
}


def _format(value: object, spec: str | int, lang: str) -> object:
    if value is pd.NA or (isinstance(value, numbers.Real) and not math.isfinite(value)):
        return "–"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return value
    return (
        formatting.number(float(value), spec, lang)
        if isinstance(spec, int)
        else _FORMATS[spec](value, lang)
    )


def formatted(
    frame: pd.DataFrame, spec: str | int | Mapping[str, str | int], lang: str = "sv"
) -> pd.DataFrame:
    """A copy with numbers as text in the report language.

    ``spec`` is ``"money"`` (tkr below 10 million SEK, else mnkr), ``"tkr"``, ``"mnkr"``,
    ``"percent"`` (values 0–100), ``"year"`` (no separators) or a number of decimals; one spec for
    every numeric column, or a mapping column → spec (other columns left as they are). Missing
    values show as ``–``.
    """
    specs = (
        spec
        if isinstance(spec, Mapping)
        else {
            c: spec
            for c in frame.columns
            if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
        }
    )
    out = frame.copy()
    for column, how in specs.items():
        out[column] = [_format(v, how, lang) for v in frame[column]]
    return out


def labelled(
    frame: pd.DataFrame, lang: str = "sv", titles: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """A copy with readable headings: known column and index names in ``lang``, methods by their
    labels and services by ``titles`` (see :func:`service_titles`) wherever they appear as values or
    index."""
    names = titles or {}
    out = frame.copy()
    mappers = {"method": lambda m: method_label(m, lang), "service": lambda s: names.get(s, s)}
    for column, label in mappers.items():
        if column in out.columns:
            out[column] = out[column].map(label)
        if column in (out.index.names or []):
            out = out.rename(index=label, level=column if out.index.nlevels > 1 else None)
    headings = group("column", lang)
    out.index = out.index.set_names([headings.get(n, n) for n in out.index.names])
    return out.rename(columns=headings)
