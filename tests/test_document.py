"""The decision document (beslutsunderlag): it opens, has the tjänsteskrivelse's sections in order,
numbered proposals, figures with captions and the assumptions table; every figure quoted in the
summary equals the run's tables; Swedish number format throughout.

The model runs once for the module (Piteå–Älvsbyn, with a small uncertainty study); the document is
rendered from it with PNG charts only.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import docx
import numpy as np
import pytest
from helpers import ROOT

from simulator import api, cli
from simulator.report import decision
from simulator.report.document import DOCX, build_docx, pdf_engine, to_pdf, write_document
from simulator.report.keywording import key_words
from simulator.report.summary import service_overview
from simulator.scenario.assumptions import assumptions_table
from simulator.uncertainty.study import study

SCENARIO = ROOT / "scenarios" / "pitea_alvsbyn.yaml"
HEADINGS_SV = [
    "Förslag till beslut",
    "Sammanfattning",
    "Ärendebeskrivning och bakgrund",
    "Ekonomiska konsekvenser",
    "Fördelningsnyckel",
    "Risker och känslighet",
    "Bilagor",
]
HEADINGS_EN = [
    "Proposed decision",
    "Summary",
    "Description of the matter and background",
    "Financial consequences",
    "Cost-sharing key",
    "Risks and sensitivity",
    "Appendices",
]
NBSP = "\u00a0"
AMOUNT = re.compile(r"(−?\d{1,3}(?:[ \u00a0]\d{3})*(?:,\d+)?)\u00a0(tkr|mnkr)")


@pytest.fixture(scope="module")
def results() -> api.Results:
    return api.evaluate(SCENARIO)


@pytest.fixture(scope="module")
def found(results: api.Results):
    # A small study: the sentences need its tables, not their precision.
    return study(results.scenario, draws=200, seed=1, sobol_samples=16, morris_trajectories=2)


@pytest.fixture(scope="module")
def document(results: api.Results, found, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("document")
    written, _ = write_document(results, found, folder, formats="docx", date="2025-01-15")
    assert written == [DOCX]
    return folder / DOCX


@pytest.fixture(scope="module")
def opened(document: Path):
    return docx.Document(str(document))


def sek(shown: str, unit: str) -> tuple[float, float]:
    """The SEK a figure as shown stands for, and half its last shown digit (the rounding)."""
    digits = shown.replace(NBSP, "").replace(" ", "").replace("−", "-")
    value = float(digits.replace(",", "."))
    decimals = len(digits.split(",")[1]) if "," in digits else 0
    scale = 1e3 if unit == "tkr" else 1e6
    return value * scale, 0.5 * scale * 10.0**-decimals


def close(shown: tuple[str, str], model: float) -> bool:
    value, half = sek(*shown)
    return abs(value - model) <= half + 1e-6


def section(opened, heading: str) -> list[str]:
    """The text of the paragraphs under a Heading 1, up to the next."""
    texts, inside = [], False
    for p in opened.paragraphs:
        if p.style.name == "Heading 1":
            inside = p.text == heading
        elif inside and p.text:
            texts.append(p.text)
    return texts


def table_after(opened, caption_start: str):
    """The table whose caption (above it) starts with ``caption_start``."""
    body = opened.element.body
    for i, element in enumerate(body):
        if element.tag.endswith("}p") and "".join(element.itertext()).startswith(caption_start):
            following = body[i + 1]
            return next(t for t in opened.tables if t._tbl is following)
    raise AssertionError(f"no table captioned {caption_start!r}")


def test_document_opens_with_the_sections_in_order(opened) -> None:
    headings = [p.text for p in opened.paragraphs if p.style.name == "Heading 1"]
    assert headings == HEADINGS_SV
    assert opened.sections[0].page_width.cm == pytest.approx(21.0, abs=0.01)  # A4


def test_proposals_are_numbered_and_self_contained(opened, results: api.Results) -> None:
    items = [p.text for p in opened.paragraphs if p.style.name == "Proposal"]
    numbers = [int(text.split(".\t", 1)[0]) for text in items]
    shared = [p for p in decision.proposals(results) if p.share]
    # six services, then the steering group, the agreement and the condition
    assert numbers == list(range(1, len(shared) + 4)) == list(range(1, 10))
    payroll = items[0]
    assert payroll.startswith("1.\tPiteå och Älvsbyn driver löneadministration gemensamt")
    assert "januari 2017" in payroll and "Älvsbyn som värdkommun" in payroll
    # the payroll key, the most robust over the 1 000 draws of a run, freezes each one's own
    # cost of payroll in 2016, the year before the start, and says the shares
    assert results.keys.family("payroll") == "historic"
    assert key_words(results.keys, "payroll", "sv") in payroll
    assert "egen kostnad för tjänsten 2016, året före starten, fryst: Piteå 74,2" in payroll
    assert all("Piteå" in item and "Älvsbyn" in item for item in items[:6] + items[-1:])


def test_figures_have_numbered_captions(opened) -> None:
    pictures = len(opened.inline_shapes)
    captions = [
        p.text
        for p in opened.paragraphs
        if p.style.name == "Caption" and p.text.startswith("Figur")
    ]
    assert pictures >= 3
    assert [int(c.split(" ")[1].rstrip(".")) for c in captions] == list(range(1, pictures + 1))
    assert all(len(c.split(". ", 1)[1]) > 20 for c in captions)  # a caption, not a bare label


def test_assumptions_table_holds_every_parameter_with_its_source(
    opened, results: api.Results
) -> None:
    expected = assumptions_table(results.scenario)
    table = next(
        t for t in opened.tables if [c.text for c in t.rows[0].cells][:2] == ["Parameter", "Värde"]
    )
    names = [row.cells[0].text for row in table.rows[1:]]
    blocks = expected["block"].nunique()
    assert len(table.rows) - 1 == len(expected) + blocks  # a heading row per block
    assert set(expected["name"]) <= set(names)
    sources = {row.cells[-1].text for row in table.rows[1:]}
    assert "ASEK 3.5 % real (Asplund, CTS WP 2018:23)" in sources  # the discount rate's


def test_summary_quotes_the_runs_figures(opened, results: api.Results) -> None:
    text = " ".join(section(opened, "Sammanfattning"))
    amounts = AMOUNT.findall(text)
    overview = service_overview(results.run).set_index("service").loc["total"]
    members = decision.member_table(results).set_index("municipality")
    projection = results.tables["projection"]
    # cost today, shared, saving (2021); savings of Piteå and Älvsbyn; steering; one-off; NPV;
    # then the uncertainty range and median
    expected = [
        overview["alone_sek"],
        overview["shared_sek"],
        overview["alone_sek"] - overview["shared_sek"],
        members.at["Piteå", "saving_sek"],
        members.at["Älvsbyn", "saving_sek"],
        decision.steering_npv(results),
        projection["one_off_sek"].sum(),
        projection["discounted_saving_sek"].sum(),
    ]
    assert len(amounts) >= len(expected)
    for shown, model in zip(amounts, expected):
        assert close(shown, model), (shown, model)
    # the group's NPV is the members' savings less the steering, to the krona
    assert members.at["total", "saving_sek"] - decision.steering_npv(results) == pytest.approx(
        projection["discounted_saving_sek"].sum(), abs=1.0
    )
    assert "betalat sig 2018" in text  # tables.payback: the cumulative net saving turns in 2018
    assert "i 9 fall av 10" in text.lower()


def test_the_summary_figures_are_the_tables_figures(opened) -> None:
    summary = " ".join(section(opened, "Sammanfattning"))
    quoted = AMOUNT.findall(summary)
    services = table_after(opened, "Tabell 3.")
    total = [c.text for c in services.rows[-1].cells]
    assert total[0] == "Totalt"
    # alone, shared, saving and one-off costs in the table (tkr) against the text (mnkr / tkr)
    for shown, cell in zip(quoted[:3], total[1:4]):
        assert close(shown, sek(*AMOUNT.search(cell).groups())[0])
    members = table_after(opened, "Tabell 4.")
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in members.rows[1:]}
    for shown, name in zip(quoted[3:5], ("Piteå", "Älvsbyn")):
        assert close(shown, sek(*AMOUNT.search(rows[name][3]).groups())[0])
    assert close(quoted[7], sek(*AMOUNT.search(total[5]).groups())[0])  # the present value


def test_treasurer_can_recompute_the_shares(results: api.Results) -> None:
    services = [p.service for p in decision.proposals(results) if p.share]
    year = decision.key_year(results, services)
    assert year == 2017  # payroll starts in January 2017, the others in 2015
    shares = decision.key_shares(results, services, year).set_index(["service", "municipality"])
    drivers = decision.key_drivers(results, services, year)
    members = list(results.scenario.municipalities)
    for name in services:
        key = results.keys.proposals[name].key
        share = np.zeros(len(members))
        for driver, weight in key.items():
            if driver == "equal":
                share += weight / len(members)
                continue
            row = drivers[(drivers["driver"] == driver) & drivers["service"].isin(["", name])]
            values = row[members].iloc[0].to_numpy(dtype=float)
            share += weight * values / values.sum()
        # Σ weight × own share of each driver = the key's share of the year's cost
        assert share == pytest.approx([shares.at[(name, m), "share"] for m in members], abs=1e-9)


def _checked_texts(opened) -> list[str]:
    """Every paragraph and table cell, less the assumptions table's parameter names and sources
    (quoted as written in the scenario file) and the file name of the scenario."""
    texts = [p.text for p in opened.paragraphs]
    for table in opened.tables:
        head = [c.text for c in table.rows[0].cells]
        skip = {0, len(head) - 1} if head[:2] == ["Parameter", "Värde"] else set()
        for row in table.rows:
            texts += [c.text for i, c in enumerate(row.cells) if i not in skip]
    return [t.replace("pitea_alvsbyn.yaml", "") for t in texts]


def test_swedish_number_format_throughout(opened) -> None:
    for text in _checked_texts(opened):
        assert not re.search(r"\d\.\d", text), text  # no decimal point
        assert not re.search(r"\d{5,}", text), text  # thousands are separated
        for four in re.findall(r"(?<![\d,])\d{4}(?![\d,])", text):
            assert 1900 <= int(four) <= 2100, text  # a four-digit number is a year


def test_english_when_the_scenario_is_english(results: api.Results, tmp_path: Path) -> None:
    english = dataclasses.replace(
        results, scenario=dataclasses.replace(results.scenario, language="en")
    )
    path = build_docx(english, None, tmp_path / DOCX, date="2025-01-15")
    opened = docx.Document(str(path))
    assert [p.text for p in opened.paragraphs if p.style.name == "Heading 1"] == HEADINGS_EN
    assert any(p.text.startswith("Figure 1.") for p in opened.paragraphs)


def test_a_municipal_template_gets_the_missing_styles(results: api.Results, tmp_path: Path) -> None:
    own = docx.Document()
    own.add_paragraph("Älvsbyns kommun · Kommunledningskontoret")
    own.add_paragraph("{{ title }}")
    for name in ("proposals", "summary", "background", "economics", "key", "risks", "appendices"):
        own.add_paragraph(f"{{{{ headings.{name} }}}}", style="Heading 1")
        own.add_paragraph(f"{{{{p {name} }}}}")
    template = tmp_path / "brevmall.docx"
    own.save(str(template))
    path = build_docx(results, None, tmp_path / DOCX, template=template, date="2025-01-15")
    opened = docx.Document(str(path))
    assert opened.paragraphs[0].text == "Älvsbyns kommun · Kommunledningskontoret"
    assert {"Table Text", "Proposal"} <= {s.name for s in opened.styles}


def test_cli_refuses_a_template_without_the_placeholders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bare = docx.Document()
    bare.add_paragraph("{{p summary }}")
    template = tmp_path / "mall.docx"
    bare.save(str(template))
    status = cli.main(
        ["document", str(SCENARIO), "--template", str(template), "--out", str(tmp_path / "o")]
    )
    err = capsys.readouterr().err.strip()
    assert status == 2
    assert err.count("\n") == 0 and "--template" in err and "{{p proposals }}" in err
    assert not (tmp_path / "o").exists()


def test_cli_refuses_a_missing_template(tmp_path: Path, capsys) -> None:
    status = cli.main(["document", str(SCENARIO), "--template", str(tmp_path / "none.docx")])
    assert status == 2
    assert "an existing .docx file" in capsys.readouterr().err


@pytest.mark.skipif(pdf_engine() is None, reason="LibreOffice is not installed")
def test_the_pdf_is_the_word_file_converted(document: Path, tmp_path: Path) -> None:
    pdf = to_pdf(document, tmp_path)
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")
