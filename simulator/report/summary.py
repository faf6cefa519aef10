"""summary.md and the console summary, in the report language (sv / en)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from simulator.core import coalitions
from simulator.engine import diagnostics, transition
from simulator.engine.catalogue import mechanism_label, service_title
from simulator.engine.evaluation import RunResult, saving_sources
from simulator.report import tables
from simulator.report.charts.sources import ARTIFACTS, sources_frame
from simulator.report.formatting import money, number, percent
from simulator.report.labels import method_label
from simulator.report.texts import text
from simulator.scenario.assumptions import assumptions_table
from simulator.scenario.timeline import Month

__all__ = ["service_overview", "markdown", "console"]


def service_overview(result: RunResult, year_index: int = -1) -> pd.DataFrame:
    """Per service (and total): cost today (the members alone; an arrangement already in place at
    its shared cost) and shared, saving, FTE; SEK."""
    rows = []
    for name, s in result.services.items():
        running, fte = s.running[year_index], s.fte_employed[year_index]
        rows.append(
            {
                "service": name,
                "alone_sek": s.today(running[None])[0].sum(),
                "shared_sek": running[-1],
                "fte_alone": fte[-1] if s.existing else s.today(fte[None])[0].sum(),
                "fte_shared": fte[-1],
            }
        )
    frame = pd.DataFrame(rows)
    total = frame.drop(columns="service").sum().to_dict() | {"service": "total"}
    frame = pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
    frame["saving_sek"] = frame["alone_sek"] - frame["shared_sek"]
    return frame


_OVERVIEW = ("service", "alone_sek", "shared_sek", "saving_sek", "fte_alone", "fte_shared")
"""The columns of :func:`service_overview` in summary.md, in order."""


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _overview_md(result: RunResult, lang: str) -> list[str]:
    head = [text(f"column.{c}", lang) for c in _OVERVIEW]
    lines = [_row(head), "|---|---:|---:|---:|---:|---:|"]
    for row in service_overview(result).itertuples():
        lines.append(
            f"| {service_title(row.service, lang)} | {money(row.alone_sek, lang)} | "
            f"{money(row.shared_sek, lang)} | {money(row.saving_sek, lang)} | "
            f"{number(row.fte_alone, 1, lang)} | {number(row.fte_shared, 1, lang)} |"
        )
    return lines


def _shown(value: object, lang: str) -> str:
    """A parameter value or range end in the report language (settings as written)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or pd.isna(value):
        return (
            ""
            if value is None or (isinstance(value, float) and pd.isna(value))
            else str(value).replace("|", "/")
        )
    return (
        number(value, 0, lang)
        if float(value).is_integer()
        else number(value, 4, lang).rstrip("0").rstrip(",.")
    )


_ASSUMPTIONS = (
    "header.block",
    "header.name",
    "header.value",
    "header.unit",
    "summary.range",
    "summary.flag",
    "header.source",
)
"""The heads of the assumptions table in summary.md, in order."""


def _assumptions_md(result: RunResult, lang: str) -> list[str]:
    lines = [_row(text(key, lang) for key in _ASSUMPTIONS), "|---|---|---:|---|---|---|---|"]
    for row in assumptions_table(result.scenario).itertuples():
        has_range = row.low is not None and not pd.isna(row.low)
        span = f"{_shown(row.low, lang)} – {_shown(row.high, lang)}" if has_range else ""
        if not row.within_declared_range:
            span += f" ({text('summary.outside', lang)})"
        flag = _yes_no(row.assumption, lang)
        source = str(row.source).replace("|", "/")
        cells = [row.block, row.name, _shown(row.value, lang), row.unit, span, flag, source]
        lines.append(_row(map(str, cells)))
    return lines


def _yes_no(value: bool, lang: str) -> str:
    return text("word.yes" if value else "word.no", lang)


def _headline(result: RunResult, lang: str) -> list[str]:
    table = tables.projection_table(result)
    years = result.context.years
    rate = percent(result.scenario.economics["discount_rate"].value, lang)
    payback = tables.payback(result)
    shown = str(payback) if payback is not None else text("summary.never", lang, last=years[-1])
    start = _first_start(result)
    if start is not None and not start > Month(result.scenario.base_year):
        start = None  # shared from the base year: nothing to say about a start
    if start is not None and payback is not None:
        shown += " " + text("summary.after_start", lang, years=payback - start.year, start=start)
    npv = text("summary.npv", lang, first=years[0], last=years[-1], rate=rate)
    lines = [
        f"- {npv}: **{money(table['discounted_saving_sek'].sum(), lang)}**",
        f"- {text('summary.one_off', lang)}: {money(table['one_off_sek'].sum(), lang)}",
        f"- {text('column.payback', lang)}: **{shown}**",
    ]
    if start is not None:
        lines.append(f"- {text('summary.first_start', lang, start=start)}")
    return lines


def _first_start(result: RunResult) -> Month | None:
    """The earliest start of shared operation among the services with a timeline (None: none)."""
    starts = [
        s.timeline.start
        for name, s in result.services.items()
        if s.timeline is not None and name != "governance"
    ]
    return min(starts) if starts else None


def _timeline_md(result: RunResult, lang: str) -> list[str]:
    """Per service: when shared operation starts, where it is hosted, and the jobs per
    municipality today and shared in the last year."""
    sc = result.scenario
    places = transition.jobs_by_municipality(result)
    lines = []
    for name, s in result.services.items():
        if name == "governance" or name not in sc.services or s.existing:
            continue
        setup = sc.services[name]
        if s.timeline is not None:
            when = text(
                "summary.timeline.start",
                lang,
                start=s.timeline.start,
                preparation=s.timeline.preparation_months,
                double=number(s.timeline.double_running_months, 0, lang),
            )
        else:
            when = text("summary.timeline.base", lang, year=sc.base_year)
        host = setup.host.describe() if setup.host.given else text("summary.timeline.largest", lang)
        rows = places[places["service"] == name]
        moved = ", ".join(
            f"{row.municipality} {number(row.today_fte, 1, lang)} → "
            f"{number(row.shared_fte, 1, lang)}"
            for row in rows.itertuples()
        )
        jobs = text("summary.timeline.jobs", lang, year=sc.horizon, moves=moved) if moved else ""
        lines.append(
            f"- **{service_title(name, lang)}**: {when}; "
            f"{text('summary.timeline.host', lang, host=host)}. {jobs}".rstrip()
        )
    return lines


def _sources_md(result: RunResult, lang: str) -> list[str]:
    """The whole group's net saving in the last year by mechanism, and how much of it comes from
    rounding and minimum staffing (staffing policy, not the work)."""
    table = saving_sources(result)
    if table.empty:
        return []
    frame = sources_frame(table)
    total = float(frame["saving_sek"].sum())
    policy = float(frame.loc[frame["mechanism"].isin(ARTIFACTS), "saving_sek"].sum())
    lines = [
        _row([text("summary.sources.mechanism", lang), text("column.saving_sek", lang)]),
        "|---|---:|",
    ]
    for row in frame.itertuples():
        lines.append(_row([mechanism_label(row.mechanism, lang), money(row.saving_sek, lang)]))
    lines.append(_row([f"**{text('chart.sources.total', lang)}**", f"**{money(total, lang)}**"]))
    note = text(
        "summary.sources.note",
        lang,
        policy=money(policy, lang),
        share=percent(policy / total, lang) if total > 0 else "–",
    )
    return [note, "", *lines]


def _quality_md(result: RunResult, lang: str) -> list[str]:
    """For a queueing service whose members answer at their own level today: who gets a better
    service level shared, and whether sharing then saves or costs (last year)."""
    lines = []
    singles = coalitions.singletons(len(result.scenario.municipalities)) - 1
    for name, s in result.services.items():
        level = s.workload.get("target_service_level")
        within = s.workload.get("answer_within_target")
        if level is None or within is None:
            continue
        shared_level, shared_within = level.values[-1, -1], within.values[-1, -1]
        better = [
            f"{m} {percent(level.values[-1, singles[i]], lang, 0)} "
            + text("summary.quality.within", lang, seconds=number(within.values[-1, singles[i]]))
            for i, m in enumerate(result.scenario.municipalities)
            if level.values[-1, singles[i]] < shared_level - 1e-9
            or within.values[-1, singles[i]] > shared_within + 1e-9
        ]
        if not better:
            continue
        saving = float(s.running[-1, singles].sum() - s.running[-1, -1])
        key = "summary.quality.saves" if saving > 0 else "summary.quality.costs"
        lines.append(
            "- "
            + text(
                key,
                lang,
                service=service_title(name, lang),
                today=", ".join(better),
                shared=f"{percent(shared_level, lang, 0)} "
                + text("summary.quality.within", lang, seconds=number(shared_within)),
                amount=money(abs(saving), lang),
                year=result.scenario.horizon,
            )
        )
    return lines


def _violations_md(result: RunResult, lang: str) -> list[str]:
    """Pairs of groups that cost more together than apart (by more than 1 % of the pair's cost),
    per service, with the mechanism that makes it: a reason the model names, not a hidden
    artifact."""
    found = diagnostics.violations(result)
    if found.empty:
        return [text("summary.violations.none", lang)]
    lines = [text("summary.violations.note", lang), ""]
    for service, rows in found.groupby("service", sort=False):
        counts = rows["reason"].value_counts()
        reasons = ", ".join(
            f"{mechanism_label(str(m), lang).lower()} ({int(k)})" for m, k in counts.items()
        )
        lines.append(
            "- "
            + text(
                "summary.violations.service",
                lang,
                service=service_title(str(service), lang),
                count=len(rows),
                first=int(rows["year"].min()),
                last=int(rows["year"].max()),
                worst=percent(float(rows["share"].max()), lang),
                reasons=reasons,
            )
        )
    return lines


def _exit_md(result: RunResult, lang: str) -> list[str]:
    """What leaving the whole group costs each member after 1, 2 and 3 years (all services)."""
    costs = transition.exit_costs(result)
    if costs.empty:
        return []
    econ = result.scenario.economics
    totals = costs.groupby(["municipality", "after_years"], sort=False)[
        ["unwritten_sek", "notice_sek", "cost_sek"]
    ].sum()
    head = [
        text("column.municipality", lang),
        text("summary.exit.years", lang),
        text("summary.exit.unwritten", lang),
        text("summary.exit.notice", lang),
        text("summary.exit.total", lang),
    ]
    lines = [
        text(
            "summary.exit.note",
            lang,
            notice=number(econ["notice_months"].value, 0, lang),
            write_off=number(econ["write_off_years"].value, 0, lang),
        ),
        "",
        _row(head),
        "|---|---:|---:|---:|---:|",
    ]
    for municipality in result.scenario.municipalities:
        for k in transition.EXIT_YEARS:
            row = totals.loc[(municipality, k)]
            amounts = [money(row[c], lang) for c in ("unwritten_sek", "notice_sek", "cost_sek")]
            lines.append(_row([municipality, str(k), *amounts]))
    return lines


_SHOWN_METHODS = (
    "agreed",
    "proposed_key",
    "equal",
    "proportional:population",
    "standalone",
    "shapley",
    "nucleolus",
)


def _per_member_md(result: RunResult, allocations: pd.DataFrame, lang: str) -> list[str]:
    rows = allocations[(allocations["year"] == "npv") & (allocations["service"] == "total")]
    methods = [m for m in _SHOWN_METHODS if m in set(rows["method"])]
    members = result.scenario.municipalities
    head = [text("column.method", lang), *members, text("summary.in_core", lang)]
    lines = [_row(head), "|---|" + "---:|" * len(members) + "---|"]
    for method in methods:
        part = rows[rows["method"] == method].set_index("municipality")
        cost = [money(part.at[m, "cost_sek"], lang) for m in members]
        saving = [percent(part.at[m, "saving_pct"] / 100, lang) for m in members]
        cells = [f"{c} ({s})" for c, s in zip(cost, saving)]
        ok = _yes_no(part["in_core"].all(), lang)
        lines.append(_row([method_label(method, lang), *cells, ok]))
    return lines


def _price_md(price: pd.DataFrame, lang: str, method: str) -> list[str]:
    head = [
        text(f"column.{c}", lang) for c in ("municipality", "alone_sek", "without_sek", "with_sek")
    ]
    lines = [
        f"## {text('summary.price', lang, method=method_label(method, lang))}",
        "",
        text("summary.price_note", lang),
        "",
        _row(head),
        "|---|---:|---:|---:|",
    ]
    for row in price.itertuples():
        amounts = [money(v, lang) for v in (row.standalone_sek, row.without_sek, row.with_sek)]
        lines.append(_row([str(row.municipality), *amounts]))
    return lines


def markdown(
    result: RunResult,
    allocations: pd.DataFrame | None = None,
    price: pd.DataFrame | None = None,
    keys_section: str | None = None,
    structures_section: str | None = None,
) -> str:
    """The whole summary.md text: headline, per-member allocations, keys, price effect,
    assumptions."""
    lang = result.scenario.language
    sc = result.scenario
    lines = [
        f"# {sc.title}",
        "",
        f"- {text('summary.members', lang)}: {', '.join(sc.municipalities)}",
        f"- {text('summary.period', lang)}: {sc.base_year}–{sc.horizon}",
        f"- {text('summary.prices', lang, year=sc.price_year, base=sc.base_year)}",
        *_headline(result, lang),
        "",
    ]
    if allocations is not None:
        lines += [
            f"## {text('summary.per_member', lang, first=sc.base_year, last=sc.horizon)}",
            "",
            *_per_member_md(result, allocations, lang),
            "",
        ]
    if keys_section:
        lines += [keys_section, ""]
    if structures_section:
        lines += [structures_section, ""]
    year = text("summary.year", lang, year=sc.horizon)
    lines += [f"## {year}", "", *_overview_md(result, lang), ""]
    quality = _quality_md(result, lang)
    if quality:
        lines += [f"## {text('summary.quality', lang)}", "", *quality, ""]
    sources = _sources_md(result, lang)
    if sources:
        title = text("summary.sources", lang, year=sc.horizon)
        lines += [f"## {title}", "", *sources, ""]
    lines += [f"## {text('summary.violations', lang)}", "", *_violations_md(result, lang), ""]
    lines += [f"## {text('summary.timeline', lang)}", "", *_timeline_md(result, lang), ""]
    leaving = _exit_md(result, lang)
    if leaving:
        lines += [f"## {text('summary.exit', lang)}", "", *leaving, ""]
    if price is not None:
        lines += [*_price_md(price, lang, "shapley"), ""]
    lines += [f"## {text('summary.assumptions', lang)}", "", *_assumptions_md(result, lang), ""]
    return "\n".join(lines)


def console(result: RunResult) -> str:
    """A short fixed-width table for the terminal."""
    lang = result.scenario.language
    overview = service_overview(result)
    titles = [service_title(name, lang) for name in overview["service"]]
    service = text("column.service", lang)
    width = max(len(service), *map(len, titles)) + 2
    amounts = "".join(f"{text(f'column.{c}', lang):>14}" for c in _OVERVIEW[1:4])
    head = f"{service:<{width}}{amounts}"
    lines = [
        f"{result.scenario.title}",
        text("summary.year", lang, year=result.scenario.horizon),
        head,
        "-" * len(head),
    ]
    for title, row in zip(titles, overview.itertuples()):
        lines.append(
            f"{title:<{width}}{money(row.alone_sek, lang):>14}"
            f"{money(row.shared_sek, lang):>14}{money(row.saving_sek, lang):>14}"
        )
    lines += [line.replace("**", "").removeprefix("- ") for line in _headline(result, lang)]
    return "\n".join(lines)
