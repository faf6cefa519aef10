"""The sv/en text catalogue of the reports: complete in both languages, the same placeholders in each,
clear errors, and the report modules read their words from it."""

from __future__ import annotations

import doctest
import re
import string
from pathlib import Path

import pytest

from simulator.report import texts
from simulator.report.texts import CATALOGUE, LANGUAGES, UnknownText, group, text

REPORT = Path(texts.__file__).parent
GROUPS = {
    "word",
    "unit",
    "method",
    "column",
    "sheet",
    "header",
    "summary",
    "key",
    "chart",
    "uncertainty",
    "period",
    "kind",
    "objective",
    "family",
    "block",
    "value",
    "unitword",
    "measure",
    "workbook",
}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("key", CATALOGUE)
def test_every_text_has_both_languages_and_a_known_group(key: str) -> None:
    assert re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", key), key
    assert key.split(".")[0] in GROUPS
    assert set(CATALOGUE[key]) == set(LANGUAGES)
    assert all(CATALOGUE[key][lang].strip() for lang in LANGUAGES)


@pytest.mark.parametrize("key", CATALOGUE)
def test_swedish_and_english_have_the_same_placeholders(key: str) -> None:
    assert _fields(CATALOGUE[key]["sv"]) == _fields(CATALOGUE[key]["en"]), key


def test_known_texts_come_out_exactly() -> None:
    assert text("key.heading", "sv") == "Föreslagna fördelningsnycklar"
    assert text("summary.assumptions", "en") == "Assumptions and parameters"
    assert (
        text("summary.per_member", "sv", first=2014, last=2021)
        == "Vem betalar vad? Nuvärde 2014–2021, alla tjänster"
    )
    assert text("chart.source", "en", scenario="s", date="2026-11-22") == (
        "Source: samverkan, scenario s, 2026-11-22"
    )
    assert text("method.proportional", "sv", driver="invånare") == "Efter invånare"
    assert text("unit.mnkr", "en") == "MSEK"


def test_the_module_example_runs() -> None:
    result = doctest.testmod(texts)
    assert result.attempted > 0
    assert result.failed == 0


def test_a_group_reads_its_texts_by_name() -> None:
    sheets = group("sheet", "sv")
    assert sheets["costs"] == "Kostnader"
    assert sheets["key_comparison"] == "Nyckeljämförelse"
    assert group("method", "en")["shapley"] == "Shapley value"
    assert "costs" not in group("column", "sv")


def test_an_unknown_text_raises_and_names_the_closest() -> None:
    with pytest.raises(
        UnknownText, match=r"'summary\.assumption'.*did you mean 'summary\.assumptions'"
    ):
        text("summary.assumption", "sv")
    with pytest.raises(LookupError, match="no report text 'nothing'"):
        text("nothing", "en")


def test_an_unknown_language_or_a_missing_value_raises() -> None:
    with pytest.raises(ValueError, match="'de'.*sv, en"):
        text("key.heading", "de")
    with pytest.raises(ValueError, match="'de'"):
        group("sheet", "de")
    with pytest.raises(ValueError, match=r"'summary\.per_member' needs a value for 'last'"):
        text("summary.per_member", "sv", first=2014)


NUMBER_FORMAT = {"formatting.py"}  # decimal comma and the space before % are a number format


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(REPORT.rglob("*.py")) if p.name not in NUMBER_FORMAT],
    ids=lambda p: str(p.relative_to(REPORT)),
)
def test_report_modules_choose_no_words_by_language(path: Path) -> None:
    """Words come from the catalogue: no module branches on the language to pick one."""
    source = path.read_text(encoding="utf-8")
    assert not re.search(r"lang(uage)? *[!=]= *['\"](sv|en)['\"]", source), path.name


def test_units_codes_and_values_read_in_the_report_language() -> None:
    from simulator.report import labels

    assert labels.unit_label("h/FTE/year", "sv") == "h/årsarbetare/år"
    assert labels.unit_label("share of salary", "sv") == "andel av lönen"
    assert labels.unit_label("1/year", "sv") == "per år"
    assert labels.unit_label("1/year", "en") == "1/year"  # English units as the model declares
    assert labels.unit_label("furlongs/fortnight", "sv") == "furlongs/fortnight"
    assert labels.period_label("npv", "sv") == "Nuvärde" and labels.period_label("2018") == 2018
    assert labels.key_label("proposed_key", "sv") == "Föreslagen nyckel"
    assert labels.key_label("population", "en") == "By inhabitants"
    assert labels.block_label("economics", "sv") == "Ekonomi"
    assert labels.block_label("payroll", "sv") == "Löneadministration"


def test_values_keep_their_decimals_and_never_show_python() -> None:
    from simulator.report.labels import decimals, value_text, weights_text

    assert [decimals(v) for v in (0.035, 0.3846, 0.267, 1600.0, 0.1 + 0.2)] == [3, 4, 3, 0, 1]
    assert value_text(0.035, "sv") == "0,035" and value_text(0.3846, "sv") == "0,3846"
    assert value_text(1600.0, "sv") == "1\u00a0600"
    assert value_text(True, "sv") == "ja" and value_text("False", "en") == "no"
    # a mapping, or the text the assumptions table makes of it; a list of numbers
    assert value_text({"Piteå": 0.8, "Älvsbyn": 0.2}, "sv") == "Piteå 0,8; Älvsbyn 0,2"
    assert value_text("Piteå: 0.8, Älvsbyn: 0.2", "sv") == "Piteå 0,8; Älvsbyn 0,2"
    assert value_text("Piteå: 0.8, Älvsbyn: 0.2", "en") == "Piteå 0.8, Älvsbyn 0.2"
    assert value_text("4.0, 7.0, 8.5", "sv") == "4; 7; 8,5"
    assert value_text("08:00", "sv") == "08:00" and value_text("employees", "sv") == "anställda"
    # equal 0.15 → 15 %, population 0.25 → 25 %
    assert weights_text("equal 0.15, population 0.25", "sv") == (
        "lika delar 15\u00a0%; invånare 25\u00a0%"
    )
