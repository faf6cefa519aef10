"""The first sheet of report.xlsx, "Sammanfattning", as blocks to lay out: the title, the scenario,
the headline figures, who pays what, the annual cost per service and the proposed keys in words.

Money is written as numbers in tkr (thousands of SEK; one unit a column, named in its header),
savings as shares shown in percent; the workbook lays the blocks out and adds its notes and the
charts (:mod:`simulator.report.workbook`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from simulator.engine.catalogue import service_title
from simulator.report import keywording, tables
from simulator.report.formatting import percent
from simulator.report.labels import method_label, yes_no
from simulator.report.results import Results
from simulator.report.summary import SHOWN_METHODS, service_overview
from simulator.report.texts import text

__all__ = ["Heading", "Paragraph", "Table", "Picture", "Block", "blocks", "TKR", "SHARE"]

TKR = "#,##0"
"""Thousands of SEK, no decimals."""
SHARE = "0.0%"
FTE = "0.0"


@dataclass(frozen=True)
class Heading:
    """A heading; level 0 is the title of the workbook."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """Text over the width of the sheet, wrapped."""

    text: str


@dataclass(frozen=True)
class Table:
    """A small table: header, rows of cells, a number format per column."""

    head: list[str]
    rows: list[list[object]]
    formats: list[str | None] = field(default_factory=list)


@dataclass(frozen=True)
class Picture:
    """A chart drawn as PNG."""

    path: Path


Block = Heading | Paragraph | Table | Picture


def _tkr(sek: float) -> float:
    return float(sek) / 1e3


def _unit(label: str, lang: str) -> str:
    return text("workbook.in_tkr", lang, label=label, unit=text("unit.tkr", lang))


def _facts(results: Results, lang: str) -> list[Block]:
    sc = results.scenario
    facts = [
        f"{text('workbook.scenario', lang)}: {sc.id}",
        f"{text('summary.members', lang)}: {', '.join(sc.municipalities)}",
        f"{text('summary.period', lang)}: {sc.base_year}–{sc.horizon}",
        text("summary.prices", lang, year=sc.price_year, base=sc.base_year),
    ]
    return [Heading(sc.title, 0), *map(Paragraph, facts)]


def _headline(results: Results, lang: str) -> list[Block]:
    sc = results.scenario
    projection = tables.projection_table(results.run)
    rate = percent(sc.economics["discount_rate"].value, lang)
    payback = tables.payback(results.run)
    npv = text("summary.npv", lang, first=sc.base_year, last=sc.horizon, rate=rate)
    rows: list[list[object]] = [
        [npv, _tkr(projection["discounted_saving_sek"].sum())],
        [text("summary.one_off", lang), _tkr(projection["one_off_sek"].sum())],
        [
            text("column.payback", lang),
            payback if payback is not None else text("summary.never", lang, last=sc.horizon),
        ],
    ]
    head = ["", _unit(text("workbook.amount", lang), lang)]
    return [Heading(text("workbook.headline", lang)), Table(head, rows, [None, TKR])]


def _who_pays(results: Results, lang: str) -> list[Block]:
    allocations = results.allocations
    rows = allocations[
        (allocations["year"].astype(str) == "npv") & (allocations["service"] == "total")
    ]
    methods = [m for m in SHOWN_METHODS if m in set(rows["method"])]
    if not methods:
        return []
    members = list(results.scenario.municipalities)
    method = text("column.method", lang)
    cost_rows: list[list[object]] = []
    saving_rows: list[list[object]] = []
    for m in methods:
        part = rows[rows["method"] == m].set_index("municipality")
        in_core = part["in_core"].astype(str).str.lower().isin(("true", "1", "1.0")).all()
        label = method_label(m, lang)
        cost_rows.append(
            [label, *(_tkr(part.at[x, "cost_sek"]) for x in members), yes_no(in_core, lang)]
        )
        saving_rows.append([label, *(part.at[x, "saving_pct"] / 100 for x in members)])
    sc = results.scenario
    cost_head = [method, *(_unit(x, lang) for x in members), text("summary.in_core", lang)]
    saving_head = [method, *(text("workbook.saving", lang, name=x) for x in members)]
    return [
        Heading(text("summary.per_member", lang, first=sc.base_year, last=sc.horizon)),
        Paragraph(text("workbook.per_member.note", lang, unit=text("unit.tkr", lang))),
        Table(cost_head, cost_rows, [None, *[TKR] * len(members), None]),
        Table(saving_head, saving_rows, [None, *[SHARE] * len(members)]),
    ]


def _overview(results: Results, lang: str) -> list[Block]:
    frame = service_overview(results.run)
    head = [
        text("column.service", lang),
        *(
            _unit(text(f"column.{c}", lang), lang)
            for c in ("alone_sek", "shared_sek", "saving_sek")
        ),
        text("column.fte_alone", lang),
        text("column.fte_shared", lang),
    ]
    rows: list[list[object]] = [
        [
            service_title(str(r.service), lang),
            _tkr(r.alone_sek),
            _tkr(r.shared_sek),
            _tkr(r.saving_sek),
            float(r.fte_alone),
            float(r.fte_shared),
        ]
        for r in frame.itertuples()
    ]
    title = text("summary.year", lang, year=results.scenario.horizon)
    return [Heading(title), Table(head, rows, [None, TKR, TKR, TKR, FTE, FTE])]


def _keys(results: Results, lang: str) -> list[Block]:
    sentences = keywording.key_sentences(results.keys, lang)
    if not sentences:
        return []
    out: list[Block] = [Heading(text("key.heading", lang))]
    out += [
        Paragraph(f"{results.keys.title(name, lang)}: {words}") for name, words in sentences.items()
    ]
    if not all(p.in_core for p in results.keys.proposals.values()):
        out.append(Paragraph(text("key.scaling", lang)))
    return out


def blocks(results: Results, lang: str) -> list[Block]:
    """The summary sheet's content, in order."""
    return [
        *_facts(results, lang),
        *_headline(results, lang),
        *_who_pays(results, lang),
        *_overview(results, lang),
        *_keys(results, lang),
    ]
