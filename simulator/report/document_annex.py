"""The risks section and the appendices of the decision document: how sure we are, what leaving
costs, the charts, every assumption with its source, the method in one page."""

from __future__ import annotations

import re

import pandas as pd

from simulator.engine.catalogue import service_title
from simulator.report import decision
from simulator.report import uncertainty as words
from simulator.report.charts.base import amount
from simulator.report.document_parts import Part
from simulator.report.document_sections import Inputs
from simulator.report.document_texts import document_text as dt
from simulator.report.formatting import number, percent, tkr
from simulator.report.keywording import key_words
from simulator.report.texts import text
from simulator.scenario.assumptions import assumptions_table

__all__ = ["risks", "appendices", "parameter_label", "shown_value"]

_SHOWN_DRIVERS = 5
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")
_NUMBER_LIST = re.compile(r"^-?\d+(\.\d+)?(, -?\d+(\.\d+)?)*$")


def parameter_label(path: str, lang: str) -> str:
    """``services.payroll.manual_share`` → ``Löneadministration: manual_share``;
    ``economics.wage_growth`` → ``Ekonomi: wage_growth``."""
    parts = path.split(".")
    if parts[0] == "services" and len(parts) >= 3:
        return f"{service_title(parts[1], lang)}: {'.'.join(parts[2:])}"
    if parts[0] in ("economics", "sharing") and len(parts) >= 2:
        return f"{dt(f'doc.block.{parts[0]}', lang)}: {'.'.join(parts[1:])}"
    return path


def _units(inputs: Inputs) -> dict[str, str]:
    """Parameter path (as the tornado names it) → its unit."""
    found = {}
    for block, p in inputs.results.scenario.parameters():
        path = (
            f"{block}.{p.name}"
            if block in ("economics", "sharing")
            else (f"services.{block}.{p.name}")
        )
        found[path] = p.unit
    return found


def _range(low: float, high: float, unit: str, lang: str) -> str:
    decimals = 0 if float(low).is_integer() and float(high).is_integer() else 3
    shown = [number(v, decimals, lang) for v in (low, high)]
    if decimals:
        shown = [s.rstrip("0").rstrip(",.") for s in shown]
    unit = "" if unit in ("1", "") else f" {unit}"
    return f"{shown[0]}–{shown[1]}{unit}"


def risks(part: Part, inputs: Inputs) -> None:
    """Risker och känslighet: ranges and probabilities, the tornado, what leaving costs."""
    results, lang = inputs.results, inputs.lang
    study = inputs.study
    if study is None:
        part.paragraph(dt("doc.risks.none", lang))
    else:
        part.heading(dt("doc.heading.uncertainty", lang))
        part.paragraph(
            text("uncertainty.method", lang, draws=number(study.draws, 0, lang), seed=study.seed)
        )
        said = words.sentences(study.tables, inputs.span, {}, lang)
        total_key = key_words(results.keys, "total", lang)
        members = [s for s in said[2:] if not s.startswith("- ")][:-1]
        part.paragraph(" ".join([said[0], said[1], *members]))
        part.paragraph(dt("doc.risks.total_key", lang, key=total_key), style="Source Note")
        _tornado(part, inputs)
    part.heading(dt("doc.heading.leaving", lang))
    econ = results.scenario.economics
    part.paragraph(
        text(
            "summary.exit.note",
            lang,
            notice=number(econ["notice_months"].value, 0, lang),
            write_off=number(econ["write_off_years"].value, 0, lang),
        )
    )
    _leaving_table(part, inputs)


def _tornado(part: Part, inputs: Inputs) -> None:
    lang = inputs.lang
    assert inputs.study is not None
    tornado = inputs.study.tables["tornado"].head(_SHOWN_DRIVERS)
    units = _units(inputs)
    figure = inputs.figure_numbers("uncertainty_tornado")
    part.paragraph(dt("doc.risks.tornado", lang, figure=figure))
    head = [
        dt("doc.col.assumption", lang),
        dt("doc.col.range", lang),
        dt("doc.col.npv_low", lang),
        dt("doc.col.npv_high", lang),
    ]
    rows = [
        [
            parameter_label(row.parameter, lang),
            _range(row.low, row.high, units.get(row.parameter, ""), lang),
            amount(row.npv_low_sek, lang),
            amount(row.npv_high_sek, lang),
        ]
        for row in tornado.itertuples()
    ]
    first, last = inputs.span
    part.table(
        dt("doc.table.tornado", lang, first=first, last=last),
        head,
        rows,
        [6.6, 4.4, 3.0, 3.0],
        right=[False, False, True, True],
    )


def _leaving_table(part: Part, inputs: Inputs) -> None:
    lang = inputs.lang
    frame = decision.exit_table(inputs.results)
    if frame.empty:
        return
    head = [
        text("column.municipality", lang),
        text("summary.exit.years", lang),
        text("summary.exit.unwritten", lang),
        text("summary.exit.notice", lang),
        text("summary.exit.total", lang),
    ]
    members = list(inputs.results.scenario.municipalities)
    frame = frame.assign(order=frame["municipality"].map(members.index)).sort_values(
        ["order", "after_years"], kind="stable"
    )
    rows = [
        [
            row.municipality,
            str(int(row.after_years)),
            tkr(row.unwritten_sek, lang),
            tkr(row.notice_sek, lang),
            tkr(row.cost_sek, lang),
        ]
        for row in frame.itertuples()
    ]
    part.table(
        dt("doc.table.leaving", lang),
        head,
        rows,
        [3.4, 2.6, 3.8, 3.8, 3.4],
        right=[False, True, True, True, True],
    )


def appendices(part: Part, inputs: Inputs) -> None:
    """Bilagor: the charts with captions, every assumption with its source, the method."""
    lang = inputs.lang
    part.heading(dt("doc.heading.charts", lang))
    for figure in sorted(inputs.figures.values(), key=lambda f: f.number):
        part.figure(figure.path, figure.caption)
    part.heading(dt("doc.heading.assumptions", lang), new_page=True)
    part.paragraph(dt("doc.assumptions.intro", lang))
    _assumptions(part, inputs)
    part.heading(dt("doc.heading.method", lang), new_page=True)
    _method(part, inputs)


def shown_value(value: object, lang: str) -> str:
    """A parameter value or setting in the report language: numbers (and lists of numbers) in
    its number format, other settings as written."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else dt("doc.key.holds" if value else "doc.none", lang)
    if isinstance(value, int | float):
        if pd.isna(value):
            return ""
        if float(value).is_integer():
            return number(float(value), 0, lang)
        return number(float(value), 4, lang).rstrip("0").rstrip(",.")
    shown = str(value)
    if _NUMBER_LIST.match(shown):
        items = [shown_value(float(v), lang) for v in shown.split(", ")]
        return dt("doc.list_separator", lang).join(items)
    decimal_mark = number(0.5, 1, lang)[1]  # the report's own: "," in Swedish, "." in English
    return _DECIMAL_POINT.sub(decimal_mark, shown)


def _block_title(block: str, lang: str) -> str:
    if block in ("economics", "sharing"):
        return dt(f"doc.block.{block}", lang)
    return service_title(block, lang)


def _assumptions(part: Part, inputs: Inputs) -> None:
    lang = inputs.lang
    table = assumptions_table(inputs.results.scenario)
    head = [
        text("header.name", lang),
        text("header.value", lang),
        text("header.unit", lang),
        text("summary.range", lang),
        text("header.source", lang),
    ]
    rows: list[list[str]] = []
    groups = []
    previous = None
    for block, part_rows in table.groupby("block", sort=False):
        groups.append(len(rows))
        rows.append([_block_title(str(block), lang)])
        previous = None
        for row in part_rows.itertuples():
            has_range = row.low is not None and not pd.isna(row.low)
            span = (
                f"{shown_value(row.low, lang)} – {shown_value(row.high, lang)}" if has_range else ""
            )
            source = str(row.source)
            shown = dt("doc.assumptions.same", lang) if source == previous else source
            previous = source
            rows.append([str(row.name), shown_value(row.value, lang), str(row.unit), span, shown])
    part.table(
        dt("doc.table.assumptions", lang),
        head,
        rows,
        [4.0, 2.2, 2.0, 2.2, 6.6],
        right=[False, True, False, False, False],
        groups=groups,
    )


def _method(part: Part, inputs: Inputs) -> None:
    sc = inputs.results.scenario
    lang = inputs.lang
    econ = sc.economics
    n = len(sc.municipalities)
    first, last = inputs.span
    body = dt(
        "doc.method",
        lang,
        groups=number(2**n - 1, 0, lang),
        first=first,
        last=last,
        step=number(econ["staffing_step"].value, 2, lang),
        attrition=percent(econ["attrition_rate"].value, lang, 0),
        key_step=weight_text_step(sc.keys.step, lang),
        rate=percent(econ["discount_rate"].value, lang),
    )
    for paragraph in body.split("\n"):
        part.paragraph(paragraph)


def weight_text_step(step: float, lang: str) -> str:
    """The key optimiser's step as a percent (``5 %``)."""
    return percent(step, lang, 0)
