"""The look of the report: colours, sizes, fonts and label texts (Swedish and English).

Colours are the Okabe–Ito palette, which stays distinguishable under the common forms of colour
blindness and in greyscale print. Sizes are for an A4 page: a chart fills the text width (17 cm).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from simulator.report import labels
from simulator.services import REGISTRY, governance

__all__ = [
    "OKABE_ITO",
    "SERIES",
    "COMPONENT_COLOURS",
    "GREY",
    "LIGHT",
    "CM",
    "WIDTH_CM",
    "DPI",
    "FONT_PT",
    "TITLE_PT",
    "SMALL_PT",
    "RC",
    "TEXT",
    "text",
    "service_title",
    "component_label",
    "method_label",
    "source_line",
]

OKABE_ITO = MappingProxyType(
    {
        "black": "#000000",
        "orange": "#E69F00",
        "sky_blue": "#56B4E9",
        "green": "#009E73",
        "yellow": "#F0E442",
        "blue": "#0072B2",
        "vermillion": "#D55E00",
        "purple": "#CC79A7",
    }
)
SERIES = tuple(
    OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky_blue", "yellow")
)
"""Colours for categories (municipalities, components) in order; black is kept for totals."""
COMPONENT_COLOURS = MappingProxyType(
    {
        "personnel": OKABE_ITO["blue"],
        "overhead": OKABE_ITO["sky_blue"],
        "systems": OKABE_ITO["green"],
        "external": OKABE_ITO["orange"],
        "coordination": OKABE_ITO["purple"],
        "travel": OKABE_ITO["vermillion"],
        "given": OKABE_ITO["yellow"],
        "steering": OKABE_ITO["black"],
    }
)
"""One colour per cost component, the same in every chart."""
GREY = "#7F7F7F"
LIGHT = "#D9D9D9"

CM = 1 / 2.54  # inches per centimetre
WIDTH_CM = 17.0  # A4 text width
DPI = 300  # PNG resolution
FONT_PT, SMALL_PT, TITLE_PT = 8.5, 8.0, 10.5

RC = MappingProxyType(
    {
        "font.family": "DejaVu Sans",
        "font.size": FONT_PT,
        "axes.titlesize": FONT_PT,
        "axes.labelsize": FONT_PT,
        "xtick.labelsize": SMALL_PT,
        "ytick.labelsize": SMALL_PT,
        "legend.fontsize": SMALL_PT,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": GREY,
        "axes.linewidth": 0.6,
        "xtick.color": "#333333",
        "ytick.color": "#333333",
        "axes.grid": False,
        "grid.color": LIGHT,
        "grid.linewidth": 0.5,
        "legend.frameon": False,
        "pdf.fonttype": 42,
        "svg.fonttype": "none",
        "axes.unicode_minus": True,
        "figure.dpi": 100,
        "savefig.dpi": DPI,
    }
)
"""matplotlib settings, applied with ``matplotlib.rc_context`` while a chart is drawn."""

TEXT: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "sv": MappingProxyType(
            {
                "source": "Källa: samverkan, scenario {scenario}, {date}",
                "total": "Totalt",
                "alone": "Var för sig",
                "shared": "Tillsammans",
                "cost_year": "Kostnad per år",
                "npv": "nuvärde {first}–{last}",
                "one_off_step": "Övergång (engångskostnad)",
                "shared_total": "Tillsammans",
                "annual": "Nettobesparing per år (efter engångskostnader)",
                "cumulative": "Ackumulerad nettobesparing",
                "discounted": "Ackumulerat nuvärde",
                "payback": "Återbetalning {year}",
                "agents": "Agenter i tjänst",
                "service_level": "Servicenivå",
                "abandonment": "Andel som lägger på",
                "target": "Mål {share} inom {within} s",
                "pooled": "Alla tillsammans",
                "share_of_cost": "Andel av gemensam kostnad",
                "saving_pct": "Besparing mot att gå själv",
                "reference": "Kostnad var för sig (ingen besparing)",
                "outside_core": "* utanför kärnan: någon kommun eller grupp betalar mer än den skulle göra själv",
                "core": "Kärnan",
                "no_saving": "{name} sparar inget",
                "pays": "{name} betalar",
                "core_note": "Kärnan: fördelningar där ingen kommun eller grupp av kommuner betalar mer än "
                "den skulle göra på egen hand",
            }
        ),
        "en": MappingProxyType(
            {
                "source": "Source: samverkan, scenario {scenario}, {date}",
                "total": "Total",
                "alone": "Alone",
                "shared": "Shared",
                "cost_year": "Annual cost",
                "npv": "present value {first}–{last}",
                "one_off_step": "Transition (one-off)",
                "shared_total": "Shared",
                "annual": "Annual net saving (after one-off costs)",
                "cumulative": "Cumulative net saving",
                "discounted": "Cumulative present value",
                "payback": "Payback {year}",
                "agents": "Agents on duty",
                "service_level": "Service level",
                "abandonment": "Share of callers hanging up",
                "target": "Target {share} within {within} s",
                "pooled": "All together",
                "share_of_cost": "Share of the joint cost",
                "saving_pct": "Saving against going alone",
                "reference": "Cost alone (no saving)",
                "outside_core": "* outside the core: some municipality or group pays more than it would alone",
                "core": "Core",
                "no_saving": "{name} saves nothing",
                "pays": "{name} pays",
                "core_note": "Core: allocations in which no municipality or group of municipalities pays more "
                "than it would on its own",
            }
        ),
    }
)

_COMPONENTS = {
    "personnel": ("Personal", "Staff"),
    "overhead": ("Lokaler och övrigt", "Premises and other"),
    "systems": ("System och licenser", "Systems and licences"),
    "travel": ("Resor", "Travel"),
    "coordination": ("Samordning", "Coordination"),
    "external": ("Köpta tjänster", "Bought services"),
    "given": ("Överenskommen kostnad", "Agreed cost"),
    "steering": ("Styrgrupp och avtal", "Steering group"),
    "migration": ("Migrering", "Migration"),
    "project": ("Projekt och utbildning", "Project and training"),
}


def text(key: str, lang: str, **values: object) -> str:
    """The label ``key`` in ``lang``, with ``values`` filled in."""
    return TEXT[lang][key].format(**values)


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "sv" else pair[1]


def service_title(name: str, lang: str) -> str:
    """A service's display title (``total`` is the sum of all services); unknown names as given."""
    if name == "total":
        return text("total", lang)
    service = governance.SERVICE if name == "governance" else REGISTRY.get(name)
    if service is None:
        return name
    return service.title_sv if lang == "sv" else service.title_en


def component_label(component: str, lang: str) -> str:
    """A cost component's display label (``personnel`` → ``Personal``)."""
    return _pick(_COMPONENTS[component], lang) if component in _COMPONENTS else component


def method_label(method: str, lang: str) -> str:
    """An allocation method's display label (see :func:`simulator.report.labels.method_label`)."""
    return labels.method_label(method, lang)


def source_line(scenario_id: str, date: str, lang: str) -> str:
    """``Källa: samverkan, scenario pitea_alvsbyn, 2026-11-22``."""
    return text("source", lang, scenario=scenario_id, date=date)
