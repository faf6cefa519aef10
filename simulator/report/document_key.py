"""The key section of the decision document: the keys in words, the tables a treasurer applies,
a worked example, the alternatives considered and the core check in plain words."""

from __future__ import annotations

import numpy as np

from simulator.engine.catalogue import driver_label, service_title
from simulator.engine.keys import AGREED
from simulator.keys.families import GLIDE, HISTORIC, SCHEDULE
from simulator.keys.shares import EQUAL, STANDALONE
from simulator.report import decision
from simulator.report.document_parts import Part
from simulator.report.document_sections import (
    Inputs,
    driver_row_label,
    in_sentence,
    join,
    weight_cell,
)
from simulator.report.document_texts import document_text as dt
from simulator.report.formatting import money, number, percent, tkr
from simulator.report.keywording import (
    fixed_percentages,
    key_sentences,
    percentages_change,
    weight_text,
)
from simulator.report.labels import method_label
from simulator.report.texts import text

__all__ = ["key"]

_FIXED = (EQUAL, "population", "employees")
"""Drivers with a column of their own in the weights table; the service's volume shares one."""
_MEMBER_CM = 3.6
"""Widest column of one municipality (two members need no more)."""


def key(part: Part, inputs: Inputs) -> None:
    """Fördelningsnyckel: per service the key in words, how to apply it, alternatives, core."""
    results, lang = inputs.results, inputs.lang
    settings = results.scenario.keys
    objective = dt(f"doc.objective.{settings.objective}", lang)
    part.paragraph(
        dt("doc.key.intro", lang, step=weight_text(settings.step, lang), objective=objective)
    )
    services = [p.service for p in decision.proposals(results) if p.share]
    said = key_sentences(results.keys, lang)
    for name in services:
        part.paragraph(said[name], lead=f"{service_title(name, lang)}.")
    if not services:
        return
    year = decision.key_year(results, services)
    part.heading(dt("doc.heading.treasurer", lang))
    part.paragraph(dt("doc.key.apply", lang, year=year))
    _weights_table(part, inputs, services)
    _shares_table(part, inputs, services, year)
    _schedule_tables(part, inputs, services)
    _drivers_table(part, inputs, services, year)
    part.paragraph(_example(inputs, services[0], year))
    part.heading(dt("doc.heading.alternatives", lang))
    part.paragraph(dt("doc.key.alternatives", lang))
    _alternatives_table(part, inputs, services)
    part.heading(dt("doc.heading.core", lang))
    _core(part, inputs, services)


def _weights_table(part: Part, inputs: Inputs, services: list[str]) -> None:
    lang = inputs.lang
    weights = decision.key_weights(inputs.results, services)
    head = [
        text("column.service", lang),
        *(driver_label(d, lang).capitalize() for d in _FIXED),
        dt("doc.col.volume", lang),
        dt("doc.col.fixed", lang),
    ]
    rows = []
    for name in services:
        row = weights.loc[name]
        fixed = [d for d in row.index if _agreed_figure(d) and row[d] > 0]
        volume = [d for d in row.index if d not in (*_FIXED, *fixed) and row[d] > 0]
        rows.append(
            [
                service_title(name, lang),
                *(weight_cell(row.get(d, 0.0), lang) for d in _FIXED),
                _cell(row, volume, lang),
                _cell(row, fixed, lang),
            ]
        )
    widths = [3.9, 2.0, 2.0, 2.0, 3.7, 3.4]
    part.table(dt("doc.table.weights", lang), head, rows, widths, right=[False] + [True] * 5)


def _agreed_figure(driver: str) -> bool:
    """A driver the agreement fixes (or a model figure): not a volume followed year by year."""
    return driver in (STANDALONE, SCHEDULE, HISTORIC, AGREED) or driver.startswith(GLIDE)


def _cell(row: object, drivers: list[str], lang: str) -> str:
    """``85 % (pensionssamtal)``, several joined by ``; ``, or ``–``."""
    if not drivers:
        return "–"
    return "; ".join(
        f"{weight_cell(row[d], lang)} ({driver_label(d, lang)})"  # type: ignore[index]
        for d in drivers
    )


def _schedule_tables(part: Part, inputs: Inputs, services: list[str]) -> None:
    """For a key of fixed percentages that change from year to year: the percentages per year."""
    lang, keys = inputs.lang, inputs.results.keys
    members = list(inputs.results.scenario.municipalities)
    for name in services:
        by_year = fixed_percentages(keys, name)
        if not percentages_change(by_year):
            continue  # the same every year (or no fixed percentages): the sentence holds them
        rows = [[str(y), *(percent(x, lang, 1) for x in row)] for y, row in by_year.items()]
        width = min(_MEMBER_CM, (17.0 - 3.0) / len(members))
        part.table(
            dt("doc.table.schedule", lang, service=in_sentence(service_title(name, lang))),
            [text("column.year", lang), *members],
            rows,
            [3.0] + [width] * len(members),
            right=[False] + [True] * len(members),
        )


def _shares_table(part: Part, inputs: Inputs, services: list[str], year: int) -> None:
    lang = inputs.lang
    members = list(inputs.results.scenario.municipalities)
    shares = decision.key_shares(inputs.results, services, year).set_index(
        ["service", "municipality"]
    )
    head = [text("column.service", lang), *members]
    rows = [
        [service_title(name, lang)]
        + [
            f"{percent(shares.at[(name, m), 'share'], lang)}\n"
            f"({tkr(shares.at[(name, m), 'cost_sek'], lang)})"
            for m in members
        ]
        for name in services
    ]
    width = min(_MEMBER_CM, (17.0 - 4.0) / len(members))
    part.table(
        dt("doc.table.shares", lang, year=year),
        head,
        rows,
        [4.0] + [width] * len(members),
        right=[False] + [True] * len(members),
    )


def _driver_value(driver: str, value: float, lang: str) -> str:
    """Costs in tkr, agreed or fixed shares in per cent, volumes as counts."""
    if driver in (STANDALONE, HISTORIC):
        return tkr(value, lang)
    if driver in (SCHEDULE, AGREED):
        return percent(value, lang, 1)
    return number(value, 0, lang)


def _drivers_table(part: Part, inputs: Inputs, services: list[str], year: int) -> None:
    lang = inputs.lang
    members = list(inputs.results.scenario.municipalities)
    frame = decision.key_drivers(inputs.results, services, year)
    head = [dt("doc.col.driver", lang), *members]
    rows = [
        [driver_row_label(row["service"], row["driver"], lang)]
        + [_driver_value(row["driver"], row[m], lang) for m in members]
        for _, row in frame.iterrows()
    ]
    width = min(_MEMBER_CM, (17.0 - 5.0) / len(members))
    part.table(
        dt("doc.table.drivers", lang, year=year),
        head,
        rows,
        [5.0] + [width] * len(members),
        right=[False] + [True] * len(members),
    )


def _example(inputs: Inputs, service: str, year: int) -> str:
    """The key of ``service`` worked out for the smallest member in ``year``."""
    results, lang = inputs.results, inputs.lang
    proposal = results.keys.proposals[service]
    game = results.keys.games[service][year]
    members = list(results.scenario.municipalities)
    smallest = int(np.argmin(game.standalone))
    terms = []
    for driver, weight in proposal.key.items():
        if driver == EQUAL:
            part = f"1/{len(members)}"
        else:
            values = game.standalone if driver == STANDALONE else game.drivers[driver]
            own = _driver_value(driver, float(values[smallest]), lang)
            everyone = _driver_value(driver, float(np.sum(values)), lang)
            part = f"{own}/{everyone}"
        terms.append(dt("doc.key.term", lang, weight=weight_text(weight, lang), part=part))
    shares = decision.key_shares(results, [service], year).set_index("municipality")
    name = members[smallest]
    return dt(
        "doc.key.example",
        lang,
        service=in_sentence(service_title(service, lang)),
        year=year,
        name=name,
        terms=" + ".join(terms),
        share=percent(shares.at[name, "share"], lang),
        amount=money(shares.at[name, "cost_sek"], lang),
    )


def _alternatives_table(part: Part, inputs: Inputs, services: list[str]) -> None:
    lang = inputs.lang
    table = inputs.results.tables["key_comparison"]
    singles = [d for d in (EQUAL, "population", "employees", STANDALONE)]
    head = [
        text("column.service", lang),
        dt("doc.key.proposed", lang),
        *(
            method_label(d if d in (EQUAL, STANDALONE) else f"proportional:{d}", lang)
            for d in singles
        ),
    ]
    rows = []
    for name in services:
        rows_of = table[table["service"] == name].set_index("key")
        cells = [service_title(name, lang)]
        for k in ("proposed_key", *singles):
            if k not in rows_of.index:
                cells.append("–")
                continue
            row = rows_of.loc[k]
            holds = bool(row["in_core_all_years"])
            cells.append(
                dt("doc.key.holds", lang)
                if holds
                else dt("doc.key.fails", lang, amount=tkr(float(row["worst_excess_sek"]), lang))
            )
        rows.append(cells)
    widths = [3.7, 2.7, 2.65, 2.65, 2.65, 2.65]
    part.table(dt("doc.table.alternatives", lang), head, rows, widths, right=[False] + [True] * 5)


def _core(part: Part, inputs: Inputs, services: list[str]) -> None:
    lang = inputs.lang
    n = len(inputs.results.scenario.municipalities)
    proposals = inputs.results.keys.proposals
    failed = [service_title(s, lang) for s in services if not proposals[s].in_core]
    verdict = (
        dt("doc.core.all", lang, count=len(services))
        if not failed
        else dt(
            "doc.core.some",
            lang,
            passed=len(services) - len(failed),
            count=len(services),
            failed=join([in_sentence(f) for f in failed], lang),
        )
    )
    part.paragraph(f"{dt('doc.core.explain', lang, groups=number(2**n - 1, 0, lang))} {verdict}")
