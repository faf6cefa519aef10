"""The words the services declared, for readers of results (the report never imports services).

Service titles, driver labels and key phrases, cost component labels, in Swedish (``sv``) or
English (``en``). Everything is read from the service declarations
(:class:`simulator.services.base.Service`, :mod:`simulator.services.vocabulary`); the two key
drivers that are not volumes, ``equal`` and ``standalone``, are worded here. Names nobody
declared pass through unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from simulator.keys.families import GLIDE, target_driver
from simulator.services import REGISTRY, governance, vocabulary
from simulator.services.base import Driver, Service, Wording

__all__ = [
    "service_title",
    "driver_label",
    "driver_phrase",
    "component_label",
    "volume_driver",
    "mechanism_label",
    "MECHANISM_ORDER",
]

_TOTAL = Wording(sv="Totalt", en="Total")
_NON_VOLUME = (
    Driver(
        name="agreed",
        measure="",
        unit="",
        label=Wording(sv="avtalad andel", en="agreed share"),
        phrase=Wording(sv="de andelar parterna redan avtalat", en="the shares already agreed"),
    ),
    Driver(
        name="equal",
        measure="",
        unit="",
        label=Wording(sv="lika delar", en="equal shares"),
        phrase=Wording(sv="lika delar", en="equal shares"),
    ),
    Driver(
        name="standalone",
        measure="",
        unit="",
        label=Wording(sv="egen kostnad", en="own cost"),
        phrase=Wording(
            sv="vad kommunen skulle kosta ensam (en modellsiffra)",
            en="what each municipality would cost alone (a model figure)",
        ),
    ),
    Driver(
        name="historic",
        measure="",
        unit="",
        label=Wording(sv="historisk kostnad", en="historic cost"),
        phrase=Wording(
            sv="kommunens egen kostnad för tjänsten året före starten",
            en="each municipality's own cost of the service in the year before the start",
        ),
    ),
    Driver(
        name="schedule",
        measure="",
        unit="",
        label=Wording(sv="fast andel", en="fixed share"),
        phrase=Wording(sv="fasta andelar", en="fixed percentages"),
    ),
)
"""Key drivers that are not volumes: equal shares, and shares of each one's own cost."""


@cache
def _services() -> Mapping[str, Service]:
    return MappingProxyType({**REGISTRY, governance.SERVICE.name: governance.SERVICE})


@cache
def _drivers() -> Mapping[str, Driver]:
    declared = [*vocabulary.FACT_DRIVERS, *_NON_VOLUME]
    declared += [d for s in _services().values() for d in s.drivers]
    return MappingProxyType({d.name: d for d in declared})


@cache
def _components() -> Mapping[str, Wording]:
    declared = [*vocabulary.COMPONENTS, *(c for s in _services().values() for c in s.components)]
    return MappingProxyType({c.name: c.label for c in declared})


def service_title(name: str, lang: str) -> str:
    """A service's title (``payroll`` → ``Löneadministration``); ``total`` → ``Totalt`` /
    ``Total``."""
    if name == "total":
        return _TOTAL.pick(lang)
    service = _services().get(name)
    return name if service is None else service.title(lang)


def driver_label(name: str, lang: str) -> str:
    """A key driver's short label (``payslips`` → ``lönespecifikationer``/``payslips``); a glide
    ``glide:population`` → ``invånare (glidning)``."""
    if name.startswith(GLIDE):
        return f"{driver_label(target_driver(name), lang)} ({_GLIDE_WORD.pick(lang)})"
    driver = _drivers().get(name)
    return name if driver is None else driver.label.pick(lang)


def driver_phrase(name: str, lang: str) -> str:
    """A key driver in a key sentence (``payslips`` → ``antal lönespecifikationer``)."""
    if name.startswith(GLIDE):
        return driver_label(name, lang)
    driver = _drivers().get(name)
    return name if driver is None else driver.phrase.pick(lang)


_GLIDE_WORD = Wording(sv="glidning", en="glide")


def component_label(name: str, lang: str) -> str:
    """A cost component's label (``personnel`` → ``Personal``/``Staff``)."""
    label = _components().get(name)
    return name if label is None else label.pick(lang)


MECHANISM_ORDER: tuple[str, ...] = tuple(vocabulary.MECHANISMS)
"""The mechanisms a saving is put down to, in the order they are shown."""


def mechanism_label(name: str, lang: str) -> str:
    """A mechanism's label (``pooling`` → ``Sammanslagna köer``/``Queue pooling``)."""
    label = vocabulary.MECHANISMS.get(name)
    return name if label is None else label.pick(lang)


def volume_driver(service: str) -> str | None:
    """The volume key councils usually share ``service`` by (``payroll`` → ``payslips``), or
    None."""
    declared = _services().get(service)
    return None if declared is None else declared.volume_key
