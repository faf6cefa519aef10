"""Managers and specialists (chefer och specialister).

What sharing changes here, by the mechanism each difference is put down to (``saving_sources``):

- **Managers follow the staff** (``scale``). The staff of the other services (their staffed FTE,
  ``Context.service_fte``) and the in-house specialist work of this service need
  ``staff / span_of_control`` first-line manager FTE: a small unit's manager also leads other
  units or does other work, so a unit takes the share of a manager its staff need and no more
  (measures ``managed_fte``, ``manager_fte``). Sharing saves managers only where the other
  services save staff. A per-unit minimum (``manager_minimum_fte``) is off by default, as no
  source was found for one; a scenario that sets one pays what it adds as the component
  ``manager_minimum`` (mechanism ``minimum``; measure ``manager_minimum_fte``).
- **Specialists made affordable** (``specialists``). Each specialist role (settings) needs hours a
  year in every municipality: a fixed part plus a part per 1 000 employees or inhabitants
  (measure ``specialist_hours``). A coalition whose hours fill at least ``specialist_post_share``
  of a post (on average over the horizon) may employ a specialist, who travels to the members
  away from the host; otherwise a generalist does the work part-time, needing
  ``generalist_time_factor`` hours per specialist hour (measures ``specialist_fte``,
  ``generalist_fte``). The cheaper of the two in-house ways is compared with buying the hours at
  the role's external price (consultants, SKR's legal advice; component ``external``, measure
  ``bought_hours``), once for the whole horizon (:func:`~simulator.services.common.make_or_buy`;
  staff leave only through attrition, so a later switch would pay twice). In-house work costs
  its salary, overhead and a manager's share. What sharing saves is the generalist's extra hours
  or the external price above the in-house cost of the members that could not employ the
  specialist alone. ``choices["make_or_buy_<role>"]`` is 1 in-house, 0 bought;
  ``choices["specialist_<role>"]`` is 1 where a specialist is employed.
- **Costs of sharing** (``sharing``): coordination with each member, the specialists' trips.

Staffing: nothing here is filled up to a minimum post, and nothing is rounded. A manager's share
of a small unit, or a generalist's hours on a role, is part of a post that also holds other
work; the engine rounds each staff group up to ``staffing_step`` per coalition, so n members alone
would pay up to n quarter posts more than one shared group, a saving made by rounding alone. So
the staff groups (``managers``; ``specialists``, the employed specialists, mechanism
``specialists``) hand the engine only their whole steps (:func:`whole_posts`: staffed as they
are, reduced through attrition, counted as jobs), and the rest, with all of the generalists'
time, is charged here pro rata at what the engine charges for an FTE, as work in combined posts
(components ``manager_shares`` and ``specialist_shares``, with the groups' mechanisms; measure
``share_fte``). In the start year a coalition whose need falls past a whole step pays the new
share at once while the holder of the post it no longer needs leaves through attrition.

Prices are in base-year SEK and grow with the wage index, as the salaries do. Arrays are
(..., Y, C): a leading axis (e.g. Monte Carlo draws) passes through.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator

from simulator.core.params import Kind, ParamSpec
from simulator.services import common, vocabulary
from simulator.services.base import (
    Component,
    Context,
    Measure,
    Service,
    ServiceOutput,
    StaffGroup,
    Value,
    Values,
    Wording,
)
from simulator.services.common import (
    coordination_hours,
    make_or_buy,
    per_member,
    policy,
    price_index,
    transition_costs,
    transition_params,
    travel,
)

__all__ = [
    "SERVICE",
    "Role",
    "ManagersSettings",
    "DEFAULT_ROLES",
    "Specialists",
    "manager_fte",
    "minimum_top_up",
    "member_hours",
    "fte_cost",
    "specialists",
    "whole_posts",
    "MANAGER_SHARES",
    "SPECIALIST_SHARES",
    "MANAGER_MINIMUM",
]

_DATA = "scenarios/data/sources/municipal_sources.csv"
_SKR_LAW = "SKR cirkulär 21:01 (2021-01-05), Ersättning vid juridisk rådgivning"


class Role(BaseModel):
    """A specialist role: hours a year per municipality and the price of buying them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    driver: Literal["employees", "population"]
    hours_per_thousand: float = Field(ge=0)  # h/year per 1 000 employees or inhabitants
    hours_fixed: float = Field(default=0.0, ge=0)  # h/year per municipality, whatever its size
    external_hourly_price: float = Field(gt=0)  # SEK/h, base year
    source: str = Field(min_length=1)


DEFAULT_ROLES: tuple[Role, ...] = (
    Role(
        name="labour_law",
        driver="employees",
        hours_fixed=40.0,
        hours_per_thousand=200.0,
        external_hourly_price=1250.0,
        source="assumption: MBL negotiations, LAS and rehabilitation cases and agreement "
        "questions, 40 h a year plus 200 h per 1 000 employees (Piteå ≈880 h, Älvsbyn ≈180 h); "
        "price: SKR's "
        f"legal advice 1 500 SEK/h from 2021 ({_SKR_LAW}), back-cast ≈1 250 SEK/h for 2014",
    ),
    Role(
        name="data_protection",
        driver="employees",
        hours_fixed=80.0,
        hours_per_thousand=40.0,
        external_hourly_price=1250.0,
        source="assumption: PUL-ombud, from May 2018 the dataskyddsombud every authority appoints "
        "(GDPR art. 37): register, yearly report and advice, 80 h a year plus 40 h per 1 000 "
        f"employees; price as legal advice ({_SKR_LAW}, back-cast)",
    ),
    Role(
        name="archivist",
        driver="employees",
        hours_fixed=200.0,
        hours_per_thousand=200.0,
        external_hourly_price=900.0,
        source="assumption: kommunarkivarie (arkivlagen 1990:782, the kommunstyrelse is the "
        "arkivmyndighet): inspections, archive descriptions, advice and the central archive, "
        "200 h a year plus 200 h per 1 000 employees; archive services bought at ≈900 SEK/h",
    ),
    Role(
        name="procurement_law",
        driver="population",
        hours_fixed=20.0,
        hours_per_thousand=25.0,
        external_hourly_price=1800.0,
        source="assumption: legal review of tenders, överprövningar and contract law, 20 h a year "
        "plus 25 h per 1 000 inhabitants (in step with spend); law firms ≈1 800 SEK/h (SKR charges "
        f"2 200 SEK/h as counsel in proceedings from 2021, {_SKR_LAW}, back-cast)",
    ),
)


class ManagersSettings(BaseModel):
    """The specialist roles of the service (names unique; ``managers`` and ``specialists`` are
    the staff groups' names)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    roles: tuple[Role, ...] = DEFAULT_ROLES

    @field_validator("roles")
    @classmethod
    def _unique(cls, roles: tuple[Role, ...]) -> tuple[Role, ...]:
        names = [r.name for r in roles]
        if len(set(names)) != len(names) or {"managers", "specialists"} & set(names):
            raise ValueError(
                f"role names must be unique and not 'managers' or 'specialists'; got {names}"
            )
        return roles


PARAMS = (
    ParamSpec(
        name="span_of_control",
        unit="persons/manager",
        default=20.0,
        low=12.0,
        high=30.0,
        source="estimate: Vision's study of managers in 15 sectors (Regnö 2016): ≈30 staff per "
        "manager in care and social work, 14 in construction, 7 in information and "
        "communication (vardfokus.se 2016 nr 10; ka.se 2016-09-13); Vision holds that no manager "
        "should lead more than 25 (ka.se 2017-05-23); Västra Götalandsregionen's norm 10–35 "
        "(suntarbetsliv.se 2022-08-15); 12–15 best for sick leave (Nyckeltalsinstitutet, "
        "arbetsmiljoforum.se 2019-10-10). Routine back-office work in one place suits a broad "
        "span (Corin et al. 2023, cited in Riksrevisionen 2023, Samhalls samhällsuppdrag, "
        "bilaga 5): 20 taken",
        description="staff per first-line manager",
    ),
    ParamSpec(
        name="manager_minimum_fte",
        unit="FTE",
        default=0.0,
        low=0.0,
        high=0.5,
        source="assumption: no per-unit minimum; a small unit's manager also leads other units "
        "(no source found for a minimum share of a manager per unit)",
        description="least manager time per unit with staff (the measure manager_minimum_fte "
        "shows what it adds)",
        kind=Kind.NONNEGATIVE,
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
    ParamSpec(
        name="specialist_salary",
        unit="SEK/month",
        default=40000.0,
        low=36000.0,
        high=45000.0,
        source="estimate: personalhandläggare Piteå 38 313 SEK (2016) and upphandlare in kommuner "
        f"38 605 SEK (2018) ({_DATA}, verified) back-cast ≈36 000 for 2014; lawyers and "
        "archivists with a degree ≈10 % above (assumption)",
        description="monthly salary of an employed specialist (lawyer, archivist), base year",
    ),
    ParamSpec(
        name="specialist_post_share",
        unit="FTE",
        default=0.5,
        low=0.3,
        high=0.8,
        source="assumption: a specialist is recruited and keeps the competence only when the work "
        "fills at least half a post; below that it is bought or left to a generalist",
        description="share of a full-time post a role's hours must fill before it is employed",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="generalist_time_factor",
        unit="h/h",
        default=1.5,
        low=1.2,
        high=2.5,
        source="assumption: a generalist (HR officer, registrator, administrator) who meets a "
        "specialist question a few times a year needs half as long again as a specialist",
        description="hours a generalist needs per hour of a specialist's work",
    ),
    ParamSpec(
        name="hours_per_visit",
        unit="h/trip",
        default=16.0,
        low=8.0,
        high=40.0,
        source="assumption: a shared specialist visits a member away from the host once per two "
        "days of work for it (negotiations, inspections)",
        description="specialist hours for a member per trip from the host to that member",
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


def minimum_top_up(service_fte: np.ndarray, p: Values) -> np.ndarray:
    """Manager FTE the per-unit minimum adds to ``f / span`` for a unit's staffed FTE ``f`` (any
    shape): ``max(manager_minimum_fte - f / span, 0)`` where ``f > 0``."""
    short = policy(p, "manager_minimum_fte") - service_fte / p["span_of_control"]
    return np.where(service_fte > 0, np.maximum(short, 0.0), 0.0)


def manager_fte(service_fte: np.ndarray, p: Values) -> np.ndarray:
    """Manager FTE for a unit's staffed FTE (any shape): ``f / span``, at least
    ``manager_minimum_fte`` where ``f > 0``."""
    return service_fte / p["span_of_control"] + minimum_top_up(service_fte, p)


def member_hours(ctx: Context, role: Role) -> np.ndarray:
    """(..., Y, n) hours a year the role needs in each municipality."""
    driver = ctx.facts.employees if role.driver == "employees" else ctx.facts.population
    return role.hours_fixed + role.hours_per_thousand * driver / 1000.0


def fte_cost(ctx: Context, monthly_salary: Value) -> np.ndarray:
    """(..., Y, 1) SEK a year of one FTE as the engine charges it: salary × 12 × (1 + PO) ×
    (1 + overhead_rate) × the wage index."""
    return common.fte_cost(ctx, monthly_salary)


@dataclass(frozen=True)
class Specialists:
    """The specialist roles for every year and coalition, (..., Y, C) each.

    ``fte`` is the in-house need (employed specialists with their travel, and generalists' time),
    ``specialist_fte`` the employed specialists' part of it; ``hours`` all the roles' hours,
    ``bought_hours`` and ``bought`` (SEK) what is bought, ``travel`` the car cost of the
    specialists' trips to members away from the host; per role, ``make`` is True in-house and
    ``employ`` True where a specialist is employed.
    """

    fte: np.ndarray
    specialist_fte: np.ndarray
    hours: np.ndarray
    bought_hours: np.ndarray
    bought: np.ndarray
    travel: np.ndarray
    make: dict[str, np.ndarray]
    employ: dict[str, np.ndarray]


_TOTALS = ("fte", "specialist_fte", "hours", "bought_hours", "bought", "travel")


def specialists(ctx: Context, p: Values, roles: tuple[Role, ...]) -> Specialists:
    """Employ or buy each role, coalition by coalition (see the module docstring)."""
    shape = (*ctx.facts.employees.shape[:-1], ctx.size.size)  # (..., Y, C)
    productive = ctx.economics["productive_hours_per_fte"]
    its_manager = fte_cost(ctx, p["manager_salary"]) / p["span_of_control"]
    per_fte = fte_cost(ctx, p["specialist_salary"]) + its_manager  # an in-house FTE, its manager
    parts: dict[str, list[np.ndarray]] = {k: [] for k in _TOTALS}
    make: dict[str, np.ndarray] = {}
    employ: dict[str, np.ndarray] = {}
    for role in roles:  # a handful of roles, each vectorised over years and coalitions
        own = member_hours(ctx, role)
        hours = ctx.pool(own)
        trips = own[..., None] * ctx.membership / per_member(p["hours_per_visit"])
        trip_hours, trip_cost = travel(ctx, trips)
        specialist = (hours + trip_hours) / productive
        generalist = hours * p["generalist_time_factor"] / productive
        fills = hours.mean(axis=-2, keepdims=True) >= p["specialist_post_share"] * productive
        hired = fills & make_or_buy(specialist * per_fte + trip_cost, generalist * per_fte)
        in_house = np.where(hired, specialist, generalist)
        bought = hours * role.external_hourly_price * price_index(ctx)
        made = make_or_buy(in_house * per_fte + trip_cost * hired, bought)
        hired = hired & made
        parts["fte"].append(in_house * made)
        parts["specialist_fte"].append(specialist * hired)
        parts["hours"].append(hours)
        parts["bought_hours"].append(hours * ~made)
        parts["bought"].append(bought * ~made)
        parts["travel"].append(trip_cost * hired)
        make[role.name] = made
        employ[role.name] = hired
    total = {k: sum(v, np.zeros(shape)) for k, v in parts.items()}
    return Specialists(**total, make=make, employ=employ)


MANAGER_SHARES = Component(
    name="manager_shares",
    label=Wording(sv="Chefstid i delade tjänster", en="Manager time in combined posts"),
    mechanism="scale",
)
SPECIALIST_SHARES = Component(
    name="specialist_shares",
    label=Wording(sv="Specialistarbete i delade tjänster", en="Specialist work in combined posts"),
    mechanism="specialists",
)
MANAGER_MINIMUM = Component(
    name="manager_minimum",
    label=Wording(sv="Minsta chefstid per enhet", en="Least manager time per unit"),
    mechanism="minimum",
)


def whole_posts(fte: np.ndarray, step: float) -> np.ndarray:
    """The whole staffing steps in an FTE need (any shape): ``step × ⌊fte / step⌋``, a need
    within 1e-9 FTE of a multiple counting as that multiple; the engine staffs these as they are.
    """
    return step * np.floor(fte / step + 1e-9)


def _evaluate(ctx: Context, p: Values, settings: BaseModel | None) -> ServiceOutput:
    roles = settings.roles if isinstance(settings, ManagersSettings) else DEFAULT_ROLES
    found = specialists(ctx, p, roles)
    units = [*ctx.service_fte.values(), found.fte]  # each service's staff is a unit
    managed = sum(units, np.zeros_like(found.fte))
    leading = managed / p["span_of_control"]
    top_up = sum((minimum_top_up(f, p) for f in units), np.zeros_like(found.fte))
    step = policy(ctx.economics, "staffing_step")
    posts = {
        "managers": whole_posts(leading, step),
        "specialists": whole_posts(found.specialist_fte, step),  # generalists: shares only
    }
    manager_cost = fte_cost(ctx, p["manager_salary"])
    costs = {
        "manager_shares": (leading - posts["managers"]) * manager_cost,
        "specialist_shares": (found.fte - posts["specialists"])
        * fte_cost(ctx, p["specialist_salary"]),
        "external": found.bought,
        "travel": found.travel,
        "coordination": coordination_hours(ctx, p)
        * ctx.economics["hourly_cost"]
        * price_index(ctx),
    }
    if policy(p, "manager_minimum_fte") > 0:
        costs["manager_minimum"] = top_up * manager_cost
    shares = leading + found.fte - posts["managers"] - posts["specialists"]
    workload = {
        "managed_fte": Measure(managed, "FTE"),
        "manager_fte": Measure(leading + top_up, "FTE"),
        "manager_minimum_fte": Measure(top_up, "FTE"),
        "specialist_hours": Measure(found.hours, "h/year"),
        "bought_hours": Measure(found.bought_hours, "h/year"),
        "specialist_fte": Measure(found.specialist_fte, "FTE"),
        "generalist_fte": Measure(found.fte - found.specialist_fte, "FTE"),
        "share_fte": Measure(shares, "FTE"),
    }
    choices = {f"make_or_buy_{k}": v.astype(np.float64) for k, v in found.make.items()}
    choices |= {f"specialist_{k}": v.astype(np.float64) for k, v in found.employ.items()}
    return ServiceOutput(
        workload=workload,
        staff={
            "managers": StaffGroup(posts["managers"], 0.0, p["manager_salary"]),
            "specialists": StaffGroup(posts["specialists"], 0.0, p["specialist_salary"]),
        },
        costs=costs,
        one_off=transition_costs(ctx, p),
        choices=choices,
    )


SERVICE = Service(
    name="managers",
    title_sv="Chefer och specialister",
    title_en="Managers and specialists",
    params=PARAMS,
    evaluate=_evaluate,
    components=(
        *vocabulary.STAFFED,
        MANAGER_SHARES,
        SPECIALIST_SHARES,
        MANAGER_MINIMUM,
        vocabulary.EXTERNAL,
        vocabulary.TRAVEL,
        vocabulary.COORDINATION,
    ),
    volume_key=vocabulary.EMPLOYEES.name,
    settings_model=ManagersSettings,
    uses_other_services=True,
    mechanism="scale",
    group_mechanisms=MappingProxyType({"specialists": "specialists"}),
)
