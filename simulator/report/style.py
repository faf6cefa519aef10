"""The look of the report: colours, sizes and fonts; and the labels charts put on services,
components and methods (read from :mod:`simulator.engine.catalogue` and
:mod:`simulator.report.texts`).

Colours are the Okabe–Ito palette, which stays distinguishable under the common forms of colour
blindness and in greyscale print. Sizes are for an A4 page: a chart fills the text width (17 cm).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from simulator.engine.catalogue import component_label, service_title
from simulator.report import texts
from simulator.report.labels import method_label

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

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
DPI = 200  # PNG resolution: print quality at the 17 cm text width (see charts.base.PNG_DPI)
FONT_PT = 8.5  # body text, axis labels
SMALL_PT = 8.0  # ticks, legends, notes
TITLE_PT = 10.5  # the message title

RC: Mapping[RcKeyType, Any] = MappingProxyType(
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
        "pdf.fonttype": 3,  # Type 3 with a Unicode map: searchable, fast (see charts.base)
        "svg.fonttype": "none",
        "axes.unicode_minus": True,
        "figure.dpi": 100,
        "savefig.dpi": DPI,
    }
)
"""matplotlib settings, applied with ``matplotlib.rc_context`` while a chart is drawn."""


def source_line(scenario_id: str, date: str, lang: str) -> str:
    """``Källa: samverkan, scenario pitea_alvsbyn, 2026-11-22``."""
    return texts.text("chart.source", lang, scenario=scenario_id, date=date)
