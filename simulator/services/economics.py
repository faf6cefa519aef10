"""Declared economic and governance parameters (defaults with sources and plausible ranges).

Money is SEK in base-year prices; growth and discount rates are real (above inflation).
"""

from __future__ import annotations

from simulator.core.params import Kind, ParamSpec

__all__ = ["ECONOMICS", "SHARING"]

_SHARED = "../shared/data/municipal_sources.csv"

ECONOMICS: tuple[ParamSpec, ...] = (
    ParamSpec(
        "discount_rate",
        "1/year",
        0.035,
        0.02,
        0.05,
        "ASEK social discount rate, 3.5 % real (Asplund, CTS WP 2018:23); sensitivity 2 % and 5 %",
        "real discount rate for net present values",
        Kind.NONNEGATIVE,
    ),
    ParamSpec(
        "wage_growth",
        "1/year",
        0.01,
        0.0,
        0.03,
        "assumption: real wage drift ≈1 %/yr (Vision: kommun wage outcome 2.5 % nominal in 2020, "
        "less ≈1.5 % inflation)",
        "real growth of salaries per year",
        Kind.NONNEGATIVE,
    ),
    ParamSpec(
        "employer_overhead",
        "share of salary",
        0.3846,
        0.38,
        0.45,
        "SKL, beslutade PO-pålägg kommuner 2013 and 2014: 38.46 % (31.42 + 0.21 + 6.83)",
        "PO-pålägg: employer contributions, pension and insurance on salary",
        Kind.SHARE,
    ),
    ParamSpec(
        "productive_hours_per_fte",
        "h/FTE/year",
        1600.0,
        1500.0,
        1800.0,
        "Inera kalkylfaktorer: annual working time 1 600–1 800 h full time; low end taken as "
        "productive time after vacation and sick leave (assumption)",
        "hours one full-time employee works on the service per year",
    ),
    ParamSpec(
        "attrition_rate",
        "1/year",
        0.06,
        0.03,
        0.12,
        "assumption: staff leaving per year (retirement and turnover) in municipal administration; "
        "staff are reduced only through attrition",
        "share of staff leaving per year",
        Kind.SHARE,
    ),
    ParamSpec(
        "overhead_rate",
        "share of labour cost",
        0.15,
        0.10,
        0.25,
        f"estimate: premises, IT and management on a back-office FTE are +15–25 % ({_SHARED}, overhead); "
        "line management is modelled apart (managers service), so the low end is taken",
        "premises, workplace IT and administrative support (not line management) as a share of "
        "personnel cost",
        Kind.SHARE,
    ),
    ParamSpec(
        "staffing_step",
        "FTE",
        0.25,
        0.05,
        1.0,
        "assumption: positions are staffed in quarter-time steps (rounding policy: round up)",
        "staffing is the FTE need rounded up to a multiple of this step",
    ),
    ParamSpec(
        "hourly_cost",
        "SEK/h",
        600.0,
        450.0,
        900.0,
        "estimate: Inera convention hourly cost = monthly salary ÷ 142 h × 1.54; with ≈55 000 SEK/month "
        "for a manager or controller (assumption) ≈ 600 SEK/h",
        "cost of an hour of manager or specialist time (steering, projects, coordination)",
    ),
    ParamSpec(
        "transition_years",
        "years",
        1.0,
        1.0,
        3.0,
        "assumption: one-off transition costs are spread evenly over the first year(s)",
        "number of whole years over which one-off costs fall",
        Kind.WHOLE,
    ),
    ParamSpec(
        "cost_per_km",
        "SEK/km",
        1.85,
        1.85,
        3.5,
        "Skatteverket tax-free mileage allowance 2013: 18.50 SEK per mil",
        "car cost per km",
        Kind.NONNEGATIVE,
    ),
    ParamSpec(
        "travel_speed",
        "km/h",
        70.0,
        50.0,
        90.0,
        "assumption: average speed on E4 / road 373 between central towns",
        "travel speed by car",
    ),
)

SHARING: tuple[ParamSpec, ...] = (
    ParamSpec(
        "representatives_per_member",
        "persons",
        2.0,
        1.0,
        2.0,
        "assumption: as in the Hemlängtan avsiktsförklaring (Luleåregionen 2018), a steering group of "
        "one to two representatives from each municipality",
        "steering-group members per municipality",
    ),
    ParamSpec(
        "meetings_per_year",
        "meetings/year",
        6.0,
        2.0,
        12.0,
        "assumption: steering group meets every other month",
        "steering-group meetings per year",
    ),
    ParamSpec(
        "hours_per_meeting",
        "h/meeting",
        3.0,
        1.5,
        6.0,
        "assumption: 2 h meeting plus 1 h preparation",
        "hours per representative and meeting",
    ),
    ParamSpec(
        "agreement_hours_per_member",
        "h/year",
        40.0,
        10.0,
        120.0,
        "assumption: follow-up, invoicing and the annual report to each kommunstyrelse "
        "(required in the Hemlängtan avsiktsförklaring)",
        "agreement administration per member and year",
        Kind.NONNEGATIVE,
    ),
    ParamSpec(
        "physical_meeting_share",
        "share",
        0.5,
        0.0,
        1.0,
        "assumption: half the meetings held in person, the rest online",
        "share of meetings with travel",
        Kind.SHARE,
    ),
)
