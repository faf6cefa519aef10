"""The sections of the decision document, each written into its own :class:`Part`.

Every figure quoted comes from the run's tables through :mod:`simulator.report.decision`, the key
sentences from :mod:`simulator.report.keywording`, the uncertainty sentences from
:mod:`simulator.report.uncertainty`; numbers are formatted by :mod:`simulator.report.formatting`
(tkr / mnkr, space as thousands separator and decimal comma in Swedish).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from simulator.engine.catalogue import driver_label, mechanism_label, service_title
from simulator.report import decision
from simulator.report import uncertainty as words
from simulator.report.charts.sources import ARTIFACTS, sources_frame
from simulator.report.document_parts import Part
from simulator.report.document_texts import document_text as dt
from simulator.report.document_texts import month_name
from simulator.report.formatting import money, number, percent, tkr
from simulator.report.keywording import key_sentences, key_words, period, weight_text
from simulator.report.results import Results
from simulator.report.texts import text
from simulator.scenario.timeline import Month
from simulator.uncertainty.study import Study

__all__ = [
    "Figure",
    "Inputs",
    "in_sentence",
    "join",
    "when",
    "proposals",
    "summary",
    "background",
    "economics",
]


@dataclass(frozen=True)
class Figure:
    """A drawn chart: its number in the document, the PNG and the caption."""

    number: int
    path: Path
    caption: str


@dataclass(frozen=True)
class Inputs:
    """What every section reads: the run, the uncertainty study (None: not run), the language
    and the charts by stem."""

    results: Results
    study: Study | None
    lang: str
    figures: Mapping[str, Figure]

    @property
    def span(self) -> tuple[int, int]:
        """First and last year of the calculation."""
        return self.results.scenario.base_year, self.results.scenario.horizon

    def figure_numbers(self, *stems: str) -> str:
        """``1, 2 och 6`` for the stems that were drawn."""
        found = [str(self.figures[s].number) for s in stems if s in self.figures]
        return join(found, self.lang) if found else "–"


def join(parts: list[str], lang: str) -> str:
    """``a``, ``a och b``, ``a, b och c``."""
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {text('key.and', lang)} {parts[-1]}"


def in_sentence(title: str) -> str:
    """A title inside a sentence: ``Löneadministration`` → ``löneadministration``; an initialism
    stays (``IT-stöd``)."""
    if title[:2].isupper():
        return title
    return title[:1].lower() + title[1:]


def when(month: Month, lang: str) -> str:
    """``januari 2017`` / ``January 2017``."""
    return f"{month_name(month.month, lang)} {month.year}"


def _members(inputs: Inputs) -> str:
    return join(list(inputs.results.scenario.municipalities), inputs.lang)


def proposals(part: Part, inputs: Inputs) -> None:
    """Förslag till beslut: one numbered, self-contained proposal per service, then the steering
    group, the agreement and the condition that every council decides alike."""
    results, lang = inputs.results, inputs.lang
    first, last = inputs.span
    part.paragraph(dt("doc.proposals.intro", lang))
    items = []
    for p in decision.proposals(results):
        title = service_title(p.service, lang)
        if p.share:
            host = p.host
            items.append(
                dt(
                    "doc.proposal.share",
                    lang,
                    members=_members(inputs),
                    service=in_sentence(title),
                    start=when(p.start, lang),
                    host=host,
                    key=key_words(inputs.results.keys, p.service, lang),
                )
            )
        else:
            items.append(
                dt(
                    "doc.proposal.not_share",
                    lang,
                    service=title,
                    service_lower=in_sentence(title),
                    amount=money(-p.npv_sek, lang),
                    first=first,
                    last=last,
                )
            )
    sharing = results.scenario.sharing
    econ = results.scenario.economics
    items.append(
        dt(
            "doc.proposal.steering",
            lang,
            reps=number(sharing["representatives_per_member"].value, 0, lang),
            meetings=number(sharing["meetings_per_year"].value, 0, lang),
        )
    )
    items.append(
        dt(
            "doc.proposal.agreement",
            lang,
            notice=number(econ["notice_months"].value, 0, lang),
            write_off=number(econ["write_off_years"].value, 0, lang),
        )
    )
    items.append(dt("doc.proposal.condition", lang, members=_members(inputs)))
    for n, item in enumerate(items, start=1):
        part.proposal(n, item)


def summary(part: Part, inputs: Inputs) -> None:
    """Sammanfattning: cost today and shared, saving per member, payback; how sure we are."""
    results, lang = inputs.results, inputs.lang
    first, last = inputs.span
    services = decision.service_table(results).set_index("service")
    total = services.loc["total"]
    members = decision.member_table(results).set_index("municipality")
    each = [
        dt("doc.summary.member", lang, name=m, amount=money(members.at[m, "saving_sek"], lang))
        for m in results.scenario.municipalities
    ]
    npv = float(results.tables["projection"]["discounted_saving_sek"].sum())
    sentences = [
        dt(
            "doc.summary.cost",
            lang,
            members=_members(inputs),
            alone=money(total["alone_sek"], lang),
            shared=money(total["shared_sek"], lang),
            saving=money(total["saving_sek"], lang),
            year=last,
        ),
        dt(
            "doc.summary.members",
            lang,
            each=join(each, lang),
            first=first,
            last=last,
            steering=money(decision.steering_npv(results), lang),
        ),
        _payback_sentence(inputs, total, npv),
    ]
    part.paragraph(" ".join(sentences))
    if inputs.study is None:
        part.paragraph(dt("doc.summary.no_uncertainty", lang))
        return
    said = words.sentences(inputs.study.tables, inputs.span, {}, lang)
    part.paragraph(f"{said[0]} {said[1]}")


def _payback_sentence(inputs: Inputs, total: pd.Series, npv: float) -> str:
    lang = inputs.lang
    first, last = inputs.span
    one_off = money(total["one_off_sek"], lang)
    if pd.isna(total["payback"]):
        return dt(
            "doc.summary.no_payback",
            lang,
            one_off=one_off,
            npv=money(npv, lang),
            first=first,
            last=last,
        )
    payback = int(total["payback"])
    starts = [p.start for p in decision.proposals(inputs.results) if p.share]
    start = min(starts) if starts else None
    after = ""
    if start is not None and start > Month(first):
        after = dt("doc.summary.after_start", lang, years=payback - start.year)
    return dt(
        "doc.summary.payback",
        lang,
        one_off=one_off,
        payback=payback,
        after=after,
        npv=money(npv, lang),
        first=first,
        last=last,
    )


def background(part: Part, inputs: Inputs) -> None:
    """Ärendebeskrivning och bakgrund: who, what, when, on what sources."""
    results, lang = inputs.results, inputs.lang
    sc = results.scenario
    first, last = inputs.span
    proposed = decision.proposed_services(results)
    titles = [in_sentence(service_title(s, lang)) for s in proposed]
    lines = [
        dt("doc.background.matter", lang, members=_members(inputs), services=join(titles, lang))
    ]
    decided = [results.run.services[s].timeline for s in proposed]
    decisions = [t.decision for t in decided if t is not None and t.decision is not None]
    if decisions:
        lines.append(dt("doc.background.decision", lang, decision=when(min(decisions), lang)))
    part.paragraph(" ".join(lines))
    prices = text("summary.prices", lang, year=sc.price_year, base=sc.base_year)
    rate = percent(sc.economics["discount_rate"].value, lang)
    part.paragraph(
        dt("doc.background.period", lang, first=first, last=last, prices=prices, rate=rate)
    )
    existing = [service_title(n, lang) for n, s in results.run.services.items() if s.existing]
    if existing:
        part.paragraph(dt("doc.background.existing", lang, services=join(existing, lang)))
    _facts_table(part, inputs)
    _timeline_table(part, inputs, proposed)
    _sources(part, inputs)


def _facts_table(part: Part, inputs: Inputs) -> None:
    lang = inputs.lang
    first, last = inputs.span
    facts = inputs.results.run.context.facts
    head = [
        text("column.municipality", lang),
        dt("doc.col.population", lang, year=first),
        dt("doc.col.population", lang, year=last),
        dt("doc.col.employees", lang, year=first),
        dt("doc.col.employees", lang, year=last),
    ]
    rows = [
        [
            name,
            number(facts.population[0, i], 0, lang),
            number(facts.population[-1, i], 0, lang),
            number(facts.employees[0, i], 0, lang),
            number(facts.employees[-1, i], 0, lang),
        ]
        for i, name in enumerate(inputs.results.scenario.municipalities)
    ]
    caption = dt("doc.background.facts", lang, first=first, last=last)
    part.table(caption, head, rows, [5.0, 3.0, 3.0, 3.0, 3.0], right=[False] + [True] * 4)


def _timeline_table(part: Part, inputs: Inputs, services: list[str]) -> None:
    lang = inputs.lang
    head = [
        text("column.service", lang),
        dt("doc.col.start", lang),
        dt("doc.col.host", lang),
        dt("doc.col.preparation", lang),
        dt("doc.col.double", lang),
    ]
    rows = []
    for p in decision.proposals(inputs.results):
        timeline = inputs.results.run.services[p.service].timeline
        rows.append(
            [
                service_title(p.service, lang),
                when(p.start, lang),
                p.host,
                number(timeline.preparation_months if timeline else 0, 0, lang),
                number(timeline.double_running_months if timeline else 0, 0, lang),
            ]
        )
    caption = dt("doc.background.timeline", lang)
    part.table(caption, head, rows, [4.6, 3.4, 3.4, 2.8, 2.8], right=[False] * 3 + [True] * 2)


def _sources(part: Part, inputs: Inputs) -> None:
    from simulator.scenario.assumptions import assumptions_table

    sc = inputs.results.scenario
    table = assumptions_table(sc)
    part.paragraph(
        dt(
            "doc.background.sources",
            inputs.lang,
            file=sc.path.name,
            count=number(len(table), 0, inputs.lang),
            assumed=number(int(table["assumption"].sum()), 0, inputs.lang),
            data=f"{sc.data_dir.name}/*.csv",
        )
    )


def economics(part: Part, inputs: Inputs) -> None:
    """Ekonomiska konsekvenser: per service, per municipality, where the saving comes from."""
    results, lang = inputs.results, inputs.lang
    first, last = inputs.span
    rate = percent(results.scenario.economics["discount_rate"].value, lang)
    part.paragraph(dt("doc.economics.intro", lang, year=last, first=first, rate=rate, last=last))
    _service_table(part, inputs)
    npv = float(results.tables["projection"]["discounted_saving_sek"].sum())
    steering = decision.steering_npv(results)
    part.paragraph(
        dt(
            "doc.economics.members",
            lang,
            steering=money(steering, lang),
            npv=money(npv, lang),
            year=last,
        )
    )
    _member_table(part, inputs)
    _sources_sentence(part, inputs)
    figures = inputs.figure_numbers("cost_by_service", "waterfall", "savings", "jobs")
    part.paragraph(dt("doc.economics.figures", lang, figures=figures))


def _service_table(part: Part, inputs: Inputs) -> None:
    lang = inputs.lang
    first, last = inputs.span
    frame = decision.service_table(inputs.results)
    head = [
        text("column.service", lang),
        dt("doc.col.alone_year", lang, year=last),
        dt("doc.col.shared_year", lang, year=last),
        dt("doc.col.saving_year", lang, year=last),
        dt("doc.col.one_off", lang),
        dt("doc.col.npv", lang, first=first, last=last),
        dt("doc.col.payback", lang),
    ]
    rows = []
    for row in frame.itertuples():
        if pd.isna(row.payback):
            payback = (
                dt("doc.none", lang) if row.one_off_sek == 0 else dt("doc.never", lang, last=last)
            )
        else:
            payback = str(int(row.payback))
        amounts = (row.alone_sek, row.shared_sek, row.saving_sek, row.one_off_sek, row.npv_sek)
        rows.append([service_title(row.service, lang), *(tkr(v, lang) for v in amounts), payback])
    part.table(
        dt("doc.table.per_service", lang),
        head,
        rows,
        [3.6, 2.3, 2.3, 2.2, 2.2, 2.4, 2.0],
        right=[False] + [True] * 6,
        bold_last=True,
    )


def _member_table(part: Part, inputs: Inputs) -> None:
    lang = inputs.lang
    last = inputs.span[1]
    frame = decision.member_table(inputs.results)
    head = [
        text("column.municipality", lang),
        dt("doc.col.alone_npv", lang),
        dt("doc.col.key_npv", lang),
        dt("doc.col.saving_npv", lang),
        dt("doc.col.saving_pct", lang),
        dt("doc.col.saving_year", lang, year=last),
        dt("doc.col.fte_today", lang),
        dt("doc.col.fte_shared", lang, year=last),
    ]
    rows = [
        [
            service_title("total", lang) if row.municipality == "total" else row.municipality,
            tkr(row.alone_sek, lang),
            tkr(row.cost_sek, lang),
            tkr(row.saving_sek, lang),
            percent(row.saving_pct / 100, lang),
            tkr(row.saving_year_sek, lang),
            number(row.fte_today, 1, lang),
            number(row.fte_shared, 1, lang),
        ]
        for row in frame.itertuples()
    ]
    part.table(
        dt("doc.table.per_member", lang),
        head,
        rows,
        [2.2, 2.4, 2.4, 2.2, 1.9, 2.1, 1.9, 1.9],
        right=[False] + [True] * 7,
        bold_last=True,
    )


def _sources_sentence(part: Part, inputs: Inputs) -> None:
    lang = inputs.lang
    table = inputs.results.tables["saving_sources"]
    if table.empty:
        return
    frame = sources_frame(table)
    total = float(frame["saving_sek"].sum())
    if total <= 0:
        return
    policy = float(frame.loc[frame["mechanism"].isin(ARTIFACTS), "saving_sek"].sum())
    top = frame[~frame["mechanism"].isin(ARTIFACTS)].nlargest(3, "saving_sek")
    parts = [
        dt(
            "doc.economics.source_part",
            lang,
            mechanism=in_sentence(mechanism_label(row.mechanism, lang)),
            amount=money(row.saving_sek, lang),
        )
        for row in top.itertuples()
    ]
    part.paragraph(
        dt(
            "doc.economics.sources",
            lang,
            year=inputs.span[1],
            total=money(total, lang),
            top=join(parts, lang),
            policy=money(policy, lang),
            share=percent(policy / total, lang),
        )
    )


def key_texts(inputs: Inputs) -> dict[str, str]:
    """service → its key and verdict in words (the report's key sentences)."""
    return key_sentences(inputs.results.keys, inputs.lang)


def weight_cell(weight: float, lang: str) -> str:
    """A key weight in a table: ``25 %``, or ``–`` for none."""
    return weight_text(weight, lang) if weight > 0 else "–"


def driver_row_label(service: str, driver: str, lang: str) -> str:
    """``invånare``, ``samtal (Växel)`` or ``Kostnad ensam: Växel``."""
    if driver == "standalone":
        return dt("doc.driver.standalone", lang, service=service_title(service, lang))
    label = driver_label(driver, lang)
    label = label[:1].upper() + label[1:]
    if not service:
        return label
    return dt("doc.driver.volume", lang, label=label, service=service_title(service, lang))


def years_text(years: tuple[int, int]) -> str:
    """``2017–2021``."""
    return period(years)
