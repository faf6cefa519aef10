"""Tests for simulator.core.params: a parameter as written (Param), its kinds, declarations and resolution."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from simulator.core.params import Kind, Param, ParamSpec, ResolvedParam

GOOD = {"value": 0.267, "unit": "h/payslip", "source": "estimate: test", "low": 0.2, "high": 0.35}
SPEC = ParamSpec(
    "hours_per_payslip",
    "h/payslip",
    0.267,
    0.2,
    0.35,
    "estimate: declared default",
    "handling time per payslip",
)
finite = st.floats(allow_nan=False, allow_infinity=False, width=64)


def _param(**changes: object) -> Param:
    return Param.model_validate({**GOOD, **changes})


def _resolved(source: str) -> ResolvedParam:
    return ResolvedParam("x", 1.0, "1", source, 0.0, 2.0, "a parameter", "default")


# --- Param -------------------------------------------------------------------------------------------------


def test_a_valid_param_keeps_its_fields() -> None:
    param = _param()
    assert (param.value, param.unit, param.source, param.low, param.high) == (
        0.267,
        "h/payslip",
        "estimate: test",
        0.2,
        0.35,
    )


def test_unit_and_source_are_stripped() -> None:
    param = _param(unit=" h/payslip ", source="  estimate: test\n")
    assert (param.unit, param.source) == ("h/payslip", "estimate: test")


@pytest.mark.parametrize("field", ["source", "unit"])
@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_blank_source_or_unit_is_rejected(field: str, text: str) -> None:
    with pytest.raises(ValidationError, match="must not be empty") as info:
        _param(**{field: text})
    assert info.value.errors()[0]["loc"] == (field,)


@pytest.mark.parametrize("field", sorted(GOOD))
def test_every_field_is_required(field: str) -> None:
    data = {k: v for k, v in GOOD.items() if k != field}
    with pytest.raises(ValidationError) as info:
        Param.model_validate(data)
    assert info.value.errors()[0]["type"] == "missing"


def test_unknown_field_is_rejected() -> None:
    with pytest.raises(ValidationError) as info:
        _param(vaule=1.0)
    assert info.value.errors()[0]["type"] == "extra_forbidden"


def test_low_above_high_is_rejected_naming_both() -> None:
    with pytest.raises(ValidationError, match=r"low \(0.35\) must not exceed high \(0.2\)"):
        _param(value=0.3, low=0.35, high=0.2)


@pytest.mark.parametrize("value", [0.1999, 0.3501, -1.0, 10.0])
def test_value_outside_its_stated_range_is_rejected(value: float) -> None:
    with pytest.raises(ValidationError, match=r"outside its plausible range \[0.2, 0.35\]"):
        _param(value=value)


@pytest.mark.parametrize("value", [0.2, 0.35])
def test_range_ends_are_inclusive(value: float) -> None:
    assert _param(value=value).value == value


def test_a_point_range_is_allowed() -> None:
    assert _param(value=0.3, low=0.3, high=0.3).value == 0.3


def test_not_a_number_is_rejected() -> None:
    with pytest.raises(ValidationError):
        _param(value=math.nan)


def test_infinite_value_is_rejected() -> None:
    with pytest.raises(ValidationError):
        _param(value=math.inf, high=math.inf)


def test_param_is_frozen() -> None:
    param = _param()
    with pytest.raises(ValidationError):
        param.value = 0.3  # type: ignore[misc]


@given(low=finite, high=finite, value=finite)
def test_param_accepts_exactly_the_ordered_triples(low: float, high: float, value: float) -> None:
    data = {**GOOD, "low": low, "high": high, "value": value}
    if low <= value <= high:
        assert Param.model_validate(data).value == value
    else:
        with pytest.raises(ValidationError):
            Param.model_validate(data)


# --- Kind --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "allowed", "refused"),
    [
        (Kind.POSITIVE, [1e-12, 1.0, 1e9], [0.0, -0.0, -1e-12, -5.0]),
        (Kind.NONNEGATIVE, [0.0, 1e-12, 1e9], [-1e-12, -5.0]),
        (Kind.SHARE, [0.0, 0.5, 1.0], [-1e-12, 1.0000001, 2.0, -1.0]),
        (Kind.ANY, [-1e9, -1.0, 0.0, 1.0, 1e9], []),
    ],
)
def test_kind_allows(kind: Kind, allowed: list[float], refused: list[float]) -> None:
    assert all(kind.allows(v) for v in allowed)
    assert not any(kind.allows(v) for v in refused)


@pytest.mark.parametrize("kind", [Kind.POSITIVE, Kind.NONNEGATIVE, Kind.SHARE])
def test_restricted_kinds_refuse_nan(kind: Kind) -> None:
    assert not kind.allows(math.nan)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_any_kind_refuses_non_finite(value: float) -> None:
    assert not Kind.ANY.allows(value)


@given(finite)
def test_kinds_match_their_definitions(value: float) -> None:
    assert Kind.POSITIVE.allows(value) == (value > 0)
    assert Kind.NONNEGATIVE.allows(value) == (value >= 0)
    assert Kind.SHARE.allows(value) == (0 <= value <= 1)
    assert Kind.ANY.allows(value)


def test_every_kind_describes_itself() -> None:
    assert {kind: kind.describe() for kind in Kind} == {
        Kind.POSITIVE: "a number > 0",
        Kind.NONNEGATIVE: "a number >= 0",
        Kind.SHARE: "a share between 0 and 1",
        Kind.OPEN_SHARE: "a share strictly between 0 and 1",
        Kind.WHOLE: "a whole number >= 1",
        Kind.ANY: "a finite number",
    }


@pytest.mark.parametrize(
    ("kind", "value", "allowed"),
    [
        (Kind.OPEN_SHARE, 0.0, False),
        (Kind.OPEN_SHARE, 0.5, True),
        (Kind.OPEN_SHARE, 1.0, False),
        (Kind.WHOLE, 0.0, False),
        (Kind.WHOLE, 2.0, True),
        (Kind.WHOLE, 2.5, False),
    ],
)
def test_open_shares_and_whole_numbers(kind: Kind, value: float, allowed: bool) -> None:
    assert kind.allows(value) is allowed


def test_kind_is_read_from_its_name() -> None:
    assert Kind("share") is Kind.SHARE


# --- ParamSpec.resolve -------------------------------------------------------------------------------------


def test_resolve_without_a_given_value_uses_the_declaration() -> None:
    resolved = SPEC.resolve(None, "some_scenario")
    assert resolved == ResolvedParam(
        "hours_per_payslip",
        0.267,
        "h/payslip",
        "estimate: declared default",
        0.2,
        0.35,
        "handling time per payslip",
        "default",
        0.2,
        0.35,
    )
    assert resolved.within_declared_range


def test_resolve_with_a_given_value_takes_all_of_it_and_the_origin() -> None:
    given_param = _param(value=0.3, source="assumption: test", low=0.25, high=0.32)
    resolved = SPEC.resolve(given_param, "variant")
    assert (resolved.value, resolved.source, resolved.low, resolved.high) == (
        0.3,
        "assumption: test",
        0.25,
        0.32,
    )
    assert (resolved.origin, resolved.description) == ("variant", "handling time per payslip")


def test_resolve_an_optional_parameter_that_was_not_given_raises() -> None:
    optional = ParamSpec("patience_seconds", "s", None, 30.0, 600.0, "optional", "caller patience")
    with pytest.raises(ValueError, match="patience_seconds has no default"):
        optional.resolve(None, "x")


def test_spec_and_resolved_param_are_frozen() -> None:
    with pytest.raises(AttributeError):
        SPEC.default = 1.0  # type: ignore[misc]
    with pytest.raises(AttributeError):
        _resolved("x").value = 2.0  # type: ignore[misc]


# --- ResolvedParam.is_assumption ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "assumption: two persons for continuity",
        "Estimate: calibrated to 100 SEK per payslip",
        "ESTIMATE",
        "antagande: styrgruppen möts varannan månad",
        "Antagande",
        "back-cast estimate from verified salaries",
    ],
)
def test_is_assumption_when_the_source_says_so(source: str) -> None:
    assert _resolved(source).is_assumption


@pytest.mark.parametrize(
    "source",
    [
        "SKL beslutade PO-pålägg kommuner 2014: 38.46 %",
        "ASEK 3.5 % real (Asplund, CTS WP 2018:23)",
        "Swedish weekdays less public holidays",
    ],
)
def test_is_not_assumption_for_a_cited_source(source: str) -> None:
    assert not _resolved(source).is_assumption


def test_is_assumption_for_a_swedish_estimate() -> None:
    assert _resolved("uppskattning: 2–4 minuter per samtal").is_assumption
