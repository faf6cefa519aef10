"""The catalogue of what the services declared: titles, driver labels and phrases, cost components,
in Swedish and English; every driver a key may use has words."""

from __future__ import annotations

import pytest

from simulator.engine import catalogue
from simulator.services import REGISTRY, governance
from simulator.services.drivers import DRIVER_MEASURES, FACT_DRIVERS, SERVICE_DRIVER, driver_names


def test_service_titles_in_both_languages() -> None:
    assert catalogue.service_title("payroll", "sv") == "Löneadministration"
    assert catalogue.service_title("payroll", "en") == "Payroll administration"
    assert catalogue.service_title("switchboard", "sv") == "Växel"
    assert catalogue.service_title("rescue_service", "en") == "Rescue service (fire chief)"
    assert catalogue.service_title("governance", "sv") == "Styrning och samordning"
    assert catalogue.service_title("governance", "en") == "Governance and coordination"
    assert catalogue.service_title("total", "sv") == "Totalt"
    assert catalogue.service_title("total", "en") == "Total"
    assert catalogue.service_title("no_such_service", "sv") == "no_such_service"


def test_every_service_has_a_title() -> None:
    for service in [*REGISTRY.values(), governance.SERVICE]:
        assert catalogue.service_title(service.name, "sv") == service.title_sv
        assert catalogue.service_title(service.name, "en") == service.title_en


@pytest.mark.parametrize(
    ("driver", "sv", "en"),
    [
        ("population", "invånare", "inhabitants"),
        ("employees", "anställda", "employees"),
        ("payslips", "lönespecifikationer", "payslips"),
        ("spend", "inköpsvolym", "purchasing volume"),
        ("consultations", "pensionssamtal", "pension consultations"),
        ("equal", "lika delar", "equal shares"),
        ("standalone", "egen kostnad", "own cost"),
    ],
)
def test_driver_labels(driver: str, sv: str, en: str) -> None:
    assert (catalogue.driver_label(driver, "sv"), catalogue.driver_label(driver, "en")) == (sv, en)


@pytest.mark.parametrize(
    ("driver", "sv", "en"),
    [
        ("population", "antal invånare", "number of inhabitants"),
        ("payslips", "antal lönespecifikationer", "number of payslips"),
        ("calls", "antal samtal till växeln", "number of calls to the switchboard"),
        ("tickets", "antal ärenden till IT-supporten", "number of IT support tickets"),
        (
            "standalone",
            "vad kommunen skulle kosta ensam (en modellsiffra)",
            "what each municipality would cost alone (a model figure)",
        ),
        ("glide:population", "invånare (glidning)", "inhabitants (glide)"),
    ],
)
def test_driver_phrases(driver: str, sv: str, en: str) -> None:
    assert (catalogue.driver_phrase(driver, "sv"), catalogue.driver_phrase(driver, "en")) == (
        sv,
        en,
    )


def test_every_key_driver_has_a_label_and_a_phrase_in_both_languages() -> None:
    drivers = {*FACT_DRIVERS, *DRIVER_MEASURES, *SERVICE_DRIVER.values(), "equal", "standalone"}
    assert set(driver_names(list(REGISTRY))) <= drivers
    for driver in drivers:  # a Swedish word differs from the (English) name: it was declared
        assert catalogue.driver_label(driver, "sv") not in ("", driver)
        assert catalogue.driver_label(driver, "en")
        for lang in ("sv", "en"):
            assert catalogue.driver_phrase(driver, lang) not in ("", driver)
    assert catalogue.driver_label("no_such_driver", "en") == "no_such_driver"
    assert catalogue.driver_phrase("no_such_driver", "sv") == "no_such_driver"


def test_the_derived_driver_tables_read_the_declarations() -> None:
    assert FACT_DRIVERS == ("population", "employees")
    assert DRIVER_MEASURES["payslips"] == ("payroll", "payslips")
    assert DRIVER_MEASURES["tickets"] == ("it_support", "tickets")
    assert list(DRIVER_MEASURES) == [
        "payslips",
        "calls",
        "spend",
        "procurements",
        "consultations",
        "users",
        "tickets",
    ]
    assert dict(SERVICE_DRIVER) == {
        "payroll": "payslips",
        "switchboard": "calls",
        "procurement": "spend",
        "pension": "consultations",
        "it_support": "users",
        "managers": "employees",
    }
    for service, driver in SERVICE_DRIVER.items():
        assert catalogue.volume_driver(service) == driver
    assert catalogue.volume_driver("given_cost") is None
    assert catalogue.volume_driver("no_such_service") is None


def test_every_measure_a_driver_reads_is_one_its_service_reports() -> None:
    for driver, (service, measure) in DRIVER_MEASURES.items():
        declared = {d.name: d for d in REGISTRY[service].drivers}[driver]
        assert declared.measure == measure and declared.unit


@pytest.mark.parametrize(
    ("component", "sv", "en"),
    [
        ("personnel", "Personal", "Staff"),
        ("overhead", "Lokaler och övrigt", "Premises and other"),
        ("systems", "System och licenser", "Systems and licences"),
        ("travel", "Resor", "Travel"),
        ("coordination", "Samordning", "Coordination"),
        ("external", "Köpta tjänster", "Bought services"),
        ("given", "Överenskommen kostnad", "Agreed cost"),
        ("steering", "Styrgrupp och avtal", "Steering group"),
        ("migration", "Migrering", "Migration"),
        ("project", "Projekt och utbildning", "Project and training"),
    ],
)
def test_component_labels(component: str, sv: str, en: str) -> None:
    assert catalogue.component_label(component, "sv") == sv
    assert catalogue.component_label(component, "en") == en


def test_every_component_a_service_declares_has_a_label_and_unknown_ones_pass_through() -> None:
    for service in [*REGISTRY.values(), governance.SERVICE]:
        assert service.components, service.name
        for component in service.components:
            assert catalogue.component_label(component.name, "sv") == component.label.sv
            assert catalogue.component_label(component.name, "en") == component.label.en
    assert catalogue.component_label("no_such_component", "sv") == "no_such_component"


def test_an_unknown_language_is_an_error() -> None:
    with pytest.raises(KeyError):
        catalogue.service_title("payroll", "de")
