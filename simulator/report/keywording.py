"""A proposed key in words, in Swedish or English, for decision documents.

"Kostnaden fördelas 40 % efter antal anställda och 60 % efter antal lönespecifikationer. Alla kommuner och
alla grupper av kommuner betalar mindre än om de stod ensamma, varje år 2015–2017 och i nuvärde." Equal
shares in a blend read as a fixed part: "Av kostnaden fördelas 20 % lika mellan kommunerna och 80 % efter
antal invånare." When no key keeps every group whole, the sentence says so and names the group that would
object, by how much and when.
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.engine.keys import KeyReport
from simulator.keys.proposal import KeyProposal
from simulator.keys.shares import EQUAL
from simulator.report.formatting import money, number, percent

__all__ = [
    "describe_key",
    "verdict",
    "sentence",
    "period",
    "weight_text",
    "key_sentences",
    "key_markdown",
]

_PHRASES = {
    "sv": {
        "population": "antal invånare",
        "employees": "antal anställda",
        "payslips": "antal lönespecifikationer",
        "calls": "antal samtal till växeln",
        "spend": "inköpsvolym",
        "procurements": "antal upphandlingar",
        "consultations": "antal pensionssamtal",
        "users": "antal IT-användare",
        "tickets": "antal ärenden till IT-supporten",
        "standalone": "vad kommunen skulle kosta ensam",
    },
    "en": {
        "population": "number of inhabitants",
        "employees": "number of employees",
        "payslips": "number of payslips",
        "calls": "number of calls to the switchboard",
        "spend": "purchasing volume",
        "procurements": "number of procurements",
        "consultations": "number of pension consultations",
        "users": "number of IT users",
        "tickets": "number of IT support tickets",
        "standalone": "what each municipality would cost alone",
    },
}
_TEXT = {
    "sv": {
        "and": "och",
        "by": "efter",
        "only_equal": "Kostnaden fördelas lika mellan kommunerna.",
        "single": "Kostnaden fördelas efter {phrase}.",
        "blend": "Kostnaden fördelas {parts}.",
        "fixed": "Av kostnaden fördelas {share} lika mellan kommunerna och {parts}.",
        "fixed_many": "Av kostnaden fördelas {share} lika mellan kommunerna, {parts}.",
        "all": "Alla kommuner och alla grupper av kommuner betalar {how} om de stod ensamma, {when}.",
        "both": "Båda kommunerna betalar {how} om de stod ensamma, {when}.",
        "less": "mindre än",
        "no_more": "inte mer än",
        "every_year": "varje år {span}",
        "year": "år {span}",
        "npv": "i nuvärde",
        "npv_over": "i nuvärde över {span}",
        "grid": "Ingen nyckel i steg om {step} håller alla kommuner och grupper skadeslösa (med finare steg "
        "går det): {detail}",
        "drivers": "Ingen blandning av dessa fördelningsgrunder håller alla kommuner och grupper skadeslösa: "
        "{detail}",
        "empty": "Ingen fördelning alls kan hålla alla kommuner och grupper skadeslösa {when} (kärnan är tom); "
        "nyckeln gör den största merkostnaden, räknad som andel av årets kostnad, så liten som "
        "möjligt: "
        "{detail}",
        "detail": "{who} skulle betala {amount} mer än {alone} {when}.",
        "alone1": "ensam",
        "alone": "ensamma",
        "in_year": "{year}",
        "sek": "kr",
    },
    "en": {
        "and": "and",
        "by": "by",
        "only_equal": "The cost is split equally between the municipalities.",
        "single": "The cost is shared by {phrase}.",
        "blend": "The cost is shared {parts}.",
        "fixed": "{share} of the cost is split equally between the municipalities and {parts}.",
        "fixed_many": "{share} of the cost is split equally between the municipalities, {parts}.",
        "all": "Every municipality and every group of municipalities pays {how} it would alone, {when}.",
        "both": "Both municipalities pay {how} they would alone, {when}.",
        "less": "less than",
        "no_more": "no more than",
        "every_year": "in every year {span}",
        "year": "in {span}",
        "npv": "in present value",
        "npv_over": "in present value over {span}",
        "grid": "No key in steps of {step} keeps every municipality and group no worse off than alone (finer "
        "steps would): {detail}",
        "drivers": "No blend of these drivers keeps every municipality and group no worse off than alone: "
        "{detail}",
        "empty": "No allocation at all can keep every municipality and group no worse off than alone {when} "
        "(the core is empty); the key makes the largest extra cost, as a share of the year's cost, "
        "as small as possible: {detail}",
        "detail": "{who} would pay {amount} more than {alone} {when}.",
        "alone1": "alone",
        "alone": "alone",
        "in_year": "in {year}",
        "sek": "SEK",
    },
}


def period(years: Sequence[int]) -> str:
    """``2015–2017`` (or ``2015`` for one year)."""
    first, last = min(years), max(years)
    return str(first) if first == last else f"{first}–{last}"


def _join(parts: Sequence[str], lang: str) -> str:
    return (
        parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {_TEXT[lang]['and']} {parts[-1]}"
    )


def _whole(weight: float) -> bool:
    return abs(weight * 100 - round(weight * 100)) < 1e-9


def weight_text(weight: float, lang: str = "sv", weights: Sequence[float] = ()) -> str:
    """``0.55`` → ``55 %`` (one decimal where ``weight`` or any of ``weights`` is not a whole percent)."""
    return percent(weight, lang, decimals=0 if all(map(_whole, [weight, *weights])) else 1)


def describe_key(key: dict[str, float], lang: str = "sv") -> str:
    """The key (``{driver: weight}``, non-zero weights) as a sentence."""
    t, weights = _TEXT[lang], list(key.values())
    phrases = {d: _PHRASES[lang].get(d, d) for d in key if d != EQUAL}
    parts = [
        f"{weight_text(key[d], lang, weights)} {t['by']} {phrase}" for d, phrase in phrases.items()
    ]
    if not parts:
        return t["only_equal"]
    if EQUAL not in key:
        return (
            t["single"].format(phrase=next(iter(phrases.values())))
            if len(parts) == 1
            else t["blend"].format(parts=_join(parts, lang))
        )
    if lang == "en":
        parts[0] = parts[0].replace(" by ", " is shared by ", 1)
    template = t["fixed"] if len(parts) == 1 else t["fixed_many"]
    return template.format(share=weight_text(key[EQUAL], lang, weights), parts=_join(parts, lang))


def _when(
    labels: Sequence[int | str], npv_years: Sequence[int] | None, lang: str, every: bool = True
) -> str:
    """``varje år 2015–2017 och i nuvärde över 2014–2021`` for the given game labels."""
    t, years = _TEXT[lang], sorted({label for label in labels if label != "npv"})
    if not years:
        parts = []
    elif every:
        parts = [t["every_year" if len(years) > 1 else "year"].format(span=period(years))]
    else:
        parts = [t["in_year"].format(year=_join(_runs(years), lang))]
    if "npv" in labels:
        implied = every and npv_years and years and period(npv_years) == period(years)
        parts.append(
            t["npv_over"].format(span=period(npv_years)) if npv_years and not implied else t["npv"]
        )
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
    return (
        f"{number(sek, 0, lang)}\u00a0{_TEXT[lang]['sek']}" if abs(sek) < 1e3 else money(sek, lang)
    )


def verdict(proposal: KeyProposal, npv_years: Sequence[int] | None = None, lang: str = "sv") -> str:
    """Whether every municipality and group pays at most its own cost, and if not who objects."""
    t, labels, worst = _TEXT[lang], [v.label for v in proposal.evaluation.verdicts], proposal.worst
    if proposal.in_core:
        how = t["less"] if worst.check.max_excess < -0.01 else t["no_more"]
        return t["both" if len(proposal.players) == 2 else "all"].format(
            how=how, when=_when(labels, npv_years, lang)
        )
    who = worst.check.objecting_coalition
    detail = t["detail"].format(
        who=who,
        amount=_amount(worst.check.max_excess, lang),
        alone=t["alone" if "+" in who else "alone1"],
        when=_when([worst.label], npv_years, lang, every=False),
    )
    if proposal.empty_cores:
        return t["empty"].format(
            when=_when(proposal.empty_cores, npv_years, lang, every=False), detail=detail
        )
    if not proposal.finer_step_reaches_core:
        return t["drivers"].format(detail=detail)
    return t["grid"].format(step=weight_text(proposal.step, lang), detail=detail)


def sentence(
    proposal: KeyProposal, npv_years: Sequence[int] | None = None, lang: str = "sv"
) -> str:
    """The key and the verdict, e.g. "Kostnaden fördelas … Alla kommuner … varje år 2015–2017."."""
    return f"{describe_key(proposal.key, lang)} {verdict(proposal, npv_years, lang)}"


_HEADING = {"sv": "Föreslagna fördelningsnycklar", "en": "Proposed cost-sharing keys"}
_SCALING = {
    "sv": "Där ingen nyckel håller alla skadeslösa väljs den som gör den största merkostnaden för någon kommun "
    "eller grupp så liten som möjligt, räknad som andel av hela samarbetets kostnad samma år "
    "(eller i nuvärde), "
    "så att åren blir jämförbara.",
    "en": "Where no key keeps everyone no worse off, the key chosen makes the largest extra cost of any "
    "municipality or group as small as possible, measured as a share of the whole cooperation's cost that "
    "year (or in present value), so that the years are comparable.",
}


def key_sentences(report: KeyReport, lang: str = "sv") -> dict[str, str]:
    """service → the key and its verdict in words."""
    return {name: sentence(p, report.years, lang) for name, p in report.proposals.items()}


def key_markdown(report: KeyReport, lang: str = "sv") -> str:
    """A summary section: heading and one paragraph per service."""
    lines = [f"## {_HEADING[lang]}", ""]
    for name, text in key_sentences(report, lang).items():
        lines += [f"**{report.title(name, lang)}.** {text}", ""]
    if not all(p.in_core for p in report.proposals.values()):
        lines += [_SCALING[lang], ""]
    return "\n".join(lines)
