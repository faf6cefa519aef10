"""A proposed key in words, in Swedish or English, for decision documents.

"Kostnaden fördelas 40 % efter antal anställda och 60 % efter antal lönespecifikationer. Alla
kommuner och alla grupper av kommuner betalar mindre än om de stod ensamma, varje år 2015–2017 och i
nuvärde." Equal shares in a blend read as a fixed part: "Av kostnaden fördelas 20 % lika mellan
kommunerna och 80 % efter antal invånare." When no key keeps every group whole, the sentence says so
and names the group that would object, by how much and when.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from simulator.engine.catalogue import driver_label, driver_phrase
from simulator.engine.keys import AGREED, KeyReport
from simulator.keys.families import GLIDE, HISTORIC, SCHEDULE, price_list, target_driver
from simulator.keys.odds import CONFIDENCE, EPSILON, KeyOdds
from simulator.keys.proposal import KeyProposal
from simulator.keys.shares import EQUAL, MERGED, STANDALONE
from simulator.report.formatting import money, number, percent, tkr
from simulator.report.texts import text

__all__ = [
    "describe_key",
    "verdict",
    "sentence",
    "period",
    "weight_text",
    "key_sentences",
    "family_sentence",
    "key_words",
    "price_list_table",
    "schedule_table",
    "fixed_percentages",
    "percentages_change",
    "odds_text",
    "key_markdown",
]


def period(years: Sequence[int]) -> str:
    """``2015–2017`` (or ``2015`` for one year)."""
    first, last = min(years), max(years)
    return str(first) if first == last else f"{first}–{last}"


def _join(parts: Sequence[str], lang: str) -> str:
    """``a``, ``a och b``, ``a, b och c``."""
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} {text('key.and', lang)} {parts[-1]}"


def _whole(weight: float) -> bool:
    return abs(weight * 100 - round(weight * 100)) < 1e-9


def weight_text(weight: float, lang: str = "sv", weights: Sequence[float] = ()) -> str:
    """``0.55`` → ``55 %`` (one decimal where ``weight`` or any of ``weights`` is not a whole
    percent)."""
    return percent(weight, lang, decimals=0 if all(map(_whole, [weight, *weights])) else 1)


def describe_key(key: dict[str, float], lang: str = "sv") -> str:
    """The key (``{driver: weight}``, non-zero weights) as a sentence."""
    weights = list(key.values())
    drivers = [d for d in key if d != EQUAL]
    if not drivers:
        return text("key.only_equal", lang)
    if EQUAL not in key and len(drivers) == 1:
        return text("key.single", lang, phrase=driver_phrase(drivers[0], lang))
    parts = [
        text(
            "key.first_part" if i == 0 and EQUAL in key else "key.part",
            lang,
            weight=weight_text(key[d], lang, weights),
            phrase=driver_phrase(d, lang),
        )
        for i, d in enumerate(drivers)
    ]
    if EQUAL not in key:
        return text("key.blend", lang, parts=_join(parts, lang))
    share = weight_text(key[EQUAL], lang, weights)
    fixed = "key.fixed" if len(parts) == 1 else "key.fixed_many"
    return text(fixed, lang, share=share, parts=_join(parts, lang))


def _when(
    labels: Sequence[int | str], npv_years: Sequence[int] | None, lang: str, every: bool = True
) -> str:
    """``varje år 2015–2017 och i nuvärde över 2014–2021`` for the given game labels."""
    years = sorted({int(label) for label in labels if label != "npv"})
    if not years:
        parts = []
    elif every:
        parts = [text("key.every_year" if len(years) > 1 else "key.year", lang, span=period(years))]
    else:
        parts = [text("key.in_year", lang, year=_join(_runs(years), lang))]
    if "npv" in labels:
        implied = every and npv_years and years and period(npv_years) == period(years)
        if npv_years and not implied:
            parts.append(text("key.npv_over", lang, span=period(npv_years)))
        else:
            parts.append(text("key.npv", lang))
    return _join(parts, lang)


def _runs(years: Sequence[int]) -> list[str]:
    """``[2018, 2019, 2020, 2022]`` → ``['2018–2020', '2022']``."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return [period(run) for run in runs]


def _amount(sek: float, lang: str) -> str:
    """An extra cost: in kronor below 1 000 SEK, else as :func:`money`."""
    if abs(sek) >= 1e3:
        return money(sek, lang)
    return f"{number(sek, 0, lang)}\u00a0{text('unit.sek', lang)}"


def verdict(proposal: KeyProposal, npv_years: Sequence[int] | None = None, lang: str = "sv") -> str:
    """Whether every municipality and group pays at most its own cost, and if not who objects."""
    worst = proposal.worst
    excess = worst.check.max_excess
    if proposal.in_core:
        labels = [v.label for v in proposal.evaluation.verdicts]
        less = excess is not None and excess < -0.01
        how = text("key.less" if less else "key.no_more", lang)
        whole = "key.both" if len(proposal.players) == 2 else "key.all"
        return text(whole, lang, how=how, when=_when(labels, npv_years, lang))
    who = worst.check.objecting_coalition
    if excess is None or who is None:
        raise ValueError(f"key {proposal.key} is outside the core, yet no group objects to it")
    detail = text(
        "key.detail",
        lang,
        who=who,
        amount=_amount(excess, lang),
        alone=text("key.alone_many" if "+" in who else "key.alone_one", lang),
        when=_when([worst.label], npv_years, lang, every=False),
    )
    if proposal.empty_cores:
        when = _when(proposal.empty_cores, npv_years, lang, every=False)
        return text("key.empty", lang, when=when, detail=detail)
    if not proposal.finer_step_reaches_core:
        return text("key.drivers", lang, detail=detail)
    return text("key.grid", lang, step=weight_text(proposal.step, lang), detail=detail)


def sentence(
    proposal: KeyProposal, npv_years: Sequence[int] | None = None, lang: str = "sv"
) -> str:
    """The key and the verdict, e.g. "Kostnaden fördelas … Alla kommuner … varje år 2015–2017."."""
    return f"{describe_key(proposal.key, lang)} {verdict(proposal, npv_years, lang)}"


def key_sentences(report: KeyReport, lang: str = "sv") -> dict[str, str]:
    """service → the key (in its family's words), its verdict and, with draws, its odds."""
    return {name: family_sentence(report, name, lang) for name in report.proposals}


def family_sentence(
    report: KeyReport, name: str, lang: str = "sv", family: str | None = None
) -> str:
    """One family's key for ``name`` (the proposal's by default) in words: what it charges, whether
    it keeps everyone whole, and its odds over the draws when there are any."""
    family = family or report.family(name)
    p = (report.families or {}).get(name, {}).get(family) or report.proposals[name]
    words = [_family_words(report, name, family, p, lang), verdict(p, report.years, lang)]
    odds = (report.odds or {}).get(name, {}).get(family)
    if odds is not None:
        words.append(odds_text(odds, lang))
    return " ".join(words)


def odds_text(odds: KeyOdds, lang: str = "sv") -> str:
    """The key's odds over the draws and what they guarantee for futures not drawn."""
    return text(
        "key.odds",
        lang,
        draws=number(odds.draws, 0, lang),
        p_core=percent(odds.p_in_core, lang, 0),
        p_save=percent(odds.p_all_save, lang, 0),
        confidence=percent(CONFIDENCE, lang, 0),
        lower=percent(odds.lower, lang, 0),
        candidates=odds.candidates,
        target=percent(1 - EPSILON, lang, 0),
        needed=number(odds.needed, 0, lang),
    )


def _shares_text(players: Sequence[str], shares: Sequence[float] | np.ndarray, lang: str) -> str:
    return ", ".join(f"{m} {percent(float(x), lang, 1)}" for m, x in zip(players, shares))


def key_words(report: KeyReport, name: str, lang: str = "sv") -> str:
    """What the proposed key of ``name`` charges, in its family's words (no verdict)."""
    family = report.family(name)
    return _family_words(report, name, family, report.proposals[name], lang)


def _family_words(report: KeyReport, name: str, family: str, p: KeyProposal, lang: str) -> str:
    """What the key of ``family`` charges, in one sentence (two for a price list)."""
    players = p.players
    games = report.games[name]
    year = (report.historic_years or {}).get(name, report.span(name)[0] - 1)
    by_year = fixed_percentages(report, name, p)
    if by_year:
        years, rows = list(by_year), list(by_year.values())
        if not percentages_change(by_year):
            return text("key.family.fixed", lang, shares=_shares_text(players, rows[0], lang))
        return text(
            "key.family.schedule",
            lang,
            first=years[0],
            first_shares=_shares_text(players, rows[0], lang),
            last=years[-1],
            last_shares=_shares_text(players, rows[-1], lang),
        )
    if HISTORIC in p.key or any(d.startswith(GLIDE) for d in p.key):
        historic = games[year].standalone / games[year].standalone.sum()
        shares = _shares_text(players, historic, lang)
        if HISTORIC in p.key:
            return text("key.family.historic", lang, year=year, shares=shares)
        target = {target_driver(d): w for d, w in p.key.items()}
        glide = report.glide_years or 0
        return text(
            "key.family.glide",
            lang,
            year=year,
            shares=shares,
            glide=glide,
            target=describe_key(target, lang),
        )
    words = describe_key(p.key, lang)
    if family == "price_list":
        first = report.span(name)[0]
        fee, prices = price_list(games[first], p.drivers, p.weights)
        parts = [
            text(
                "key.family.price",
                lang,
                price=_unit_price(price, lang),
                phrase=driver_phrase(d, lang),
            )
            for d, price in prices.items()
        ]
        kind = "key.family.price_list" if fee else "key.family.price_only"
        words += " " + text(kind, lang, year=first, fee=money(fee, lang), prices=_join(parts, lang))
    if family == "model" or STANDALONE in p.key:
        words += " " + text("key.family.model", lang)
    return words


def price_list_table(report: KeyReport, name: str, lang: str = "sv") -> list[str]:
    """The price list of ``name`` in its first agreement year as a markdown table a treasurer can
    check: per member the fixed fee, each volume and its price, and the sum (which is what the key
    charges)."""
    p = report.proposals[name]
    year = report.span(name)[0]
    game = report.games[name][year]
    fee, prices = price_list(game, p.drivers, p.weights)
    head = [text("column.municipality", lang), text("key.price.fee", lang)]
    for d in prices:
        label = driver_label(d, lang)
        head += [label[:1].upper() + label[1:], text("key.price.charge", lang, label=label)]
    head.append(text("key.price.total", lang, year=year))
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for i, member in enumerate(p.players):
        cells = [member, tkr(fee, lang)]
        for d, price in prices.items():
            volume = float(game.drivers[d][i])
            cells += [number(volume, 0, lang), tkr(price * volume, lang)]
        cells.append(tkr(p.allocation(year)[i], lang))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def fixed_percentages(
    report: KeyReport, name: str, proposal: KeyProposal | None = None
) -> dict[int, np.ndarray]:
    """Agreement year → each member's share under a key of fixed percentages (``proposal``; by
    default the proposal of ``name``); empty for a key of any other family."""
    p = proposal or report.proposals[name]
    if SCHEDULE not in p.key:
        return {}
    years = [int(v.label) for v in p.evaluation.verdicts if v.label != "npv"]
    return {y: report.games[name][y].drivers[SCHEDULE] for y in years}


def percentages_change(by_year: Mapping[int, np.ndarray]) -> bool:
    """Whether fixed percentages (:func:`fixed_percentages`) differ between the years."""
    rows = list(by_year.values())
    return not all(np.allclose(r, rows[0]) for r in rows)


def schedule_table(report: KeyReport, name: str, lang: str = "sv") -> list[str]:
    """The proposal's fixed percentages per member and year as a markdown table, when they
    change from year to year (empty otherwise)."""
    by_year = fixed_percentages(report, name)
    if not percentages_change(by_year):
        return []
    head = [text("column.year", lang), *report.proposals[name].players]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for year, row in by_year.items():
        lines.append("| " + " | ".join([str(year), *(percent(x, lang, 1) for x in row)]) + " |")
    return lines


def _unit_price(sek: float, lang: str) -> str:
    """A price per unit in kronor, two decimals below 100 SEK."""
    return f"{number(sek, 2 if abs(sek) < 100 else 0, lang)}\u00a0{text('unit.sek', lang)}"


def key_markdown(report: KeyReport, lang: str = "sv") -> str:
    """A summary section: heading and one paragraph per service."""
    lines = [f"## {text('key.heading', lang)}", ""]
    for name, words in key_sentences(report, lang).items():
        lines += [f"**{report.title(name, lang)}.** {words}", ""]
        if report.family(name) == "price_list":
            lines += [*price_list_table(report, name, lang), ""]
        schedule = schedule_table(report, name, lang)
        if schedule:
            caption = text("key.schedule.caption", lang, service=report.title(name, lang))
            lines += [f"*{caption}*", "", *schedule, ""]
    if not all(p.in_core for p in report.proposals.values()):
        lines += [text("key.scaling", lang), ""]
    for name, other in (report.alternatives or {}).items():
        lines += [agreed_text(report, name, other, lang), ""]
    merged = merged_drivers(report, lang)
    if merged:
        lines += [text("key.merged", lang, pairs=merged), ""]
    return "\n".join(lines)


def merged_drivers(report: KeyReport, lang: str = "sv") -> str:
    """The drivers left out because another gives every member the same shares in every game
    (``Lönebesked som Anställda``), once each, in words; empty when none is."""
    pairs: dict[tuple[str, str], None] = {}
    every = [p for found in (report.families or {}).values() for p in found.values()]
    for p in every or report.proposals.values():
        for driver, why in p.skipped.items():
            if why.startswith(MERGED):
                first = why[len(MERGED) :].split(" ", 1)[0]
                pairs[(driver_label(driver, lang), driver_label(first, lang))] = None
    joiner = text("key.merged.as", lang)
    parts = [f"{a} {joiner} {b}" for a, b in pairs]
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {text('key.and', lang)} {parts[-1]}"


def agreed_text(report: KeyReport, name: str, other: KeyProposal, lang: str = "sv") -> str:
    """The agreed key of ``name`` kept, its core check, and what the optimiser's key would move
    (present value, per member)."""
    kept = report.proposals[name]
    players = kept.players
    shares = kept.evaluation.verdicts[0].game.drivers[AGREED]
    change = other.allocation(other.reference) - kept.allocation(kept.reference)
    moves = ", ".join(
        f"{m} {'+' if d >= 0 else '−'}{money(abs(d), lang)}" for m, d in zip(players, change)
    )
    return text(
        "key.agreed",
        lang,
        service=report.title(name, lang),
        shares=", ".join(f"{m} {percent(x, lang, 0)}" for m, x in zip(players, shares)),
        holds=text("key.agreed.holds" if kept.in_core else "key.agreed.fails", lang),
        other_key=", ".join(
            f"{driver_label(d, lang)} {percent(w, lang, 0)}" for d, w in other.key.items()
        ),
        moves=moves,
    )
