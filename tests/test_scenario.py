"""Tests for simulator.scenario.load: the shipped scenarios, `extends`, defaults, immutability, file hashes,
and one broken fixture per check (tests/fixtures/scenarios/), each error naming file, field, value and what
is allowed."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import NamedTuple

import pytest
from pydantic import ValidationError

from simulator import scenario
from simulator.core.errors import MISSING, InputError
from simulator.scenario.facts import DEFAULT_DATA_DIR
from simulator.services import REGISTRY
from simulator.services.economics import ECONOMICS, SHARING

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "scenarios"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "scenarios"
GOOD = ("minimal.yaml", "minimal_variant.yaml")


class Broken(NamedTuple):
    """What loading a broken fixture must report. ``line_text`` is text on the line the error must name
    (None: the line is not checked); ``file`` is the file the error must name (default: the fixture)."""

    field: str
    value: object
    allowed: tuple[str, ...]
    line_text: str | None = None
    file: str | None = None


def _param(value: float, low: float, high: float) -> dict[str, object]:
    return {
        "value": value,
        "unit": "h/payslip",
        "low": low,
        "high": high,
        "source": "estimate: test value",
    }


PAYSLIP = "services.payroll.params.hours_per_payslip"
BROKEN: dict[str, Broken] = {
    "bad_yaml_syntax.yaml": Broken(
        "(YAML syntax)", "mapping values are not allowed here", ("valid YAML",), "title: Minimal:"
    ),
    "unknown_field.yaml": Broken(
        "reports", "reports", ("unknown field", "did you mean 'report'?"), "reports:"
    ),
    "unknown_service_field.yaml": Broken(
        "services.payroll.parms", "parms", ("unknown field", "did you mean 'params'?"), "parms:"
    ),
    "unknown_parameter.yaml": Broken(
        "services.payroll.params.hours_per_payslp",
        "hours_per_payslp",
        ("unknown parameter", "did you mean 'hours_per_payslip'?"),
        "hours_per_payslp",
    ),
    "unknown_service.yaml": Broken(
        "services.payrol", "payrol", ("unknown service", "did you mean 'payroll'?"), "payrol:"
    ),
    "missing_years.yaml": Broken("years", MISSING, ("required", "base", "horizon")),
    "wrong_type.yaml": Broken(
        f"{PAYSLIP}.value", "a quarter hour", ("valid number",), "a quarter hour"
    ),
    "negative_value.yaml": Broken(
        "services.payroll.params.employer_hours.value", -10.0, ("a number > 0",), "employer_hours"
    ),
    "share_out_of_range.yaml": Broken(
        "services.switchboard.params.service_level.value",
        1.2,
        ("a share strictly between 0 and 1",),
        "service_level",
    ),
    "value_outside_range.yaml": Broken(
        f"{PAYSLIP}.value", 0.4, ("plausible range [0.2, 0.35]",), "hours_per_payslip"
    ),
    "low_above_high.yaml": Broken(
        PAYSLIP,
        _param(0.3, 0.35, 0.2),
        ("low (0.35) must not exceed high (0.2)",),
        "hours_per_payslip",
    ),
    "unit_mismatch.yaml": Broken(f"{PAYSLIP}.unit", "min/payslip", ("'h/payslip'",), "min/payslip"),
    "unknown_municipality.yaml": Broken(
        "municipalities[0]", "Pitea", ("did you mean 'Piteå'?", "population.csv"), "Pitea"
    ),
    "duplicate_municipality.yaml": Broken(
        "municipalities[2]", "Piteå", ("each municipality once",), "municipalities:"
    ),
    "year_missing_from_data.yaml": Broken(
        "years", "2014–2040", ("missing 2036", "available 2013–2035"), "2040"
    ),
    "horizon_before_base.yaml": Broken(
        "years.horizon", 2014, ("years.base (2016)",), "horizon: 2014"
    ),
    "extends_not_found.yaml": Broken(
        "extends", "no_such_base.yaml", ("an existing scenario file", "no_such_base.yaml")
    ),
    "extends_cycle_a.yaml": Broken(
        "extends",
        "extends_cycle_a.yaml",
        ("without cycles", "extends_cycle_a.yaml -> extends_cycle_b.yaml -> extends_cycle_a.yaml"),
        file="extends_cycle_b.yaml",
    ),
    "extends_cycle_b.yaml": Broken(
        "extends",
        "extends_cycle_b.yaml",
        ("without cycles", "extends_cycle_b.yaml -> extends_cycle_a.yaml -> extends_cycle_b.yaml"),
        file="extends_cycle_a.yaml",
    ),
    "empty_file.yaml": Broken("(file)", "", ("non-empty scenario", "empty")),
    "one_municipality.yaml": Broken(
        "municipalities", ["Piteå"], ("at least two municipalities",), "municipalities:"
    ),
    "empty_source.yaml": Broken(
        f"{PAYSLIP}.source", "  ", ("must not be empty",), "hours_per_payslip"
    ),
    "profile_negative_weight.yaml": Broken(
        "services.switchboard.settings.weekday",
        [23, 20.5, -19.5, 19.5, 17.5],
        ("weights must be >= 0",),
        "weekday:",
    ),
    "profile_unknown_field.yaml": Broken(
        "services.switchboard.settings.open",
        "open",
        ("unknown field", "did you mean 'opens'?"),
        "open:",
    ),
    "no_enabled_service.yaml": Broken(
        "services", "all disabled", ("at least one enabled service", "payroll", "switchboard")
    ),
    "data_dir_not_found.yaml": Broken("data", "no_such_data", ("population.csv",), "no_such_data"),
}
XFAIL_BROKEN: dict[str, str] = {}


def _load_error(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        scenario.load(path)
    return info.value


def _line_with(path: Path, text: str) -> int:
    lines = [
        i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line
    ]
    assert len(lines) == 1, f"{text!r} must be on exactly one line of {path.name}"
    return lines[0]


def _minimal_copy(tmp_path: Path, name: str = "case.yaml", **replace: str) -> Path:
    """minimal.yaml copied into tmp_path (data pointing at the shipped data), with text replacements."""
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("data: ../../../scenarios/data", f"data: {DEFAULT_DATA_DIR}")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def base() -> scenario.Scenario:
    return scenario.load(SHIPPED / "pitea_alvsbyn.yaml")


@pytest.fixture(scope="module")
def variant() -> scenario.Scenario:
    return scenario.load(SHIPPED / "pitea_alvsbyn_high_service.yaml")


@pytest.fixture(scope="module")
def minimal() -> scenario.Scenario:
    return scenario.load(FIXTURES / "minimal.yaml")


# --- every broken fixture -----------------------------------------------------------------------------------


def test_every_fixture_is_good_or_has_an_expected_error() -> None:
    names = {p.name for p in FIXTURES.glob("*.yaml")}
    assert names == set(GOOD) | set(BROKEN)
    assert set(XFAIL_BROKEN) <= set(BROKEN)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=XFAIL_BROKEN[n]))
        if n in XFAIL_BROKEN
        else n
        for n in sorted(BROKEN)
    ],
)
def test_broken_fixture_names_file_field_value_allowed_and_line(name: str) -> None:
    expected = BROKEN[name]
    err = _load_error(FIXTURES / name)
    assert Path(err.file).resolve() == FIXTURES / (expected.file or name)
    assert err.field == expected.field
    assert err.value == expected.value
    for text in expected.allowed:
        assert text in err.allowed
    if expected.line_text is not None:
        assert err.line == _line_with(FIXTURES / name, expected.line_text)


@pytest.mark.parametrize("name", sorted(set(BROKEN) - set(XFAIL_BROKEN)))
def test_broken_fixture_message_is_one_line_with_file_line_field_and_allowed(name: str) -> None:
    err = _load_error(FIXTURES / name)
    message = str(err)
    assert "\n" not in message
    where = err.file if err.line is None else f"{err.file}, line {err.line}"
    verb = "missing" if err.value is MISSING else "got "
    assert message.startswith(f"{where}: {err.field}: {verb}")
    assert message.endswith(f"; {err.allowed}")


def test_unit_mismatch_message_names_both_units() -> None:
    message = str(_load_error(FIXTURES / "unit_mismatch.yaml"))
    assert "'min/payslip'" in message and "'h/payslip'" in message


def test_yaml_syntax_error_gives_the_line() -> None:
    err = _load_error(FIXTURES / "bad_yaml_syntax.yaml")
    assert err.line == 2
    assert "bad_yaml_syntax.yaml, line 2:" in str(err)


def test_zero_where_positive_is_required(tmp_path: Path) -> None:
    path = _minimal_copy(
        tmp_path, **{"value: 0.267, unit: h/payslip, low: 0.2": "value: 0, unit: h/payslip, low: 0"}
    )
    err = _load_error(path)
    assert (err.field, err.value, err.allowed) == (f"{PAYSLIP}.value", 0.0, "a number > 0")


def test_share_below_zero(tmp_path: Path) -> None:
    path = _minimal_copy(
        tmp_path,
        **{
            "services:": "economics:\n  overhead_rate: {value: -0.1, unit: share of "
            'labour cost, low: -1, high: 1, source: "estimate: t"}\nservices:'
        },
    )
    err = _load_error(path)
    assert (err.field, err.value, err.allowed) == (
        "economics.overhead_rate.value",
        -0.1,
        "a share between 0 and 1",
    )


def test_empty_services_has_no_enabled_service(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(
        f"id: case\ntitle: t\nmunicipalities: [Piteå, Älvsbyn]\ndata: {DEFAULT_DATA_DIR}\n"
        "years: {base: 2014, horizon: 2016}\nservices: {}\n",
        encoding="utf-8",
    )
    err = _load_error(path)
    assert (err.field, err.value) == ("services", "none")
    assert "at least one enabled service" in err.allowed


def test_comment_only_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "comments.yaml"
    path.write_text("# nothing here yet\n", encoding="utf-8")
    err = _load_error(path)
    assert (err.field, err.value) == ("(file)", "")


def test_top_level_list_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- id: x\n", encoding="utf-8")
    err = _load_error(path)
    assert (err.field, err.value) == ("(top level)", "list")


def test_missing_scenario_file(tmp_path: Path) -> None:
    err = _load_error(tmp_path / "absent.yaml")
    assert (err.field, err.value) == ("(file)", str(tmp_path / "absent.yaml"))
    assert "an existing scenario file" in err.allowed


@pytest.mark.parametrize("extends", ['""', "5", "[a.yaml]"])
def test_extends_must_name_a_file(tmp_path: Path, extends: str) -> None:
    path = _minimal_copy(tmp_path, **{"id: minimal": f"extends: {extends}\nid: minimal"})
    err = _load_error(path)
    assert err.field == "extends"
    assert "the file name of a base scenario" in err.allowed


@pytest.mark.parametrize(
    "name",
    [
        "empty_source.yaml",
        "low_above_high.yaml",
        "value_outside_range.yaml",
        "profile_negative_weight.yaml",
    ],
)
def test_messages_carry_no_pydantic_prefix(name: str) -> None:
    assert "Value error" not in _load_error(FIXTURES / name).allowed


def test_missing_field_message_does_not_claim_a_value() -> None:
    message = str(_load_error(FIXTURES / "missing_years.yaml"))
    assert "got None" not in message
    assert "base" in message and "horizon" in message


BLOCK_UNKNOWN_FIELD = """id: case
title: t
municipalities: [Piteå, Älvsbyn]
data: {data}
years: {{base: 2014, horizon: 2016}}
services:
  payroll:
    parms:
      hours_per_payslip: {{value: 0.267, unit: h/payslip, low: 0.2, high: 0.35, source: "estimate: t"}}
"""
BLOCK_MUNICIPALITY = """id: case
title: t
municipalities:
  - Piteå
  - Pitea
data: {data}
years: {{base: 2014, horizon: 2016}}
services:
  payroll: {{}}
"""


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param(BLOCK_UNKNOWN_FIELD, 8, id="key-with-block-value"),
        pytest.param(BLOCK_MUNICIPALITY, 5, id="entry-of-block-list"),
    ],
)
def test_line_points_at_the_offending_key_in_block_style(
    tmp_path: Path, text: str, line: int
) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(text.format(data=DEFAULT_DATA_DIR), encoding="utf-8")
    assert _load_error(path).line == line


def test_duplicate_key_is_rejected(tmp_path: Path) -> None:
    line = (
        "      hours_per_payslip: {value: 0.267, unit: h/payslip, low: 0.2, high: 0.35, "
        'source: "estimate: test value"}\n'
    )
    path = _minimal_copy(tmp_path, **{line: line + line.replace("0.267", "0.3")})
    err = _load_error(path)
    assert err.line == 12


# --- the shipped scenarios ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["pitea_alvsbyn.yaml", "pitea_alvsbyn_high_service.yaml", "lulea_region.yaml"]
)
def test_shipped_scenarios_load(name: str) -> None:
    sc = scenario.load(SHIPPED / name)
    assert sc.id == Path(name).stem
    assert sc.path == SHIPPED / name
    assert sc.data_dir == DEFAULT_DATA_DIR
    assert {"payroll", "switchboard"} <= set(sc.services)
    assert len(sc.file_hash) == 64 and int(sc.file_hash, 16) >= 0


def test_base_scenario(base: scenario.Scenario) -> None:
    assert (base.chain, base.municipalities) == (("pitea_alvsbyn",), ("Piteå", "Älvsbyn"))
    assert (base.base_year, base.horizon, base.years) == (2014, 2021, tuple(range(2014, 2022)))
    assert (base.seed, base.language) == (20131218, "sv")
    assert base.economics["discount_rate"].value == 0.035
    assert base.services["switchboard"].settings.opens == "08:00"


def test_lulea_region_replaces_municipalities_and_years() -> None:
    sc = scenario.load(SHIPPED / "lulea_region.yaml")
    assert sc.chain == ("pitea_alvsbyn", "lulea_region")
    assert sc.municipalities == ("Boden", "Kalix", "Luleå", "Piteå", "Älvsbyn")
    assert (sc.base_year, sc.horizon, sc.seed) == (2018, 2025, 20180801)


def test_extends_applies_only_the_overrides(
    base: scenario.Scenario, variant: scenario.Scenario
) -> None:
    assert variant.chain == ("pitea_alvsbyn", "pitea_alvsbyn_high_service")
    level = variant.services["switchboard"].params["service_level"]
    assert (level.value, level.source) == (0.9, "variant: council ambition of 90 % answered")
    assert base.services["switchboard"].params["service_level"].value == 0.8
    assert variant.services["switchboard"].params["patience_seconds"].value == 120
    assert "patience_seconds" not in base.services["switchboard"].params
    assert variant.services["payroll"].values() == base.services["payroll"].values()
    for name, param in base.services["payroll"].params.items():
        assert variant.services["payroll"].params[name].source == param.source
    assert variant.services["switchboard"].settings == base.services["switchboard"].settings
    assert (
        variant.services["switchboard"].values()["calls_per_inhabitant"]
        == base.services["switchboard"].values()["calls_per_inhabitant"]
    )
    same = ("municipalities", "base_year", "horizon", "seed", "language", "data_dir")
    assert [getattr(variant, f) for f in same] == [getattr(base, f) for f in same]
    assert {n: p.value for n, p in variant.economics.items()} == {
        n: p.value for n, p in base.economics.items()
    }


def test_a_replaced_parameter_takes_nothing_from_the_base(tmp_path: Path) -> None:
    _minimal_copy(tmp_path, "minimal.yaml")
    path = tmp_path / "v.yaml"
    path.write_text(
        "extends: minimal.yaml\nid: v\nservices:\n  payroll:\n    params:\n      hours_per_payslip: "
        "{value: 0.3, unit: h/payslip, low: 0.25, high: 0.32, source: 'assumption: v'}\n",
        encoding="utf-8",
    )
    param = scenario.load(path).services["payroll"].params["hours_per_payslip"]
    assert (param.value, param.low, param.high, param.source, param.origin) == (
        0.3,
        0.25,
        0.32,
        "assumption: v",
        "v",
    )


def test_minimal_variant_chain_and_overrides(minimal: scenario.Scenario) -> None:
    sc = scenario.load(FIXTURES / "minimal_variant.yaml")
    assert sc.chain == ("minimal", "minimal_variant")
    assert (sc.base_year, sc.horizon, sc.title) == (
        2014,
        2018,
        "Minimal test scenario with a switchboard",
    )
    assert sc.services["payroll"].values() == minimal.services["payroll"].values()
    settings = sc.services["switchboard"].settings
    assert (settings.opens, settings.interval_minutes) == ("08:30", 30)
    assert sc.services["switchboard"].params["service_level"].value == 0.9


def test_variant_may_omit_id_then_it_is_required(tmp_path: Path) -> None:
    path = tmp_path / "v.yaml"
    path.write_text(
        f"extends: {FIXTURES / 'minimal.yaml'}\ntitle: no id of its own\n", encoding="utf-8"
    )
    err = _load_error(path)
    assert (err.field, Path(err.file)) == ("id", path)


def test_inherited_parameter_keeps_the_base_as_origin(variant: scenario.Scenario) -> None:
    assert variant.services["payroll"].params["hours_per_payslip"].origin == "pitea_alvsbyn"
    assert (
        variant.services["switchboard"].params["service_level"].origin
        == "pitea_alvsbyn_high_service"
    )


def test_variant_in_another_folder_uses_the_base_data(tmp_path: Path) -> None:
    path = tmp_path / "v.yaml"
    path.write_text(
        f"extends: {SHIPPED / 'pitea_alvsbyn.yaml'}\nid: v\ntitle: elsewhere\n", encoding="utf-8"
    )
    assert scenario.load(path).data_dir == DEFAULT_DATA_DIR


def test_error_in_a_base_names_the_base(tmp_path: Path) -> None:
    base_path = _minimal_copy(
        tmp_path, "base.yaml", **{"services:": "reports: {language: en}\nservices:"}
    )
    path = tmp_path / "v.yaml"
    path.write_text("extends: base.yaml\nid: v\ntitle: v\n", encoding="utf-8")
    err = _load_error(path)
    assert (Path(err.file), err.line) == (base_path, _line_with(base_path, "reports:"))


# --- defaults, immutability, hashes -------------------------------------------------------------------------


def test_defaults_fill_what_the_scenario_omits(minimal: scenario.Scenario) -> None:
    payroll = minimal.services["payroll"].params
    given = payroll["hours_per_payslip"]
    assert (given.value, given.source, given.origin) == (0.267, "estimate: test value", "minimal")
    for spec in REGISTRY["payroll"].params:
        if spec.name != "hours_per_payslip":
            p = payroll[spec.name]
            assert (p.value, p.unit, p.source, p.low, p.high, p.origin) == (
                spec.default,
                spec.unit,
                spec.source,
                spec.low,
                spec.high,
                "default",
            )
    for block, specs in ((minimal.economics, ECONOMICS), (minimal.sharing, SHARING)):
        assert {n: (p.value, p.origin) for n, p in block.items()} == {
            s.name: (s.default, "default") for s in specs
        }
    assert set(minimal.services) == {"payroll"}
    assert (minimal.seed, minimal.language) == (0, "sv")


def test_optional_parameters_without_default_are_left_out(base: scenario.Scenario) -> None:
    optional = {s.name for s in REGISTRY["switchboard"].params if s.default is None}
    assert optional and not optional & set(base.services["switchboard"].params)


def test_parameters_lists_every_block(minimal: scenario.Scenario) -> None:
    rows = minimal.parameters()
    assert len(rows) == len(ECONOMICS) + len(SHARING) + len(REGISTRY["payroll"].params)
    assert {block for block, _ in rows} == {"economics", "sharing", "payroll"}


def test_scenario_is_frozen(variant: scenario.Scenario) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        variant.id = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        variant.horizon = 2030  # type: ignore[misc]
    with pytest.raises(TypeError):
        variant.services["payroll"] = variant.services["switchboard"]  # type: ignore[index]
    with pytest.raises(TypeError):
        variant.economics["discount_rate"] = variant.economics["wage_growth"]  # type: ignore[index]
    with pytest.raises(TypeError):
        variant.services["payroll"].params["hours_per_payslip"] = None  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        variant.services["payroll"].params["hours_per_payslip"].value = 1.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        variant.services["payroll"].name = "x"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        variant.services["switchboard"].settings.opens = "09:00"
    assert isinstance(variant.municipalities, tuple) and isinstance(variant.chain, tuple)


def _copy_pair(tmp_path: Path) -> tuple[Path, Path]:
    base_text = (SHIPPED / "pitea_alvsbyn.yaml").read_text(encoding="utf-8")
    base_path = tmp_path / "pitea_alvsbyn.yaml"
    base_path.write_text(
        base_text.replace("data: data", f"data: {DEFAULT_DATA_DIR}"), encoding="utf-8"
    )
    variant_path = tmp_path / "pitea_alvsbyn_high_service.yaml"
    shutil.copy(SHIPPED / "pitea_alvsbyn_high_service.yaml", variant_path)
    return base_path, variant_path


def test_file_hash_follows_every_file_in_the_chain(tmp_path: Path) -> None:
    base_path, variant_path = _copy_pair(tmp_path)
    before = scenario.load(variant_path).file_hash
    assert scenario.load(variant_path).file_hash == before
    assert scenario.load(base_path).file_hash != before
    base_path.write_text(
        base_path.read_text(encoding="utf-8") + "# an edit in the base\n", encoding="utf-8"
    )
    after_base = scenario.load(variant_path).file_hash
    assert after_base != before
    variant_path.write_text(
        variant_path.read_text(encoding="utf-8") + "# an edit in the variant\n", encoding="utf-8"
    )
    assert scenario.load(variant_path).file_hash not in (before, after_base)


def test_null_in_a_variant_removes_an_inherited_field(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(
        f"id: base\ntitle: t\nmunicipalities: [Piteå, Älvsbyn]\ndata: {DEFAULT_DATA_DIR}\n"
        "years: {base: 2014, horizon: 2015}\nservices:\n  payroll: {}\n  switchboard: {}\n",
        encoding="utf-8",
    )
    variant = tmp_path / "variant.yaml"
    variant.write_text(
        "extends: base.yaml\nid: variant\nservices:\n  switchboard: null\n", encoding="utf-8"
    )
    assert list(scenario.load(variant).services) == ["payroll"]


def test_the_readme_names_every_shipped_scenario() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shipped = readme.split("Shipped:", 1)[1].split("\n\n", 1)[0]
    for path in sorted(SHIPPED.glob("*.yaml")):
        assert f"`{path.name}`" in shipped, path.name
