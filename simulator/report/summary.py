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
from simulator.report.labels import block_label, method_label, unit_label, value_text
from simulator.report.texts import text
from simulator.scenario.assumptions import assumptions_table
from simulator.scenario.timeline import Month

__all__ = ["service_overview", "markdown", "console", "SHOWN_METHODS"]


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


class _Unit:
    """One money unit for a column of a table: mnkr (one decimal) when its largest amount is 100
    million SEK or more, else tkr (``99 999 tkr`` at most); the unit is named in the column's
    head, not in its cells."""

    def __init__(self, amounts: Iterable[float], lang: str) -> None:
        largest = max((abs(float(a)) for a in amounts), default=0.0)
        self.millions = largest >= 1e8
        self.lang = lang
        self.name = text("unit.mnkr" if self.millions else "unit.tkr", lang)

    def head(self, label: str) -> str:
        return text("summary.unit_head", self.lang, label=label, unit=self.name)

    def __call__(self, sek: float) -> str:
        if self.millions:
            return number(sek / 1e6, 1, self.lang)
        return number(sek / 1e3, 0, self.lang)


def _overview_md(result: RunResult, lang: str) -> list[str]:
    frame = service_overview(result)
    units = {c: _Unit(frame[c], lang) for c in _OVERVIEW[1:4]}
    head = [text(f"column.{c}", lang) for c in _OVERVIEW]
    head[1:4] = [units[c].head(head[i + 1]) for i, c in enumerate(_OVERVIEW[1:4])]
    lines = [_row(head), "|---|---:|---:|---:|---:|---:|"]
    for row in frame.itertuples():
        amounts = [units[c](getattr(row, c)) for c in _OVERVIEW[1:4]]
        fte = [number(row.fte_alone, 1, lang), number(row.fte_shared, 1, lang)]
        lines.append(_row([service_title(row.service, lang), *amounts, *fte]))
    return lines


_ASSUMPTIONS = (
    "header.name",
    "header.value",
    "header.unit",
    "summary.range",
    "summary.flag",
    "header.source",
)
"""The heads of each block's assumptions table in summary.md, in order."""


def _cell(words: object) -> str:
    return str(words).replace("|", "/").replace("\n", " ")


def _assumptions_md(result: RunResult, lang: str) -> list[str]:
    """One table per block (economics, governance, each service) with the value, unit, range and
    whether it is an assumption; each source numbered once, its text under the block where it
    is first used."""
    table = assumptions_table(result.scenario)
    notes: dict[str, int] = {}
    lines: list[str] = []
    for block, rows in table.groupby("block", sort=False):
        lines += [f"### {block_label(str(block), lang)}", ""]
        lines += [_row(text(key, lang) for key in _ASSUMPTIONS), "|---|---:|---|---|---|---|"]
        new: list[str] = []
        for row in rows.itertuples():
            source = str(row.source)
            if source not in notes:
                notes[source] = len(notes) + 1
                new.append(source)
            has_range = row.low is not None and not pd.isna(row.low)
            span = f"{value_text(row.low, lang)}–{value_text(row.high, lang)}" if has_range else ""
            if not row.within_declared_range:
                span += f" ({text('summary.outside', lang)})"
            unit = unit_label(str(row.unit), lang) if row.unit else ""
            cells = [f"`{row.name}`", value_text(row.value, lang), unit, span]
            cells += [_yes_no(row.assumption, lang), f"[{notes[source]}]"]
            lines.append(_row(map(_cell, cells)))
        lines += [""]
        if new:
            lines += [f"{text('summary.sources_notes', lang)}:", ""]
            lines += [f"{notes[n]}. {_cell(n)}" for n in new] + [""]
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
    unit = _Unit([*frame["saving_sek"], total], lang)
    lines = [
        _row([text("summary.sources.mechanism", lang), unit.head(text("column.saving_sek", lang))]),
        "|---|---:|",
    ]
    for row in frame.itertuples():
        lines.append(_row([mechanism_label(row.mechanism, lang), unit(row.saving_sek)]))
    lines.append(_row([f"**{text('chart.sources.total', lang)}**", f"**{unit(total)}**"]))
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
    amounts = ("unwritten_sek", "notice_sek", "cost_sek")
    units = {c: _Unit(totals[c], lang) for c in amounts}
    head = [
        text("column.municipality", lang),
        text("summary.exit.years", lang),
        units["unwritten_sek"].head(text("summary.exit.unwritten", lang)),
        units["notice_sek"].head(text("summary.exit.notice", lang)),
        units["cost_sek"].head(text("summary.exit.total", lang)),
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
            cells = [units[c](row[c]) for c in amounts]
            lines.append(_row([municipality, str(k), *cells]))
    return lines


SHOWN_METHODS = (
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
    methods = [m for m in SHOWN_METHODS if m in set(rows["method"])]
    members = result.scenario.municipalities
    units = {m: _Unit(rows.loc[rows["municipality"] == m, "cost_sek"], lang) for m in members}
    head = [text("column.method", lang), *(units[m].head(m) for m in members)]
    head.append(text("summary.in_core", lang))
    lines = [_row(head), "|---|" + "---:|" * len(members) + "---|"]
    for method in methods:
        part = rows[rows["method"] == method].set_index("municipality")
        cost = [units[m](part.at[m, "cost_sek"]) for m in members]
        saving = [percent(part.at[m, "saving_pct"] / 100, lang) for m in members]
        cells = [f"{c} ({s})" for c, s in zip(cost, saving)]
        ok = _yes_no(part["in_core"].all(), lang)
        lines.append(_row([method_label(method, lang), *cells, ok]))
    return lines


def _price_md(price: pd.DataFrame, lang: str, method: str) -> list[str]:
    """Who pays for procurement with and without the price gain, and by how much the gain lowers
    each one's cost; a negative share is explained in words."""
    gain = price["without_sek"] - price["with_sek"]
    columns = {
        "standalone_sek": price["standalone_sek"],
        "without_sek": price["without_sek"],
        "with_sek": price["with_sek"],
        "gain_sek": gain,
    }
    labels = [text(f"column.{c}", lang) for c in ("alone_sek", "without_sek", "with_sek")]
    labels.append(text("summary.price_saving", lang))
    unit = _Unit([v for values in columns.values() for v in values], lang)
    head = [text("column.municipality", lang), *(unit.head(label) for label in labels)]
    lines = [
        f"## {text('summary.price', lang, method=method_label(method, lang))}",
        "",
        text("summary.price_note", lang),
        "",
    ]
    if (price["with_sek"] < 0).any():
        lines += [text("summary.price_sign", lang), ""]
    lines += [_row(head), "|---|---:|---:|---:|---:|"]
    for i, row in enumerate(price.itertuples()):
        amounts = [unit(values.iloc[i]) for values in columns.values()]
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
            text("summary.per_member.note", lang, unit=text("summary.unit_of_cell", lang)),
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
