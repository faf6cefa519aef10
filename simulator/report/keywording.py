"""A proposed key in words, in Swedish or English, for decision documents.

"Kostnaden fördelas 40 % efter antal anställda och 60 % efter antal lönespecifikationer. Alla
kommuner och alla grupper av kommuner betalar mindre än om de stod ensamma, varje år 2015–2017 och i
nuvärde." Equal shares in a blend read as a fixed part: "Av kostnaden fördelas 20 % lika mellan
kommunerna och 80 % efter antal invånare." When no key keeps every group whole, the sentence says so
and names the group that would object, by how much and when.
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.engine.catalogue import driver_label, driver_phrase
from simulator.engine.keys import AGREED, KeyReport
from simulator.keys.proposal import KeyProposal
from simulator.keys.shares import EQUAL, MERGED
from simulator.report.formatting import money, number, percent
from simulator.report.texts import text

__all__ = [
    "describe_key",
    "verdict",
    "sentence",
    "period",
    "weight_text",
    "key_sentences",
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
    """service → the key and its verdict in words."""
    return {name: sentence(p, report.years, lang) for name, p in report.proposals.items()}


def key_markdown(report: KeyReport, lang: str = "sv") -> str:
    """A summary section: heading and one paragraph per service."""
    lines = [f"## {text('key.heading', lang)}", ""]
    for name, words in key_sentences(report, lang).items():
        lines += [f"**{report.title(name, lang)}.** {words}", ""]
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
    for p in report.proposals.values():
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
