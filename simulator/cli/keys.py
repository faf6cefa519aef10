"""``samverkan keys SCENARIO``: propose a cost-sharing key per service and for the total.

For each service (and the whole agreement) the key's sentence, its weights on the candidate drivers,
the check in every agreement year and in present value, and the single-driver keys councils usually
pick for comparison. Settings come from the scenario's ``keys:`` block (candidate drivers, step,
agreement years, objective, services).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import TextIO

import pandas as pd

from simulator import engine
from simulator import scenario as scenario_mod
from simulator.cli.failures import check_finite, model_failures
from simulator.cli.scenario_args import add_scenario_arguments, load_scenario
from simulator.engine.keys import KeyReport, propose_keys
from simulator.keys import KEY_METHOD, KeyProposal
from simulator.report.formatting import number, percent
from simulator.report.keywording import key_sentences, weight_text
from simulator.report.labels import driver_label
from simulator.report.texts import text
from simulator.uncertainty.robust import robust_keys

__all__ = ["register", "keys_command"]

_YES = {"sv": {True: "ja", False: "nej"}, "en": {True: "yes", False: "no"}}
_HEAD = {
    "sv": (
        "Nycklar för {title} ({id}), avtalsår {first}–{last}, mål: {objective}, steg {step}",
        "vikter",
        "år",
        "i kärnan",
        "största merkostnad, kr",
        "grupp",
        "nuvärde",
        "jämfört med en enda fördelningsgrund",
        "nyckel",
        "alla år",
        "avstånd till nukleolus, kr",
        "utelämnade",
        "föreslagen",
    ),
    "en": (
        "Keys for {title} ({id}), agreement years {first}–{last}, objective: {objective}, "
        "step {step}",
        "weights",
        "year",
        "in core",
        "largest excess, SEK",
        "group",
        "present value",
        "compared with a single driver",
        "key",
        "all years",
        "distance to nucleolus, SEK",
        "left out",
        "proposed",
    ),
}


_OBJECTIVE = {
    "sv": {
        "nucleolus": "närmast nukleolus",
        "shapley": "närmast Shapleyvärdet",
        "even_savings": "jämnast relativ besparing",
        "simplicity": "så få fördelningsgrunder som möjligt",
    },
    "en": {
        "nucleolus": "closest to the nucleolus",
        "shapley": "closest to the Shapley value",
        "even_savings": "most even relative savings",
        "simplicity": "fewest drivers",
    },
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``keys`` command to the main parser's subparsers."""
    keys = subparsers.add_parser(
        "keys",
        help="propose cost-sharing keys that no member or group would reject",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_scenario_arguments(keys)
    keys.add_argument(
        "--format", choices=("table", "csv", "json"), default="table", help="output format"
    )
    keys.add_argument(
        "--lang", choices=("sv", "en"), help="language of the sentences (default: the scenario's)"
    )
    keys.add_argument(
        "--draws",
        type=_draw_count,
        help="Monte Carlo draws of the uncertain assumptions: every family's key is applied in "
        "each, and the key that stays in the core in most draws is proposed (default: the "
        "scenario's keys.draws, 1000 unless it says otherwise; 0: none)",
    )
    keys.add_argument(
        "--seed",
        type=int,
        help="seed of the draws (default: the scenario's); the draws are those of "
        "`samverkan uncertainty` with the same seed and number",
    )
    keys.set_defaults(handler=keys_command)


def keys_command(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run ``keys``; returns the exit code. ``InputError`` propagates to the main command."""
    out = out or sys.stdout
    sc = load_scenario(args)
    with model_failures(sc):
        report = propose_keys(engine.run(sc))
        draws = sc.keys.draws if args.draws is None else args.draws
        if draws:
            seed = sc.seed if args.seed is None else args.seed
            report = robust_keys(sc, report, draws, seed)
    check_finite(sc, {"keys": report.keys_table(), "key_comparison": report.comparison_table()})
    lang = args.lang or sc.language
    if args.format == "csv":
        report.keys_table().to_csv(out, index=False, lineterminator="\n", float_format="%.6f")
    elif args.format == "json":
        out.write(json.dumps(_document(report, sc.title), indent=2, ensure_ascii=False) + "\n")
    else:
        _table(report, sc, lang, out)
    return 0


_FAMILY_HEAD = {
    "sv": (
        "nyckeltyper",
        "nyckeltyp",
        "i kärnan",
        "största merkostnad, kr",
        "i kärnan",
        "alla sparar",
    ),
    "en": ("key families", "family", "in core", "largest excess, SEK", "in core", "all save"),
}


def _families(report: KeyReport, name: str, lang: str, out: TextIO) -> None:
    """Each family's key: whether it keeps everyone whole, its worst excess, and with draws the
    share of draws in the core and in which every member saves; the proposal marked ``*``."""
    found = (report.families or {}).get(name)
    if not found:
        return
    head, yes = _FAMILY_HEAD[lang], _YES[lang]
    odds = (report.odds or {}).get(name, {})
    draws = f"{head[4]:>10}{head[5]:>12}" if odds else ""
    out.write(f"  {head[0]}:\n  {head[1]:<26}{head[2]:>10}{head[3]:>24}{draws}\n")
    for family, p in found.items():
        mark = "*" if family == report.family(name) else " "
        label = f"{mark}{text('family.' + family, lang)}"
        excess = number(_or_nan(p.worst.check.max_excess), 0, lang)
        row = f"  {label:<26}{yes[p.in_core]:>10}{excess:>24}"
        if family in odds:
            o = odds[family]
            row += f"{percent(o.p_in_core, lang, 0):>10}{percent(o.p_all_save, lang, 0):>12}"
        out.write(row + "\n")


_TRADEOFF_HEAD = {
    "sv": ("enkelhet: närmaste nyckel med högst k grunder", "k", "i kärnan", "avstånd, kr"),
    "en": ("simplicity: the closest key with at most k drivers", "k", "in core", "distance, SEK"),
}


def _tradeoff(report: KeyReport, name: str, lang: str, out: TextIO) -> None:
    """The closest driver key with at most k drivers, for each k: what simplicity costs."""
    points = (report.tradeoffs or {}).get(name)
    if not points:
        return
    head, yes = _TRADEOFF_HEAD[lang], _YES[lang]
    weights_head = text("header.weights", lang).lower()
    out.write(f"  {head[0]}:\n  {head[1]:<4}{head[2]:>10}{head[3]:>18}  {weights_head}\n")
    for p in points:
        weights = ", ".join(
            f"{driver_label(d, lang)} {weight_text(w, lang, p.weights.tolist())}"
            for d, w in zip(p.drivers, p.weights)
        )
        out.write(
            f"  {p.k:<4}{yes[p.in_core]:>10}{number(p.distance_sek, 0, lang):>18}  {weights}\n"
        )


def _draw_count(value: str) -> int:
    """A whole number of draws, 0 (none) or more."""
    try:
        number_ = int(value)
    except ValueError:
        number_ = -1
    if number_ < 0:
        raise argparse.ArgumentTypeError(f"a whole number of draws, 0 or more; got {value!r}")
    return number_


def _or_nan(value: float | None) -> float:
    return math.nan if value is None else value


def _excess(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else round(value, 2)


def _proposal(report: KeyReport, name: str, p: KeyProposal) -> dict[str, object]:
    worst = p.worst
    return {
        "title": {"sv": report.title(name, "sv"), "en": report.title(name, "en")},
        "sentence": {
            "sv": key_sentences(report, "sv")[name],
            "en": key_sentences(report, "en")[name],
        },
        "weights": dict(zip(p.drivers, map(float, p.weights))),
        "in_core_all_years": p.in_core,
        "least_excess_fallback": p.least_excess,
        "empty_cores": [str(label) for label in p.empty_cores],
        "worst": {
            "year": str(worst.label),
            "coalition": worst.check.objecting_coalition,
            "excess_sek": _excess(worst.check.max_excess),
        },
        "games": {
            str(v.label): {
                "in_core": v.check.in_core,
                "max_excess_sek": _excess(v.check.max_excess),
                "objecting_coalition": v.check.objecting_coalition,
                "allocation_sek": dict(zip(p.players, map(float, v.allocation))),
            }
            for v in p.evaluation.verdicts
        },
        "skipped_drivers": dict(p.skipped),
        "agreement_years": list(report.span(name)),
        "family": report.family(name),
        "families": {
            family: {
                "weights": dict(zip(q.drivers, map(float, q.weights))),
                "in_core_all_years": q.in_core,
                "odds": _odds(report, name, family),
            }
            for family, q in (report.families or {}).get(name, {}).items()
        },
    }


def _odds(report: KeyReport, name: str, family: str) -> dict[str, object] | None:
    odds = (report.odds or {}).get(name, {}).get(family)
    if odds is None:
        return None
    return {
        "draws": odds.draws,
        "in_core": odds.whole,
        "p_in_core": odds.p_in_core,
        "p_all_save": odds.p_all_save,
        "p_save": dict(zip(report.proposals[name].players, odds.p_save)),
        "candidates": odds.candidates,
        "lower_bound": odds.lower,
        "draws_needed": odds.needed,
    }


def _document(report: KeyReport, title: str) -> dict[str, object]:
    comparison = report.comparison_table()
    return {
        "scenario": report.scenario,
        "title": title,
        "agreement_years": list(report.agreement),
        "services": {
            name: _proposal(report, name, p) | {"comparison": _records(comparison, name)}
            for name, p in report.proposals.items()
        },
    }


def _records(comparison: pd.DataFrame, name: str) -> list[dict[str, object]]:
    rows = comparison[comparison["service"] == name].drop(columns=["scenario", "service"])
    return [
        {
            k: (str(v) if k == "worst_year" else v.item() if hasattr(v, "item") else v)
            for k, v in row.items()
        }
        for row in rows.to_dict(orient="records")
    ]


def _table(report: KeyReport, sc: scenario_mod.Scenario, lang: str, out: TextIO) -> None:
    head, yes = _HEAD[lang], _YES[lang]
    first = next(iter(report.proposals.values()))
    out.write(
        head[0].format(
            title=sc.title,
            id=sc.id,
            first=report.agreement[0],
            last=report.agreement[1],
            objective=_OBJECTIVE[lang][first.objective],
            step=weight_text(first.step, lang),
        )
        + "\n"
    )
    comparison = report.comparison_table()
    for name, p in report.proposals.items():
        out.write(f"\n{report.title(name, lang)} ({name})\n  {key_sentences(report, lang)[name]}\n")
        weights = ", ".join(
            f"{driver_label(d, lang)} {weight_text(w, lang, p.weights.tolist())}"
            for d, w in zip(p.drivers, p.weights)
        )
        out.write(f"  {head[1]}: {weights}\n")
        if p.skipped:
            out.write(
                f"  {head[11]}: " + "; ".join(f"{d} ({why})" for d, why in p.skipped.items()) + "\n"
            )
        out.write(f"  {head[2]:<14}{head[3]:>10}{head[4]:>24}  {head[5]}\n")
        for v in p.evaluation.verdicts:
            label = head[6] if v.label == "npv" else str(v.label)
            out.write(
                f"  {label:<14}{yes[v.check.in_core]:>10}"
                f"{number(_or_nan(v.check.max_excess), 0, lang):>24}  "
                f"{v.check.objecting_coalition}\n"
            )
        _families(report, name, lang, out)
        _tradeoff(report, name, lang, out)
        out.write(f"  {head[7]}:\n  {head[8]:<16}{head[9]:>10}{head[4]:>24}{head[10]:>28}\n")
        for row in comparison[comparison["service"] == name].itertuples():
            key = head[12] if row.key == KEY_METHOD else driver_label(row.key, lang)
            out.write(
                f"  {key:<16}{yes[bool(row.in_core_all_years)]:>10}"
                f"{number(row.worst_excess_sek, 0, lang):>24}"
                f"{number(row.distance_to_nucleolus_sek, 0, lang):>28}\n"
            )
