"""The year salaries are priced in: the wage index runs from it, not from the base year."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import SCENARIOS, load_error

from simulator import scenario
from simulator.engine import evaluation


def _variant(tmp_path: Path, years: str) -> Path:
    path = tmp_path / "priced.yaml"
    path.write_text(
        f"extends: {SCENARIOS / 'pitea_alvsbyn.yaml'}\nid: priced\nyears: {years}\n",
        encoding="utf-8",
    )
    return path


def test_salaries_priced_five_years_before_the_base_year(tmp_path: Path) -> None:
    # the same scenario with salaries priced in 2014 (the base year) and in 2009: with 1 % real
    # wage growth every personnel cost is 1.01^5 = 1.0510101 times higher
    base = evaluation.run(
        scenario.load(_variant(tmp_path, "{base: 2014, horizon: 2015, prices: 2014}"))
    )
    early = evaluation.run(
        scenario.load(_variant(tmp_path, "{base: 2014, horizon: 2015, prices: 2009}"))
    )
    for name in ("payroll", "switchboard"):
        assert early.services[name].costs["personnel"] == pytest.approx(
            base.services[name].costs["personnel"] * 1.01**5
        )
        assert early.services[name].costs["systems"] == pytest.approx(
            base.services[name].costs["systems"]
        )  # licences are priced in the base year's money


def test_shipped_scenarios_say_their_price_year() -> None:
    assert scenario.load(SCENARIOS / "pitea_alvsbyn.yaml").price_year == 2013
    assert scenario.load(SCENARIOS / "lulea_region.yaml").price_year == 2013


def test_a_price_year_after_the_base_year_is_refused(tmp_path: Path) -> None:
    error = load_error(_variant(tmp_path, "{base: 2014, horizon: 2021, prices: 2016}"))
    assert "years.prices" in str(error) and "at most the base year (2014)" in str(error)
