"""Pension advice to employees (pensionsrådgivning).

Drivers: employees × share near retirement × consultations per such employee a year.

Workload in-house: hours per consultation (preparation and follow-up included); travel from the
host to the non-host members for the consultations held in person at the employee's town,
batched into visit days (:func:`simulator.services.common.travel`); coordination with each
member's HR unit in a shared service; and every adviser's competence upkeep (the KAP-KL/AKAP-KR
rules, SKR's circulars, the pension company's routines), a fixed number of hours a year per
adviser whatever the volume. Group information meetings are left out: KPA Pension and
Pensionsmyndigheten give such lectures at workplaces themselves (lunch lectures at Södersjukhuset,
vardfokus.se 2013-11), and no figure was found for the time municipal advisers spend on them.

Staffing: the advice is a share of a position that also holds pension administration, payroll or
HR work, as in municipal HR units, so it is planned in steps of ``post_step`` (5 % of a full-time
position), not in quarter posts. A coalition has as many advisers as its work fills positions
(at least one), each with the upkeep; the hours, upkeep included, are rounded up to the step
(:func:`adviser_post`). Sharing saves the upkeep of the advisers no longer needed (a specialist
within reach) and part of the rounding; it costs travel and coordination.

The post is charged here as cost components, not handed to the engine as a staff group. The
engine staffs a group at ``max(ceil_to_step(fte), minimum_fte)`` with the scenario's
``staffing_step`` (0.25 FTE), so a post of 0.3 FTE would be paid as 0.5. Handing it over as the
minimum of a group without need would keep the figure, but the engine would then treat a few
percent of a combined position as a post of its own: reduced only through attrition, its holder
commuting to the host (verksamhetsövergång), a first-line manager's minimum in the managers
service, and the whole post put down to "minimum staffing" in the saving sources. None of that
applies: when the advice moves to the host, the holders of the other members' shares keep their
positions and their other work. So the service has no staff group; the post costs
``post × monthly_salary × 12 × (1 + PO) × (1 + overhead_rate) × wage index`` (what the engine
would charge for an FTE) and is split by what it pays for, each with the mechanism a difference
in it comes from: ``advice`` (the consultations; specialists), ``competence`` (the upkeep;
specialists), ``rounding`` (the post above the need; rounding), ``travel_time`` and
``coordination`` (costs of sharing). The post and the fractional need are the workload measures
``post_fte`` and ``adviser_fte``.

Make or buy: an external price per consultation (travel included), in base-year SEK growing with
the wage index as the salaries do (advisers' fees follow wages). Each coalition takes the cheaper
once for the whole horizon (:func:`simulator.services.common.make_or_buy`), comparing the sums
over the years of the in-house cost (the post, the car and the one-off costs of setting up the
shared service) and the external cost. Buying together brings nothing the model names (the
price per consultation is the same), so a coalition that buys is its members each buying: no
coordination and no set-up, and never more than what its members pay buying alone.
``choices["make_or_buy"]`` is 1 in-house, 0 bought; when bought the price is the cost component
``external``. The one-off costs are (..., 1, C), zero where a coalition buys (the choice may differ
between draws). Arrays are (..., Y, C): a leading axis (e.g. Monte Carlo draws) passes through.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel

from simulator.core.params import Kind, ParamSpec
from simulator.services import common, vocabulary
from simulator.services.base import (
    Component,
    Context,
    Driver,
    Measure,
    Service,
    ServiceOutput,
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

__all__ = ["SERVICE", "AdviserPost", "adviser_post", "consultations", "fte_cost"]

_DATA = "scenarios/data/sources/municipal_sources.csv"

PARAMS = (
    ParamSpec(
        name="near_retirement_share",
        unit="share",
        default=0.10,
        low=0.08,
        high=0.14,
        source=f"estimate: staff aged 60+ ≈8–12 % of a kommun workforce ({_DATA}, pension); "
        "Laholms kommun had 304 of its 2 301 employees aged 60–67 on 31 Dec 2010 (13 %; 229 of "
        "1 566 permanent staff, 15 %) (Laholms kommun, förfrågningsunderlag "
        "Pensionsadministration KS 2011-341, docplayer.se 44905357)",
        description="share of employees near retirement",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="consultations_per_person",
        unit="consultations/person/year",
        default=0.45,
        low=0.3,
        high=0.6,
        source="estimate: ≈1 individual session over the ~3 years before retirement plus ad-hoc "
        f"questions, i.e. 0.03–0.06 consultations per employee a year ({_DATA}, pension)",
        description="consultations a year per employee near retirement",
        kind=Kind.NONNEGATIVE,
    ),
    ParamSpec(
        name="hours_per_consultation",
        unit="h/consultation",
        default=2.1,
        low=1.75,
        high=2.7,
        source="estimate: 600–900 consultations per adviser "
        f"FTE-year ({_DATA}, pension) at 1 600 h",
        description="adviser hours per consultation incl. preparation and follow-up",
    ),
    ParamSpec(
        name="post_step",
        unit="FTE",
        default=0.05,
        low=0.01,
        high=0.25,
        source="assumption: pension advice is a share of a position that also holds pension "
        "administration, payroll or HR work (Arbetsgivarverket BESTA 47 HR- och "
        "personalarbete lists pension and insurance questions among an HR post's tasks; "
        "löne- och pensionshandläggare, hrsverige.nu 2015-03-03), planned in whole 5 % of a "
        "full-time position (≈2 h a week)",
        description="step in which the adviser post is planned, as a share of a full-time position",
        policy=True,
    ),
    ParamSpec(
        name="competence_hours",
        unit="h/year",
        default=40.0,
        low=16.0,
        high=80.0,
        source="assumption: about a week a year per adviser to keep up with KAP-KL/AKAP-KL, "
        "SKR's circulars and the pension company's routines: a day's course (KPA Pension runs "
        "grund- and fortsättningskurser on the rules for municipal pension staff, kpa.se "
        "Arbetsgivare/Utbildning), reading and network meetings",
        description="competence upkeep per adviser giving advice in-house",
        kind=Kind.NONNEGATIVE,
    ),
    ParamSpec(
        name="monthly_salary",
        unit="SEK/month",
        default=30500.0,
        low=29000.0,
        high=32000.0,
        source="estimate: pensionshandläggare 2013, back-cast "
        f"of verified 2016–2023 salaries ({_DATA}, salary)",
        description="average monthly salary of a pension adviser, base year",
    ),
    ParamSpec(
        name="external_price",
        unit="SEK/consultation",
        default=3000.0,
        low=1500.0,
        high=5000.0,
        source="estimate: ≈2 h of an external adviser at ≈1 500 SEK/h, travel included; no "
        "Swedish price list found. Nordic fee-only advice: 1 200–1 500 DKK/h excl. VAT "
        "(≈1 500–1 900 SEK; uvildige.dk 2015); an individual pension review with an hour's "
        "call 4 000–12 000 NOK, public-sector employees in the lower to middle part "
        "(pensjonseksperten.no)",
        description="price per consultation bought from an external adviser",
    ),
    ParamSpec(
        name="in_person_share",
        unit="share",
        default=0.5,
        low=0.0,
        high=1.0,
        source="assumption: half the consultations held in person, the rest by phone or video",
        description="share of consultations held in person at the employee's town",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="consultations_per_visit",
        unit="consultations/trip",
        default=4.0,
        low=2.0,
        high=8.0,
        source="assumption: a visit day to a member's town holds about four meetings",
        description="in-person consultations per trip to a non-host member",
    ),
    *transition_params(
        migration=20000.0,
        migration_low=0.0,
        migration_high=100000.0,
        migration_source="assumption: informing staff and giving the "
        "adviser access to each employer's KPA data",
        project_hours=80.0,
        coordination=20.0,
        coordination_source="assumption: contacts with each employer's HR unit",
    ),
)


ADVICE = Component(
    name="advice",
    label=Wording(sv="Pensionssamtal (rådgivarens tid)", en="Consultations (adviser time)"),
    mechanism="specialists",
)
COMPETENCE = Component(
    name="competence",
    label=Wording(sv="Kompetensunderhåll", en="Competence upkeep"),
    mechanism="specialists",
)
ROUNDING = Component(
    name="rounding",
    label=Wording(sv="Avrundning av tjänsteandel", en="Rounding of the post share"),
    mechanism="rounding",
)
TRAVEL_TIME = Component(
    name="travel_time", label=Wording(sv="Restid", en="Travel time"), mechanism="sharing"
)


@dataclass(frozen=True)
class AdviserPost:
    """The in-house adviser work of every coalition as it is staffed, (..., Y, C) each.

    Attributes
    ----------
    advisers : persons giving advice: the positions the work fills, at least one where there is
        work
    competence_hours : their competence upkeep, h a year
    need_fte : the work and the upkeep as fractional FTE
    post_fte : the post: ``need_fte`` rounded up to a multiple of ``post_step``
    """

    advisers: np.ndarray
    competence_hours: np.ndarray
    need_fte: np.ndarray
    post_fte: np.ndarray


def consultations(ctx: Context, p: Values) -> np.ndarray:
    """(..., Y, n) consultations a year per municipality."""
    return ctx.facts.employees * p["near_retirement_share"] * p["consultations_per_person"]


def adviser_post(ctx: Context, p: Values, hours: np.ndarray) -> AdviserPost:
    """Advisers and post for ``hours`` (..., Y, C) of adviser work a year.

    With ``H`` productive hours a year and ``k`` competence hours per adviser: advisers
    ``a = ⌈hours / (H − k)⌉`` (a position holds ``H − k`` hours of advice besides its upkeep),
    need ``(hours + a·k) / H`` FTE, post ``s·⌈need / s⌉`` with ``s = post_step``. The number of
    advisers and the ceiling are both subadditive: for the same hours, pooling never needs more
    advisers or a larger post than the parts.
    """
    productive = ctx.economics["productive_hours_per_fte"]
    competence = p["competence_hours"]
    advisers = np.maximum(np.ceil(hours / (productive - competence) - 1e-9), 0.0)
    upkeep = advisers * competence
    need = (hours + upkeep) / productive
    step = policy(p, "post_step")
    post = step * np.maximum(np.ceil(need / step - 1e-9), 0.0)
    return AdviserPost(advisers, upkeep, need, post)


def fte_cost(ctx: Context, p: Values) -> np.ndarray:
    """(..., Y, 1) SEK a year of one FTE of adviser time: ``monthly_salary`` × 12 × (1 + PO) ×
    (1 + overhead_rate) × the wage index, as the engine charges staff."""
    return common.fte_cost(ctx, p["monthly_salary"])


def _evaluate(ctx: Context, p: Values, settings: BaseModel | None) -> ServiceOutput:
    own = consultations(ctx, p)
    pooled = ctx.pool(own)
    trips = (
        own[..., None]
        * ctx.membership
        * per_member(p["in_person_share"])
        / per_member(p["consultations_per_visit"])
    )  # (..., Y, n, C)
    travel_hours, travel_cost = travel(ctx, trips)
    coordination = coordination_hours(ctx, p)
    advice = pooled * p["hours_per_consultation"]
    post = adviser_post(ctx, p, advice + travel_hours + coordination)
    per_fte = fte_cost(ctx, p)
    per_hour = per_fte / ctx.economics["productive_hours_per_fte"]
    external = pooled * p["external_price"] * price_index(ctx)
    set_up = transition_costs(ctx, p)
    once = sum(set_up.values()) / ctx.years.size  # in the sum over the years: the one-off costs
    make = make_or_buy(post.post_fte * per_fte + travel_cost + once, external)
    made = make[..., :1, :]  # decided once: the one-off costs (..., 1, C) only where made
    hours = advice + travel_hours + coordination + post.competence_hours
    return ServiceOutput(
        workload={
            "consultations": Measure(pooled, "consultations/year"),
            "hours": Measure(hours * make, "h/year"),
            "travel_hours": Measure(travel_hours * make, "h/year"),
            "competence_hours": Measure(post.competence_hours * make, "h/year"),
            "advisers": Measure(post.advisers * make, "persons"),
            "adviser_fte": Measure(post.need_fte * make, "FTE"),
            "post_fte": Measure(post.post_fte * make, "FTE"),
        },
        staff={},  # the post is a share of combined positions: charged below (module docstring)
        costs={
            "advice": advice * per_hour * make,
            "competence": post.competence_hours * per_hour * make,
            "rounding": (post.post_fte - post.need_fte) * per_fte * make,
            "travel_time": travel_hours * per_hour * make,
            "travel": travel_cost * make,
            "coordination": coordination * per_hour * make,
            "external": external * ~make,
        },
        one_off={k: v * made for k, v in set_up.items()},
        choices={"make_or_buy": make.astype(np.float64)},
    )


SERVICE = Service(
    name="pension",
    title_sv="Pensionsrådgivning",
    title_en="Pension advice",
    params=PARAMS,
    evaluate=_evaluate,
    drivers=(
        Driver(
            name="consultations",
            measure="consultations",
            unit="consultations/year",
            label=Wording(sv="pensionssamtal", en="pension consultations"),
            phrase=Wording(sv="antal pensionssamtal", en="number of pension consultations"),
        ),
    ),
    components=(
        ADVICE,
        COMPETENCE,
        ROUNDING,
        TRAVEL_TIME,
        vocabulary.TRAVEL,
        vocabulary.COORDINATION,
        vocabulary.EXTERNAL,
        *vocabulary.TRANSITION,
    ),
    volume_key="consultations",
    mechanism="specialists",
)
