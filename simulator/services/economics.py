"""Declared economic and governance parameters (defaults with sources and plausible ranges).

Money is SEK in base-year prices; growth and discount rates are real (above inflation).
"""

from __future__ import annotations

from simulator.core.params import Kind, ParamSpec

__all__ = ["ECONOMICS", "SHARING", "TRANSFER"]

_SHARED = "scenarios/data/sources/municipal_sources.csv"

ECONOMICS: tuple[ParamSpec, ...] = (
    ParamSpec(
        name="discount_rate",
        unit="1/year",
        default=0.035,
        low=0.02,
        high=0.05,
        source="ASEK social discount rate, 3.5 % real (Asplund, "
        "CTS WP 2018:23); sensitivity 2 % and 5 %",
        description="real discount rate for net present values",
        kind=Kind.NONNEGATIVE,
    ),
    ParamSpec(
        name="wage_growth",
        unit="1/year",
        default=0.01,
        low=0.0,
        high=0.03,
        source="assumption: real wage drift ≈1 %/yr (Vision: kommun wage "
        "outcome 2.5 % nominal in 2020, less ≈1.5 % inflation)",
        description="real growth of salaries per year",
        kind=Kind.NONNEGATIVE,
    ),
    ParamSpec(
        name="employer_overhead",
        unit="share of salary",
        default=0.3846,
        low=0.38,
        high=0.45,
        source="SKL, beslutade PO-pålägg kommuner 2013 and 2014: 38.46 % (31.42 + 0.21 + 6.83)",
        description="PO-pålägg: employer contributions, pension and insurance on salary",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="productive_hours_per_fte",
        unit="h/FTE/year",
        default=1600.0,
        low=1500.0,
        high=1800.0,
        source="Inera kalkylfaktorer: annual working time 1 600–1 800 h full time; low "
        "end taken as productive time after vacation and sick leave (assumption)",
        description="hours one full-time employee works on the service per year",
    ),
    ParamSpec(
        name="attrition_rate",
        unit="1/year",
        default=0.06,
        low=0.03,
        high=0.12,
        source="assumption: staff leaving per year (retirement and turnover) in "
        "municipal administration; staff are reduced only through attrition",
        description="share of staff leaving per year",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="redeployment_rate",
        unit="1/year",
        default=0.2,
        low=0.0,
        high=0.5,
        source="assumption: of the staff a shared service no longer needs, one in five a year "
        "moves to a vacant post elsewhere in the municipality (omplacering, LAS 7 §), on top "
        "of those who leave",
        description="share of surplus staff redeployed elsewhere in the municipality per year",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="overhead_rate",
        unit="share of labour cost",
        default=0.15,
        low=0.10,
        high=0.25,
        source="estimate: premises, IT and management on a back-office FTE "
        f"are +15–25 % ({_SHARED}, overhead); line management is "
        "modelled apart (managers service), so the low end is taken",
        description="premises, workplace IT and administrative support "
        "(not line management) as a share of personnel cost",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="staffing_step",
        unit="FTE",
        default=0.05,
        low=0.01,
        high=1.0,
        source="assumption: posts in steps of 5 % of full time (municipal positions are set as a "
        "percentage of full time, sysselsättningsgrad); rounded up. What rounding still makes is "
        "shown as its own mechanism in saving_sources.csv",
        description="staffing is the FTE need rounded up to a multiple of this step",
        policy=True,
    ),
    ParamSpec(
        name="hourly_cost",
        unit="SEK/h",
        default=600.0,
        low=450.0,
        high=900.0,
        source="estimate: Inera convention hourly cost = monthly salary ÷ 142 h × 1.54; "
        "with ≈55 000 SEK/month for a manager or controller (assumption) ≈ 600 SEK/h",
        description="cost of an hour of manager or specialist "
        "time (steering, projects, coordination)",
    ),
    ParamSpec(
        name="transition_years",
        unit="years",
        default=1.0,
        low=1.0,
        high=3.0,
        source="assumption: one-off transition costs are spread evenly over the first year(s)",
        description="number of whole years over which one-off costs fall",
        kind=Kind.WHOLE,
        policy=True,
    ),
    ParamSpec(
        name="cost_per_km",
        unit="SEK/km",
        default=1.85,
        low=1.85,
        high=3.5,
        source="Skatteverket tax-free mileage allowance 2013: 18.50 SEK per mil",
        description="car cost per km",
        kind=Kind.NONNEGATIVE,
    ),
    ParamSpec(
        name="travel_speed",
        unit="km/h",
        default=70.0,
        low=50.0,
        high=90.0,
        source="assumption: average speed on E4 / road 373 between central towns",
        description="travel speed by car",
    ),
)

TRANSFER: tuple[ParamSpec, ...] = (
    ParamSpec(
        name="commute_share",
        unit="share",
        default=0.5,
        low=0.2,
        high=1.0,
        source="assumption: of the staff whose work moves to the host (verksamhetsövergång, "
        "LAS 6 b §), half commute there; the others leave or are redeployed at home",
        description="share of transferred staff who commute to the host",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="commuting_days",
        unit="days/year",
        default=200.0,
        low=150.0,
        high=220.0,
        source="assumption: ≈225 working days less five weeks' vacation; fewer with work from home",
        description="days a year a commuting employee travels to the host",
        kind=Kind.NONNEGATIVE,
    ),
    ParamSpec(
        name="commuting_years",
        unit="years",
        default=2.0,
        low=0.0,
        high=5.0,
        source="assumption: the employer pays transferred staff's extra travel for a "
        "transition period of two years (a local agreement; none is required by law)",
        description="years after the start in which commuting is paid",
        kind=Kind.NONNEGATIVE,
        policy=True,
    ),
    ParamSpec(
        name="workplace_cost",
        unit="SEK/workplace",
        default=30000.0,
        low=15000.0,
        high=60000.0,
        source="assumption: furniture, computer, phone and adaptation of a workplace for each "
        "employee who moves to the host (one-off)",
        description="one-off cost of a workplace added at the host for a transferred employee",
        kind=Kind.NONNEGATIVE,
    ),
    ParamSpec(
        name="notice_months",
        unit="months",
        default=12.0,
        low=6.0,
        high=24.0,
        source="assumption: a member may leave a cooperation agreement with 12 months' "
        "notice, common in samverkansavtal between municipalities",
        description="notice period for leaving a shared service",
        kind=Kind.NONNEGATIVE,
        policy=True,
    ),
    ParamSpec(
        name="write_off_years",
        unit="years",
        default=5.0,
        low=3.0,
        high=10.0,
        source="assumption: the one-off costs of setting up a shared service are written off "
        "over five years, a common depreciation period for systems and projects",
        description="years over which a leaving member still owes its share of one-off costs",
        kind=Kind.WHOLE,
        policy=True,
    ),
)

ECONOMICS = (*ECONOMICS, *TRANSFER)  # the transfer of staff is set in the economics block

SHARING: tuple[ParamSpec, ...] = (
    ParamSpec(
        name="representatives_per_member",
        unit="persons",
        default=2.0,
        low=1.0,
        high=2.0,
        source="assumption: as in the Hemlängtan avsiktsförklaring (Luleåregionen 2018), "
        "a steering group of one to two representatives from each municipality",
        description="steering-group members per municipality",
        policy=True,
    ),
    ParamSpec(
        name="meetings_per_year",
        unit="meetings/year",
        default=6.0,
        low=2.0,
        high=12.0,
        source="assumption: steering group meets every other month",
        description="steering-group meetings per year",
    ),
    ParamSpec(
        name="hours_per_meeting",
        unit="h/meeting",
        default=3.0,
        low=1.5,
        high=6.0,
        source="assumption: 2 h meeting plus 1 h preparation",
        description="hours per representative and meeting",
    ),
    ParamSpec(
        name="agreement_hours_per_member",
        unit="h/year",
        default=40.0,
        low=10.0,
        high=120.0,
        source="assumption: follow-up, invoicing and the annual report to each "
        "kommunstyrelse (required in the Hemlängtan avsiktsförklaring)",
        description="agreement administration per member and year",
        kind=Kind.NONNEGATIVE,
    ),
    ParamSpec(
        name="physical_meeting_share",
        unit="share",
        default=0.5,
        low=0.0,
        high=1.0,
        source="assumption: half the meetings held in person, the rest online",
        description="share of meetings with travel",
        kind=Kind.SHARE,
    ),
)
