"""Who should cooperate with whom, in words: the summary section on the cheapest coalition
structures (``structures.csv``), and the wording its charts and command share, in Swedish and
English.

Read from the ``structures`` table (:func:`simulator.engine.structures.structures_table`); nothing
is computed again. Per service (and all services together) the best structure in present value,
whether it is stable (no group, cutting across its blocks or not, would do better on its own),
the member who gains least, and how flat the optimum is: what the runner-up costs more.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from simulator.engine.catalogue import service_title
from simulator.report.formatting import money, number, percent

__all__ = [
    "WORDS",
    "words",
    "best_rows",
    "blocks_by_member",
    "counted",
    "describe",
    "section",
    "title_of",
]

WORDS: dict[str, dict[str, str]] = {
    "heading": {"sv": "Vem samverkar med vem?", "en": "Who should cooperate with whom?"},
    "intro": {
        "sv": "Den indelning av kommunerna i grupper som kostar minst, per tjänst och för alla "
        "tjänster tillsammans ({period} av löpande kostnader och engångskostnader), bland "
        "alla {count} möjliga indelningar. Stabil betyder att ingen grupp, inom eller tvärs över "
        "grupperna, skulle klara sig billigare på egen hand; den näst bästa indelningens "
        "merkostnad visar hur tydligt den bästa är bäst. Vad varje medlem vinner räknas med "
        "Shapleyvärdet inom dess grupp.",
        "en": "The division of the municipalities into groups that costs least, per service and "
        "for all services together ({period} of running and one-off costs), among "
        "all {count} possible divisions. Stable means that no group, within or across the "
        "groups, would do better on its own; the runner-up's extra cost shows how clearly the "
        "best is best. What each member gains is its Shapley value within its group.",
    },
    "npv": {"sv": "nuvärde", "en": "present value"},
    "npv_over": {"sv": "nuvärde {years}", "en": "present value {years}"},
    "together": {"sv": "{names} tillsammans", "en": "{names} together"},
    "all_together": {"sv": "alla {count} tillsammans", "en": "all {count} together"},
    "apart": {"sv": "{names} var för sig", "en": "{names} each on its own"},
    "one_apart": {"sv": "{name} för sig", "en": "{name} on its own"},
    "all_apart": {
        "sv": "var och en för sig (ingen grupp sparar)",
        "en": "each on its own (no group saves)",
    },
    "and": {"sv": "och", "en": "and"},
    "one_group": {"sv": "en grupp", "en": "one group"},
    "groups": {"sv": "{count} grupper", "en": "{count} groups"},
    "one_alone": {"sv": "en kör själv", "en": "one runs on its own"},
    "alone": {"sv": "{count} kör själva", "en": "{count} run on their own"},
    "saves": {
        "sv": "Sparar {amount} mot att var och en kör själv.",
        "en": "Saves {amount} against each running its own.",
    },
    "stable": {"sv": "Stabil.", "en": "Stable."},
    "unstable": {
        "sv": "Inte stabil: {group} skulle tillsammans klara sig billigare på egen hand.",
        "en": "Not stable: {group} would do better on their own.",
    },
    "runner_up": {
        "sv": "Näst bästa ({structure}) kostar {amount} mer ({share}).",
        "en": "The runner-up ({structure}) costs {amount} more ({share}).",
    },
    "only": {"sv": "Ingen annan indelning finns.", "en": "There is no other division."},
    "least": {
        "sv": "Minst vinner {name} ({share} av sin kostnad ensam).",
        "en": "{name} gains least ({share} of its cost alone).",
    },
    "total": {"sv": "Alla tjänster", "en": "All services"},
    "grid.title": {
        "sv": "Vem samverkar med vem? {message}",
        "en": "Who should cooperate with whom? {message}",
    },
    "grid.whole": {
        "sv": "Hela gruppen är billigast i {count} av {services} tjänster",
        "en": "The whole group costs least in {count} of {services} services",
    },
    "grid.none": {
        "sv": "Ingen tjänst är billigast med hela gruppen",
        "en": "No service costs least with the whole group",
    },
    "grid.subtitle": {
        "sv": "Billigaste indelningen per tjänst, {period}; en färg och ett nummer per grupp, "
        "grått: kör själv",
        "en": "Cheapest division per service, {period}; one colour and number per group, "
        "grey: runs on its own",
    },
    "grid.note": {
        "sv": "Under varje kolumn: om indelningen är stabil, och vad den sparar mot att var och "
        "en kör själv.",
        "en": "Under each column: whether the division is stable, and what it saves against "
        "each running its own.",
    },
    "grid.stable": {"sv": "stabil", "en": "stable"},
    "grid.unstable": {"sv": "ej stabil", "en": "not stable"},
    "map.title": {"sv": "{service}: {message}", "en": "{service}: {message}"},
    "map.subtitle": {
        "sv": "Billigaste indelningen, {period}; kommunernas centralorter, en färg per grupp, "
        "grått: kör själv",
        "en": "Cheapest division, {period}; the municipalities' central towns, one colour per "
        "group, grey: runs on its own",
    },
    "map.legend": {"sv": "grupp {block} sparar {amount}", "en": "group {block} saves {amount}"},
    "map.note": {
        "sv": "Lägen: {source}. Linjerna visar gruppernas medlemmar, inte vägar.",
        "en": "Positions: {source}. Lines join a group's members; they are not roads.",
    },
}
"""The structures' own wording, by key, in both languages."""


def words(key: str, lang: str, **values: object) -> str:
    """One text of :data:`WORDS` in ``lang``, filled with ``values``."""
    return WORDS[key][lang].format(**values)


def title_of(service: str, lang: str) -> str:
    """A service's title, or "all services" for ``total``."""
    return words("total", lang) if service == "total" else service_title(service, lang)


def best_rows(structures: pd.DataFrame, period: int | str = "npv") -> pd.DataFrame:
    """The best structure's block rows (rank 1) in ``period``, services in table order."""
    rank = structures["rank"] == 1
    chosen = structures[rank & (structures["period"].astype(str) == str(period))]
    return chosen.reset_index(drop=True)


def blocks_by_member(rows: pd.DataFrame, members: Sequence[str]) -> dict[str, int]:
    """Member → its block's number among the shared blocks of one structure (1, 2, …, in the
    table's order), 0 for a member on its own."""
    found = dict.fromkeys(members, 0)
    shared = [label for label in rows["members"] if "+" in str(label)]
    for index, label in enumerate(shared, start=1):
        for member in str(label).split("+"):
            found[member] = index
    return found


def _listed(names: Sequence[str], lang: str) -> str:
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} {words('and', lang)} {names[-1]}"


def describe(labels: Sequence[str], lang: str, players: int) -> str:
    """A structure in words: ``Boden, Luleå och Piteå tillsammans; Kalix och Älvsbyn var för
    sig``."""
    groups = [str(label).split("+") for label in labels]
    shared = [g for g in groups if len(g) > 1]
    alone = [g[0] for g in groups if len(g) == 1]
    if not shared:
        return words("all_apart", lang)
    if len(shared) == 1 and len(shared[0]) == players:
        return words("all_together", lang, count=players)
    parts = [words("together", lang, names=_listed(g, lang)) for g in shared]
    if len(alone) == 1:
        parts.append(words("one_apart", lang, name=alone[0]))
    elif alone:
        parts.append(words("apart", lang, names=_listed(alone, lang)))
    return "; ".join(parts)


def counted(groups: int, alone: int, lang: str) -> str:
    """``2 grupper, 3 kör själva``: a structure counted (for a title it would not fit)."""
    parts = [words("one_group" if groups == 1 else "groups", lang, count=groups)]
    if alone:
        parts.append(words("one_alone" if alone == 1 else "alone", lang, count=alone))
    return ", ".join(parts)


def _bell(n: int) -> int:
    """The number of partitions of n members (Bell triangle)."""
    row = [1]
    for _ in range(n - 1):
        nxt = [row[-1]]
        for value in row:
            nxt.append(nxt[-1] + value)
        row = nxt
    return row[-1]


def _service_line(rows: pd.DataFrame, everything: pd.DataFrame, lang: str, n: int) -> str:
    """One service's sentence: structure, saving, stability, runner-up, least gain."""
    service = str(rows["service"].iloc[0])
    best = rows.iloc[0]
    saving = float(rows["saving_sek"].sum())
    sentence = [f"**{title_of(service, lang)}**: {describe(list(rows['members']), lang, n)}."]
    if saving > 0:
        sentence.append(words("saves", lang, amount=money(saving, lang)))
    stable = bool(best["stable"]) if pd.notna(best["stable"]) else True
    group = _listed(str(best["objecting_coalition"]).split("+"), lang)
    sentence.append(words("stable", lang) if stable else words("unstable", lang, group=group))
    runner = everything[(everything["service"] == service) & (everything["rank"] == 2)]
    if runner.empty:
        sentence.append(words("only", lang))
    else:
        extra = float(runner["extra_cost_sek"].iloc[0])
        share = extra / float(best["structure_cost_sek"]) if best["structure_cost_sek"] else 0.0
        sentence.append(
            words(
                "runner_up",
                lang,
                structure=describe(list(runner["members"]), lang, n),
                amount=money(extra, lang),
                share=percent(share, lang, 1),
            )
        )
    shared = rows[rows["members"].astype(str).str.contains("+", regex=False)]
    if not shared.empty:
        least = shared.loc[shared["least_gain_pct"].idxmin()]
        sentence.append(
            words(
                "least",
                lang,
                name=least["least_gain_member"],
                share=percent(float(least["least_gain_pct"]) / 100, lang),
            )
        )
    return "- " + " ".join(sentence)


def section(
    structures: pd.DataFrame | None,
    lang: str,
    years: Sequence[int] = (),
    period: int | str = "npv",
) -> str:
    """The summary's section: heading, what it shows, and a line per service and for all
    services (empty text when there is no table); ``years`` (the scenario's) name the span of
    the present value."""
    if structures is None or structures.empty:
        return ""
    chosen = structures[structures["period"].astype(str) == str(period)]
    best = best_rows(structures, period)
    if best.empty:
        return ""
    first = best[best["service"] == best["service"].iloc[0]]
    players = sum(len(str(label).split("+")) for label in first["members"])
    calendar = list(years) or sorted(
        int(p) for p in structures["period"].astype(str).unique() if p.isdigit()
    )
    span = (
        words("npv_over", lang, years=f"{calendar[0]}–{calendar[-1]}")
        if calendar
        else words("npv", lang)
    )
    lines = [
        f"## {words('heading', lang)}",
        "",
        words("intro", lang, period=span, count=number(_bell(players), 0, lang)),
        "",
    ]
    for service in dict.fromkeys(best["service"]):
        rows = best[best["service"] == service]
        lines.append(_service_line(rows, chosen, lang, players))
    return "\n".join(lines)
