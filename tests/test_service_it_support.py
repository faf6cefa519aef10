"""IT support: a hand-checked desk, second line and on-site work; technicians based at each member's
site in part-time posts, travel only for what a post leaves; pooling, subadditivity, draws, bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from helpers import staff_context
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator import scenario
from simulator.core import coalitions
from simulator.core.errors import InputError
from simulator.services.base import Context
from simulator.services.common import in_house_cost
from simulator.services.it_support import SERVICE, fte_cost

FIXTURES = Path(__file__).parent / "fixtures" / "services"


_context = staff_context


def _params(**changes: float) -> dict[str, float]:
    return {s.name: s.default for s in SERVICE.params if s.default is not None} | changes


def _cost(ctx: Context, out) -> np.ndarray:
    staff = sum(
        in_house_cost(ctx, g.fte, g.minimum_fte, g.monthly_salary) for g in out.staff.values()
    )
    return staff + sum(np.broadcast_to(v, staff.shape) for v in out.costs.values())


# No phone tickets: the desk is staffed with one agent while open (17 half-hours × 250 days = 2 125 h), all
# idle, half of it (1 062.5 h) usable for written tickets. One account per employee, 10 tickets each.
# A support FTE costs 25 000 × 12 × 1.5 (PO) × 1.2 (overhead) = 540 000 SEK a year (round economics).
P = _params(
    phone_share=0.0,
    email_share=0.5,
    portal_share=0.5,
    users_per_employee=1.0,
    tickets_per_user=10.0,
    coordination_hours_per_member=100.0,
    monthly_salary=25000.0,
)
# On-site work of 0.8 h a user: 8 % of 10 tickets × 1 h, no device work.
ONSITE = P | {"onsite_share": 0.08, "device_hours": 0.0}


def test_a_support_fte_costs_salary_po_and_overhead() -> None:
    assert fte_cost(_context((1000.0, 500.0)), P).ravel() == pytest.approx([540000.0])


def test_hand_checked_desk_second_line_and_on_site() -> None:
    ctx = _context((1000.0, 500.0))
    out = SERVICE.evaluate(ctx, P, None)
    assert out.workload["tickets"].values[0] == pytest.approx([10000.0, 5000.0, 15000.0])
    # written: 12 min each → A 2 000 h, B 1 000 h, shared 3 000 h
    # desk = (2 125 + max(written − 1 062.5, 0)) / 0.75 (+ 2 × 100 h coordination when shared)
    desk = [(2125 + 937.5) / 0.75, 2125 / 0.75, (2125 + 1937.5) / 0.75 + 200]
    assert out.workload["desk_hours"].values[0] == pytest.approx(desk)
    # second line: 35 % escalated × 1 h
    assert out.workload["second_line_hours"].values[0] == pytest.approx([3500.0, 1750.0, 5250.0])
    # on site: 5 % of tickets × 1 h + 0.7 devices per user × 0.5 h: A 500 + 350, B 250 + 175
    assert out.workload["onsite_hours"].values[0] == pytest.approx([850.0, 425.0, 1275.0])
    # Shared (host A): B needs 425 / 1 600 = 0.27 FTE on site. A half-time post there costs
    # 0.5 × 540 000 = 270 000; travelling instead: 425 / 3 = 141.7 trips × 200 km = 28 333 km, 566.7 h at
    # 50 km/h, (425 + 566.7) / 1 600 × 540 000 + 28 333 × 2 SEK = 391 354. B keeps a half-time post.
    assert out.workload["local_posts"].values[0] == pytest.approx([0.0, 0.0, 0.5])
    assert out.workload["host_onsite_hours"].values[0] == pytest.approx([850.0, 425.0, 850.0])
    assert out.workload["trips"].values[0] == pytest.approx([0.0, 0.0, 0.0])
    # technicians: (second line + on site at the host) / 1 600, plus B's 0.27 FTE at its site; staffed
    # (the group's minimum): A 2.72 → 2.75, B 1.36 → 1.5, shared 3.8125 → 4.0 at the host + B's 0.5 post
    technicians = out.staff["technicians"]
    assert technicians.fte[0] == pytest.approx([4350 / 1600, 2175 / 1600, 6100 / 1600 + 425 / 1600])
    assert technicians.minimum_fte[0] == pytest.approx([2.75, 1.5, 4.5])
    # one ITSM tool: 100 000 + 6 000 × seats, the FTE rounded up: A 2.55 + 2.72 → 6, B 1.77 + 1.36 → 4,
    # shared 3.51 + 3.81 + 0.5 → 8
    assert out.costs["systems"][0] == pytest.approx([136000.0, 124000.0, 148000.0])
    assert out.costs["travel"][0] == pytest.approx([0.0, 0.0, 0.0])


def test_a_site_travels_only_for_what_its_post_leaves() -> None:
    # A 1 000 and B 600 users, 50 km apart: on site A 800 h, B 480 h = 0.3 FTE. In quarter-time posts B
    # keeps 0.25 FTE (400 h) and 80 h are left: 80 / 4 visits a trip = 20 trips × 100 km = 2 000 km → 40 h
    # and 4 000 SEK. Travelling costs (80 + 40) / 1 600 × 540 000 + 4 000 = 44 500 SEK, a second quarter
    # post 135 000 SEK: the 80 h are travelled.
    ctx = _context((1000.0, 600.0), km=50.0)
    p = ONSITE | {"local_post_step": 0.25, "visits_per_trip": 4.0}
    out = SERVICE.evaluate(ctx, p, None)
    assert out.workload["local_posts"].values[0] == pytest.approx([0.0, 0.0, 0.25])
    assert out.workload["trips"].values[0] == pytest.approx([0.0, 0.0, 20.0])
    assert out.workload["travel_hours"].values[0] == pytest.approx([0.0, 0.0, 40.0])
    assert out.costs["travel"][0] == pytest.approx([0.0, 0.0, 4000.0])
    assert out.workload["host_onsite_hours"].values[0] == pytest.approx([800.0, 480.0, 880.0])
    # second line 35 % × 16 000 tickets = 5 600 h; at the host (5 600 + 880 + 40) / 1 600 = 4.075 FTE → 4.25,
    # plus B's quarter post
    technicians = out.staff["technicians"]
    assert technicians.fte[0, 2] == pytest.approx(4.075 + 0.25)
    assert technicians.minimum_fte[0, 2] == pytest.approx(4.5)


def test_far_away_the_post_is_rounded_up_instead_of_travelling() -> None:
    # As above but 1 000 km apart: 20 trips × 2 000 km = 40 000 km → 800 h and 80 000 SEK; travelling
    # would cost (80 + 800) / 1 600 × 540 000 + 80 000 = 377 000 SEK against 135 000 for the second quarter
    ctx = _context((1000.0, 600.0), km=1000.0)
    p = ONSITE | {"local_post_step": 0.25, "visits_per_trip": 4.0}
    out = SERVICE.evaluate(ctx, p, None)
    assert out.workload["local_posts"].values[0] == pytest.approx([0.0, 0.0, 0.5])
    assert out.workload["trips"].values[0] == pytest.approx([0.0, 0.0, 0.0])
    assert out.costs["travel"][0] == pytest.approx([0.0, 0.0, 0.0])
    assert out.staff["technicians"].fte[0, 2] == pytest.approx((5600 + 800) / 1600 + 0.3)


def test_three_members_staff_each_site_and_travel_for_the_small_one() -> None:
    # A 2 000, B 1 000, C 600 users, 20 km apart, on site 0.8 h a user: A 1 600 h, B 800 h (0.5 FTE),
    # C 480 h (0.3 FTE). Half-time posts: B's work fills one exactly; C has no whole step, so 480 h are left:
    # 480 / 4 = 120 trips × 40 km = 4 800 km → 96 h and 9 600 SEK; (480 + 96) / 1 600 × 540 000 + 9 600 =
    # 204 000 SEK, less than a half-time post (270 000): C is visited from the host.
    ctx = _context((2000.0, 1000.0, 600.0), km=20.0)
    out = SERVICE.evaluate(ctx, ONSITE | {"visits_per_trip": 4.0}, None)
    # coalitions in mask order: A, B, AB, C, AC, BC, ABC; the host is the largest member
    assert out.workload["local_posts"].values[0] == pytest.approx([0, 0, 0.5, 0, 0, 0, 0.5])
    assert out.workload["trips"].values[0] == pytest.approx([0, 0, 0, 0, 120, 120, 120])
    assert out.costs["travel"][0] == pytest.approx([0, 0, 0, 0, 9600, 9600, 9600])
    host = [1600, 800, 1600, 480, 1600 + 480, 800 + 480, 1600 + 480]
    assert out.workload["host_onsite_hours"].values[0] == pytest.approx(host)
    # alone, every member does its on-site work itself and travels nowhere
    singles = coalitions.singletons(3) - 1
    assert out.workload["onsite_hours"].values[0, singles] == pytest.approx([1600, 800, 480])
    assert out.workload["trips"].values[0, singles] == pytest.approx([0, 0, 0])


def test_posts_are_staffed_site_by_site_not_on_their_sum() -> None:
    # A 2 000 users at the host, B and C 250 each, 1 000 km away: 200 h = 0.125 FTE at each site. Travel
    # would cost (200 + 50 trips × 2 000 km / 50 km/h) / 1 600 × 540 000 + 100 000 km × 2 SEK = 942 500 SEK;
    # so each site gets a half-time post: 1.0 FTE in all, not the sum 0.25 rounded up to 0.5
    ctx = _context((2000.0, 250.0, 250.0), km=1000.0)
    out = SERVICE.evaluate(ctx, ONSITE | {"visits_per_trip": 4.0}, None)
    assert out.workload["local_posts"].values[0, -1] == pytest.approx(1.0)
    # at the host: second line 35 % × 25 000 tickets = 8 750 h + A's 1 600 h on site = 6.47 FTE → 6.5
    technicians = out.staff["technicians"]
    assert technicians.fte[0, -1] == pytest.approx(10350 / 1600 + 0.25)
    assert technicians.minimum_fte[0, -1] == pytest.approx(6.5 + 1.0)


@pytest.mark.parametrize("km", [10.0, 60.0, 150.0, 300.0])
def test_the_it_game_of_three_members_is_subadditive(km: float) -> None:
    # every pair of disjoint coalitions S, T: c(S ∪ T) ≤ c(S) + c(T), near or far
    ctx = _context((4000.0, 1500.0, 700.0), km=km)
    cost = _cost(ctx, SERVICE.evaluate(ctx, _params(), None))[0]
    masks = np.arange(1, 8)
    for s in masks:
        for t in masks[(masks & s) == 0]:
            assert cost[(s | t) - 1] <= cost[s - 1] + cost[t - 1]
    # the grand coalition saves against the three alone (the pooled desk, one tool, one second line)
    assert cost[-1] < cost[coalitions.singletons(3) - 1].sum()


def test_drawn_parameters_give_each_draw_its_own_numbers() -> None:
    # two draws of the on-site share and the mileage, B 10 km from the host. First: B's 425 h on site in
    # 141.7 trips × 20 km = 2 833 km → 56.7 h: (425 + 56.7) / 1 600 × 540 000 + 5 667 = 168 229 SEK, less
    # than a half-time post (270 000), so travelled. Second (10 % of tickets, 40 SEK a km): 675 h in 225
    # trips, 4 500 km → 90 h: (675 + 90) / 1 600 × 540 000 + 180 000 = 438 188 SEK, so B keeps a post.
    ctx = _context((1000.0, 500.0), km=10.0)
    share = np.array([0.05, 0.10])
    per_km = np.array([2.0, 40.0])
    drawn = dict(ctx.economics) | {"cost_per_km": per_km[:, None, None]}
    both = SERVICE.evaluate(
        Context(
            ctx.facts, ctx.membership, ctx.size, ctx.host, ctx.distance_to_host, drawn, draws=(2,)
        ),
        P | {"onsite_share": share[:, None, None]},
        None,
    )
    for d in range(2):
        econ = dict(ctx.economics) | {"cost_per_km": float(per_km[d])}
        one = SERVICE.evaluate(
            Context(ctx.facts, ctx.membership, ctx.size, ctx.host, ctx.distance_to_host, econ),
            P | {"onsite_share": float(share[d])},
            None,
        )
        for name in ("trips", "local_posts", "host_onsite_hours", "travel_hours"):
            assert both.workload[name].values[d] == pytest.approx(one.workload[name].values)
        for name in ("fte", "minimum_fte"):
            drawn_fte = getattr(both.staff["technicians"], name)
            assert drawn_fte[d] == pytest.approx(getattr(one.staff["technicians"], name))
        assert both.costs["travel"][d] == pytest.approx(one.costs["travel"])
    assert both.workload["trips"].values[:, 0, 2] == pytest.approx([425.0 / 3.0, 0.0])
    assert both.workload["local_posts"].values[:, 0, 2] == pytest.approx([0.0, 0.5])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(100, 6000), min_size=2, max_size=3))
def test_pooled_desk_never_needs_more_agents_or_desk_hours(employees) -> None:
    ctx = _context(tuple(employees))
    out = SERVICE.evaluate(ctx, _params(coordination_hours_per_member=0.0), None)
    singles = coalitions.singletons(len(employees)) - 1
    for measure in ("peak_agents", "desk_hours", "second_line_hours"):
        values = out.workload[measure].values
        assert np.all(values <= ctx.pool(values[:, singles]) + 1e-9)


@pytest.mark.parametrize(
    ("fixture", "field", "value"),
    [
        ("it_phone_share_above_one.yaml", "services.it_support.params.phone_share.value", 1.2),
        ("it_negative_tickets.yaml", "services.it_support.params.tickets_per_user.value", -3.0),
        ("it_bad_profile.yaml", "services.it_support.settings.intraday", [1.0, -1.0]),
    ],
)
def test_bad_input_names_file_field_and_value(fixture: str, field: str, value: object) -> None:
    with pytest.raises(InputError) as caught:
        scenario.load(FIXTURES / fixture)
    assert (Path(caught.value.file).name, caught.value.field, caught.value.value) == (
        fixture,
        field,
        value,
    )


def test_the_desk_hands_over_the_curves_it_staffed_by() -> None:
    out = SERVICE.evaluate(_context((1000.0, 500.0)), _params(), None)
    curves = out.queue
    assert curves is not None and curves.patience is None
    assert curves.service_level.shape == (curves.agents.size, 1, 3)
    first = curves.agents[(curves.service_level >= curves.target).argmax(axis=0)]
    assert first == pytest.approx(out.workload["peak_agents"].values)
