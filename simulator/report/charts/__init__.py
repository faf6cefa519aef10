"""Charts for decision documents: each a pure function of tidy tables returning a matplotlib
``Figure``.

Every chart states its message in the title (computed from the data), uses the report language
(``lang="sv"`` or ``"en"``) with Swedish number format in Swedish, names its source on the last
line, uses colour-blind-safe colours and fits an A4 page. :func:`save` writes PNG and PDF;
:func:`write_charts` writes every chart that applies to a run, in the formats asked for
(:data:`FORMAT_CHOICES`).

Example
-------
>>> from simulator.report import charts                                     # doctest: +SKIP
>>> fig = charts.cost_by_service(tables["costs"], lang="sv", source="Källa: samverkan")
>>> charts.save(fig, folder, "cost_by_service")
['cost_by_service.png', 'cost_by_service.pdf']
"""

from simulator.report.charts.allocation import allocation_methods
from simulator.report.charts.base import save
from simulator.report.charts.core import core_diagram
from simulator.report.charts.costs import cost_by_service, waterfall
from simulator.report.charts.jobs import jobs_by_municipality, jobs_frame
from simulator.report.charts.queue import service_level_curves
from simulator.report.charts.savings import savings_over_years
from simulator.report.charts.sources import saving_sources_chart, sources_frame
from simulator.report.charts.structures import structures_grid, structures_map
from simulator.report.charts.write import FORMAT_CHOICES, queue_settings, write_charts

__all__ = [
    "cost_by_service",
    "waterfall",
    "allocation_methods",
    "savings_over_years",
    "service_level_curves",
    "core_diagram",
    "jobs_by_municipality",
    "saving_sources_chart",
    "sources_frame",
    "jobs_frame",
    "structures_grid",
    "structures_map",
    "save",
    "write_charts",
    "queue_settings",
    "FORMAT_CHOICES",
]
