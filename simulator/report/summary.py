"""summary.md and the console summary, in the report language (sv / en)."""

from __future__ import annotations

import pandas as pd

from simulator.engine.evaluation import RunResult
from simulator.report import tables
from simulator.report.formatting import money, number, percent
from simulator.report.labels import method_label
from simulator.scenario.assumptions import assumptions_table

__all__ = ["service_overview", "markdown", "console"]

_TEXT = {
    "sv": {
        "service": "Tjänst",
        "alone": "Var för sig",
        "shared": "Tillsammans",
        "saving": "Besparing",
        "fte_alone": "Årsarb. var för sig",
        "fte_shared": "Årsarb. tillsammans",
        "total": "Totalt",
        "npv": "Nuvärde av nettobesparing {first}–{last} (diskonteringsränta {rate})",
        "payback": "Återbetalningsår",
        "never": "ingen återbetalning före {last}",
        "year": "Årlig kostnad {year} (sista året, efter personalavgångar)",
        "assumptions": "Antaganden och parametrar",
        "block": "Block",
        "param": "Parameter",
        "value": "Värde",
        "unit": "Enhet",
        "range": "Rimligt intervall",
        "source": "Källa",
        "flag": "Antagande?",
        "yes": "ja",
        "no": "nej",
        "outside": "utanför modellens rimliga intervall",
        "one_off": "Engångskostnader för övergången",
        "members": "Kommuner",
        "period": "Period",
        "per_member": "Vem betalar vad? Nuvärde {first}–{last}, alla tjänster",
        "municipality": "Kommun",
        "method": "Metod",
        "in_core": "Ingen grupp förlorar?",
        "price": "Volymeffekt i upphandling: vem betalar vad med och utan prisvinsten (nuvärde, {method})",
        "price_without": "Utan prisvinst",
        "price_with": "Med prisvinst",
        "price_note": "Prisvinsten vid gemensam upphandling redovisas separat och ingår inte i "
        "kostnadsspelet om inte scenariot anger include_price_effect: true.",
    },
    "en": {
        "service": "Service",
        "alone": "Alone",
        "shared": "Shared",
        "saving": "Saving",
        "fte_alone": "FTE alone",
        "fte_shared": "FTE shared",
        "total": "Total",
        "npv": "Net present value of net savings {first}–{last} (discount rate {rate})",
        "payback": "Payback year",
        "never": "no payback before {last}",
        "year": "Annual cost {year} (last year, after attrition)",
        "assumptions": "Assumptions and parameters",
        "block": "Block",
        "param": "Parameter",
        "value": "Value",
        "unit": "Unit",
        "range": "Plausible range",
        "source": "Source",
        "flag": "Assumption?",
        "yes": "yes",
        "no": "no",
        "outside": "outside the model's plausible range",
        "one_off": "One-off transition costs",
        "members": "Municipalities",
        "period": "Period",
        "per_member": "Who pays what? Present value {first}–{last}, all services",
        "municipality": "Municipality",
        "method": "Method",
        "in_core": "No group loses?",
        "price": "Volume price effect in procurement: who pays what with and without the price gain "
        "(present value, {method})",
        "price_without": "Without price gain",
        "price_with": "With price gain",
        "price_note": "The price gain of joint procurement is reported apart and left out of the cost "
        "game unless the scenario sets include_price_effect: true.",
    },
}


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


def _title(result: RunResult, name: str, lang: str) -> str:
    if name == "total":
        return _TEXT[lang]["total"]
    service = result.services[name].service
    return service.title_sv if lang == "sv" else service.title_en


def _overview_md(result: RunResult, lang: str) -> list[str]:
    t = _TEXT[lang]
    head = [t[k] for k in ("service", "alone", "shared", "saving", "fte_alone", "fte_shared")]
    lines = ["| " + " | ".join(head) + " |", "|---|---:|---:|---:|---:|---:|"]
    for row in service_overview(result).itertuples():
        lines.append(
            f"| {_title(result, row.service, lang)} | {money(row.alone_sek, lang)} | "
            f"{money(row.shared_sek, lang)} | {money(row.saving_sek, lang)} | "
            f"{number(row.fte_alone, 1, lang)} | {number(row.fte_shared, 1, lang)} |"
        )
    return lines


def _shown(value: object, lang: str) -> str:
    """A parameter value or range end in the report language (settings as written)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or pd.isna(value):
        return (
            ""
            if value is None or (isinstance(value, float) and pd.isna(value))
            else str(value).replace("|", "/")
        )
    return (
        number(value, 0, lang)
        if float(value).is_integer()
        else number(value, 4, lang).rstrip("0").rstrip(",.")
    )


def _assumptions_md(result: RunResult, lang: str) -> list[str]:
    t = _TEXT[lang]
    head = [t[k] for k in ("block", "param", "value", "unit", "range", "flag", "source")]
    lines = ["| " + " | ".join(head) + " |", "|---|---|---:|---|---|---|---|"]
    for row in assumptions_table(result.scenario).itertuples():
        has_range = row.low is not None and not pd.isna(row.low)
        span = f"{_shown(row.low, lang)} – {_shown(row.high, lang)}" if has_range else ""
        if not row.within_declared_range:
            span += f" ({t['outside']})"
        flag = t["yes"] if row.assumption else t["no"]
        lines.append(
            f"| {row.block} | {row.name} | {_shown(row.value, lang)} | {row.unit} | {span} | {flag} | "
            f"{str(row.source).replace('|', '/')} |"
        )
    return lines


def _headline(result: RunResult, lang: str) -> list[str]:
    t = _TEXT[lang]
    table = tables.projection_table(result)
    years = result.context.years
    rate = percent(result.context.economics["discount_rate"], lang)
    payback = tables.payback(result)
    shown = str(payback) if payback is not None else t["never"].format(last=years[-1])
    return [
        f"- {t['npv'].format(first=years[0], last=years[-1], rate=rate)}: "
        f"**{money(table['discounted_saving_sek'].sum(), lang)}**",
        f"- {t['one_off']}: {money(table['one_off_sek'].sum(), lang)}",
        f"- {t['payback']}: **{shown}**",
    ]


_SHOWN_METHODS = (
    "agreed",
    "proposed_key",
    "equal",
    "proportional:population",
    "standalone",
    "shapley",
    "nucleolus",
)


def _per_member_md(result: RunResult, allocations: pd.DataFrame, lang: str) -> list[str]:
    t = _TEXT[lang]
    rows = allocations[(allocations["year"] == "npv") & (allocations["service"] == "total")]
    methods = [m for m in _SHOWN_METHODS if m in set(rows["method"])]
    head = (
        f"| {t['method']} | " + " | ".join(result.scenario.municipalities) + f" | {t['in_core']} |"
    )
    lines = [head, "|---|" + "---:|" * len(result.scenario.municipalities) + "---|"]
    for method in methods:
        part = rows[rows["method"] == method].set_index("municipality")
        cells = [
            f"{money(part.at[m, 'cost_sek'], lang)} ({percent(part.at[m, 'saving_pct'] / 100, lang)})"
            for m in result.scenario.municipalities
        ]
        ok = t["yes"] if part["in_core"].all() else t["no"]
        lines.append(f"| {method_label(method, lang)} | " + " | ".join(cells) + f" | {ok} |")
    return lines


def _price_md(price: pd.DataFrame, lang: str, method: str) -> list[str]:
    t = _TEXT[lang]
    lines = [
        f"## {t['price'].format(method=method_label(method, lang))}",
        "",
        t["price_note"],
        "",
        f"| {t['municipality']} | {t['alone']} | {t['price_without']} | {t['price_with']} |",
        "|---|---:|---:|---:|",
    ]
    for row in price.itertuples():
        lines.append(
            f"| {row.municipality} | {money(row.standalone_sek, lang)} | {money(row.without_sek, lang)} | "
            f"{money(row.with_sek, lang)} |"
        )
    return lines


def markdown(
    result: RunResult,
    allocations: pd.DataFrame | None = None,
    price: pd.DataFrame | None = None,
    keys_section: str | None = None,
) -> str:
    """The whole summary.md text: headline, per-member allocations, keys, price effect, assumptions."""
    lang = result.scenario.language
    t = _TEXT[lang]
    sc = result.scenario
    lines = [
        f"# {sc.title}",
        "",
        f"- {t['members']}: {', '.join(sc.municipalities)}",
        f"- {t['period']}: {sc.base_year}–{sc.horizon}",
        *_headline(result, lang),
        "",
    ]
    if allocations is not None:
        lines += [
            f"## {t['per_member'].format(first=sc.base_year, last=sc.horizon)}",
            "",
            *_per_member_md(result, allocations, lang),
            "",
        ]
    if keys_section:
        lines += [keys_section, ""]
    lines += [f"## {t['year'].format(year=sc.horizon)}", "", *_overview_md(result, lang), ""]
    if price is not None:
        lines += [*_price_md(price, lang, "shapley"), ""]
    lines += [f"## {t['assumptions']}", "", *_assumptions_md(result, lang), ""]
    return "\n".join(lines)


def console(result: RunResult) -> str:
    """A short fixed-width table for the terminal."""
    lang = result.scenario.language
    t = _TEXT[lang]
    overview = service_overview(result)
    titles = [_title(result, name, lang) for name in overview["service"]]
    width = max(len(t["service"]), *map(len, titles)) + 2
    head = f"{t['service']:<{width}}{t['alone']:>14}{t['shared']:>14}{t['saving']:>14}"
    lines = [
        f"{result.scenario.title}",
        t["year"].format(year=result.scenario.horizon),
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
