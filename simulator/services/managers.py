"""Managers and specialists (chefer och specialister).

Specialist roles (settings): each role's demand in FTE per 1 000 employees or inhabitants. A
coalition staffs ``max(pooled demand, minimum viable FTE)`` in-house, or buys the role at an
external hourly price for ``max(demand hours, minimum hours)`` when that is cheaper (so a member
alone may buy what the group can afford to employ); ``choices["make_or_buy_<role>"]`` is 1 for
in-house. The external hourly price is in base-year SEK and grows with the wage index, as the
salaries do (consultants' fees follow wages). The choice is made once per coalition for the whole
horizon, by comparing the sums over the years of the in-house and the external cost, so it never
flips inside a run: staff are reduced only through attrition, and a later switch to buying would
pay the consultant and the surplus staff at once. Managers: every other service's staffed FTE
``f`` needs ``max(f / span, minimum)`` manager FTE when ``f > 0`` (a fractional policy: a unit of
its own needs at least a share of a manager), so one shared unit needs fewer than n small ones.
Arrays are (..., Y, C): a leading axis (e.g. Monte Carlo draws) passes through.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator

from simulator.core.params import ParamSpec
from simulator.services import vocabulary
from simulator.services.base import Context, Measure, Service, ServiceOutput, StaffGroup, Values
from simulator.services.common import (
    coordination_hours,
    in_house_cost,
    make_or_buy,
    policy,
    price_index,
    transition_costs,
    transition_params,
)

__all__ = ["SERVICE", "Role", "ManagersSettings", "DEFAULT_ROLES", "manager_fte"]

_DATA = "../shared/data/municipal_sources.csv"


class Role(BaseModel):
    """A specialist role: demand per 1 000 of a driver, a minimum viable FTE, an optional external
    price."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    driver: Literal["employees", "population"]
    fte_per_thousand: float = Field(ge=0)  # FTE per 1 000 employees or inhabitants
    minimum_fte: float = Field(gt=0)  # smallest position that keeps the competence
    monthly_salary: float = Field(gt=0)  # SEK/month, base year
    external_hourly_price: float | None = Field(default=None, gt=0)  # SEK/h; None: not bought
    external_minimum_hours: float = Field(
        default=0.0, ge=0
    )  # h/year an external contract covers at least
    source: str = Field(min_length=1)


def _role(
    name: str,
    driver: str,
    per_thousand: float,
    minimum: float,
    salary: float,
    price: float | None,
    hours: float,
    source: str,
) -> Role:
    return Role(
        name=name,
        driver=driver,
        fte_per_thousand=per_thousand,
        minimum_fte=minimum,
        monthly_salary=salary,
        external_hourly_price=price,
        external_minimum_hours=hours,
        source=source,
    )


DEFAULT_ROLES: tuple[Role, ...] = (
    _role(
        "hr_specialist",
        "employees",
        1.0,
        0.5,
        35000,
        None,
        0,
        "estimate: salary back-cast from personalhandläggare Piteå 38 313 SEK (Nov 2016, "
        "vision.se, verified); assumption: 1 HR specialist per 1 000 employees, always in-house",
    ),
    _role(
        "labour_law",
        "employees",
        0.15,
        0.5,
        40000,
        1500,
        40,
        "assumption: labour-law specialist; half a position "
        "keeps the competence; consultancy ≈1 500 SEK/h",
    ),
    _role(
        "data_protection",
        "employees",
        0.10,
        0.25,
        38000,
        1200,
        80,
        "assumption: PUL-ombud / dataskyddsombud; bought "
        "as a service at ≈1 200 SEK/h, at least 80 h/yr",
    ),
    _role(
        "archivist",
        "population",
        0.025,
        0.5,
        32000,
        900,
        120,
        "assumption: kommunarkivarie; archive services bought at ≈900 SEK/h, at least 120 h/yr",
    ),
    _role(
        "security_coordinator",
        "population",
        0.02,
        0.5,
        40000,
        None,
        0,
        "assumption: säkerhets- och beredskapssamordnare "
        "(crisis preparedness duties), always in-house",
    ),
    _role(
        "gis_engineer",
        "population",
        0.03,
        0.5,
        36000,
        1000,
        80,
        "assumption: GIS engineer; consultancy ≈1 000 SEK/h, at least 80 h/yr",
    ),
    _role(
        "procurement_lawyer",
        "employees",
        0.05,
        0.5,
        45000,
        1800,
        40,
        "assumption: procurement lawyer; law firm ≈1 800 SEK/h, at least 40 h/yr",
    ),
)


class ManagersSettings(BaseModel):
    """The specialist roles of the service (names unique; ``managers`` is reserved for the
    managers)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    roles: tuple[Role, ...] = DEFAULT_ROLES

    @field_validator("roles")
    @classmethod
    def _unique(cls, roles: tuple[Role, ...]) -> tuple[Role, ...]:
        names = [r.name for r in roles]
        if len(set(names)) != len(names) or "managers" in names:
            raise ValueError(f"role names must be unique and not 'managers'; got {names}")
        return roles


PARAMS = (
    ParamSpec(
        name="span_of_control",
        unit="persons/manager",
        default=15.0,
        low=8.0,
        high=30.0,
        source="assumption: staff per first-line manager in municipal administration",
        description="staff per manager",
    ),
    ParamSpec(
        name="manager_minimum_fte",
        unit="FTE",
        default=0.2,
        low=0.0,
        high=1.0,
        source="assumption: a unit of its own takes at least a "
        "fifth of a manager (budget, work environment)",
        description="least manager time per service unit with staff",
        policy=True,
    ),
    ParamSpec(
        name="manager_salary",
        unit="SEK/month",
        default=48000.0,
        low=42000.0,
        high=55000.0,
        source="estimate: upphandlingschef 63 149 SEK (2023, upphandling24.se, "
        f"verified, {_DATA}) back-cast 10 years at ≈2.75 %/yr",
        description="monthly salary of a first-line manager, base year",
    ),
    *transition_params(
        migration=0.0,
        migration_low=0.0,
        migration_high=100000.0,
        migration_source="assumption: no systems to migrate for shared roles",
        project_hours=100.0,
        coordination=20.0,
        coordination_source="assumption: agreeing priorities for "
        "the shared specialists with each member",
    ),
)


def manager_fte(service_fte: np.ndarray, p: Values) -> np.ndarray:
    """Manager FTE for a service's staffed FTE (any shape): ``max(f / span, minimum)`` where
    ``f > 0``."""
    return np.where(
        service_fte > 0,
        np.maximum(service_fte / p["span_of_control"], policy(p, "manager_minimum_fte")),
        0.0,
    )


def _evaluate(ctx: Context, p: Values, settings: BaseModel | None) -> ServiceOutput:
    roles = settings.roles if isinstance(settings, ManagersSettings) else DEFAULT_ROLES
    shape = (*ctx.facts.employees.shape[:-1], ctx.size.size)  # (..., Y, C)
    productive = ctx.economics["productive_hours_per_fte"]
    prices = price_index(ctx)
    staff: dict[str, StaffGroup] = {}
    choices: dict[str, np.ndarray] = {}
    external = np.zeros(shape)
    for role in roles:  # a handful of roles, each vectorised over years and coalitions
        driver = ctx.facts.employees if role.driver == "employees" else ctx.facts.population
        demand = ctx.pool(driver / 1000.0 * role.fte_per_thousand)
        make = np.ones(shape, dtype=bool)
        if role.external_hourly_price is not None:
            hours = np.maximum(demand * productive, role.external_minimum_hours)
            bought = hours * role.external_hourly_price * prices
            make = make_or_buy(
                in_house_cost(ctx, demand, role.minimum_fte, role.monthly_salary), bought
            )
            external = external + bought * ~make
        staff[role.name] = StaffGroup(demand * make, role.minimum_fte * make, role.monthly_salary)
        choices[f"make_or_buy_{role.name}"] = make.astype(np.float64)
    managed = sum(ctx.service_fte.values(), np.zeros(shape))
    managers = sum((manager_fte(f, p) for f in ctx.service_fte.values()), np.zeros(shape))
    staff["managers"] = StaffGroup(managers, 0.0, p["manager_salary"])
    coordination = coordination_hours(ctx, p) * ctx.economics["hourly_cost"] * prices
    return ServiceOutput(
        workload={"managed_fte": Measure(managed, "FTE"), "manager_fte": Measure(managers, "FTE")},
        staff=staff,
        costs={"external": external, "coordination": coordination},
        one_off=transition_costs(ctx, p),
        choices=choices,
    )


SERVICE = Service(
    name="managers",
    title_sv="Chefer och specialister",
    title_en="Managers and specialists",
    params=PARAMS,
    evaluate=_evaluate,
    components=(*vocabulary.STAFFED, vocabulary.EXTERNAL, vocabulary.COORDINATION),
    volume_key=vocabulary.EMPLOYEES.name,
    settings_model=ManagersSettings,
    uses_other_services=True,
)
