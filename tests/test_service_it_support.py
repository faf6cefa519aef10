"""IT support: a hand-checked desk, on-site work and local presence, pooling, travel that makes sharing
worse, bad input."""

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
from simulator.services.it_support import SERVICE

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
P = _params(
    phone_share=0.0,
    email_share=0.5,
    portal_share=0.5,
    users_per_employee=1.0,
    tickets_per_user=10.0,
    coordination_hours_per_member=100.0,
)


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
    # on site: 5 % of tickets × 1 h + 0.7 devices per user × 0.5 h: A 500 + 350, B 250 + 175.
    # Shared (host A): B's 425 h fit in its local half-time technician (800 h), so no trips.
    assert out.workload["onsite_hours"].values[0] == pytest.approx([850.0, 425.0, 850.0])
    assert out.workload["trips"].values[0] == pytest.approx([0.0, 0.0, 0.0])
    assert out.staff["local"].fte[0] == pytest.approx([0.0, 0.0, 0.5])
    assert out.staff["technicians"].fte[0] == pytest.approx([4350 / 1600, 2175 / 1600, 6100 / 1600])
    # one ITSM tool: 100 000 + 6 000 × seats, the FTE rounded up: A 2.55 + 2.72 → 6, B 1.77 + 1.36 → 4,
    # shared 3.51 + 3.81 + 0.5 → 8
    assert out.costs["systems"][0] == pytest.approx([136000.0, 124000.0, 148000.0])


def test_work_beyond_local_presence_is_done_by_travelling_technicians() -> None:
    ctx = _context((1000.0, 500.0))
    out = SERVICE.evaluate(ctx, P | {"local_presence_fte": 0.2}, None)
    # B's capacity 0.2 × 1 600 = 320 h; 425 − 320 = 105 h in trips of 3 one-hour visits = 35 trips
    # × 2 × 100 km = 7 000 km → 140 h at 50 km/h and 14 000 SEK at 2 SEK/km
    assert out.workload["trips"].values[0, 2] == pytest.approx(35.0)
    assert out.workload["travel_hours"].values[0, 2] == pytest.approx(140.0)
    assert out.costs["travel"][0] == pytest.approx([0.0, 0.0, 14000.0])
    assert out.workload["onsite_hours"].values[0, 2] == pytest.approx(850.0 + 105.0)


def test_long_distances_without_local_presence_make_sharing_worse() -> None:
    p = _params(local_presence_fte=0.0, onsite_share=0.10, visits_per_trip=1.0)
    near = _cost(
        _context((1000.0, 500.0), km=10.0),
        SERVICE.evaluate(_context((1000.0, 500.0), km=10.0), p, None),
    )
    far_ctx = _context((1000.0, 500.0), km=150.0)
    far = _cost(far_ctx, SERVICE.evaluate(far_ctx, p, None))
    assert near[0, 2] < near[0, 0] + near[0, 1]  # next door, the pooled desk saves
    assert far[0, 2] > far[0, 0] + far[0, 1]  # 150 km away, every visit costs 300 km and 6 h


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
