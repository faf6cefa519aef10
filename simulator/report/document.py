"""The decision document (beslutsunderlag): a Word file in the shape of a Swedish tjänsteskrivelse,
filled from a finished run, and its PDF where LibreOffice is installed.

The document is a docxtpl (Jinja2) template: ``templates/beslutsunderlag.docx`` by default (built
by ``templates/build_template.py``), or a municipality's own letterhead with the same placeholders
(listed in that script). Each section is written as a sub-document with the template's styles;
the charts are drawn anew as PNG (200 dpi, print quality at the A4 text width). The text never
depends on the PDF engine: the PDF is the Word file converted.

Needs the optional ``doc`` extra (``pip install samverkan[doc]``: docxtpl, python-docx).
"""

from __future__ import annotations

import copy
import datetime
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from simulator.core.errors import InputError
from simulator.engine.catalogue import service_title
from simulator.report import document_annex, document_key, document_sections
from simulator.report import uncertainty as words
from simulator.report.charts import write_charts
from simulator.report.charts.base import save
from simulator.report.document_parts import PARAGRAPH_STYLES, TABLE_STYLE, Numbers, Part
from simulator.report.document_sections import Figure, Inputs, join
from simulator.report.document_texts import document_text as dt
from simulator.report.formatting import number
from simulator.report.results import Results
from simulator.report.style import source_line
from simulator.uncertainty.study import Study

__all__ = [
    "DEFAULT_TEMPLATE",
    "DOCX",
    "PDF",
    "SECTIONS",
    "build_docx",
    "check_template",
    "to_pdf",
    "pdf_engine",
    "write_document",
]

DEFAULT_TEMPLATE = Path(__file__).with_name("templates") / "beslutsunderlag.docx"
DOCX = "beslutsunderlag.docx"
PDF = "beslutsunderlag.pdf"
SECTIONS: dict[str, Callable[[Part, Inputs], None]] = {
    "proposals": document_sections.proposals,
    "summary": document_sections.summary,
    "background": document_sections.background,
    "economics": document_sections.economics,
    "key": document_key.key,
    "risks": document_annex.risks,
    "appendices": document_annex.appendices,
}
"""The sections in order, by the name of their placeholder (``{{p proposals }}``, …)."""
_PDF_SECONDS = 300

_CHART_ORDER = (
    "cost_by_service",
    "waterfall",
    "waterfall_first_year",
    "savings",
    "saving_sources",
    "jobs",
    "allocation",
    "core",
)


def _caption(stem: str, results: Results, study: Study | None, lang: str) -> str:
    year = results.scenario.horizon
    if stem.startswith("service_level_"):
        service = service_title(stem.removeprefix("service_level_"), lang)
        return dt("doc.caption.service_level", lang, service=service)
    draws = number(study.draws, 0, lang) if study is not None else ""
    return dt(f"doc.caption.{stem}", lang, year=year, draws=draws)


def _draw(results: Results, study: Study | None, folder: Path, date: str) -> dict[str, Figure]:
    """Draw every chart that applies into ``folder`` (PNG); number them in document order."""
    sc = results.scenario
    lang = sc.language
    names = write_charts(
        results.chart_tables, folder, lang=lang, scenario_id=sc.id, date=date, formats=("png",)
    )
    if study is not None:
        source = source_line(sc.id, date, lang)
        years = (sc.base_year, sc.horizon)
        drawn = {
            "uncertainty_fan": words.fan_chart(
                study.tables["draws_summary"], draws=study.draws, lang=lang, source=source
            ),
            "uncertainty_tornado": words.tornado_chart(
                study.tables["tornado"], years=years, lang=lang, source=source
            ),
            "uncertainty_probability": words.probability_chart(
                study.tables["probabilities"], draws=study.draws, lang=lang, source=source
            ),
        }
        for stem, fig in drawn.items():
            names += save(fig, folder, stem, ("png",))
    stems = [name.removesuffix(".png") for name in names]
    queues = sorted(s for s in stems if s.startswith("service_level_"))
    ordered = [s for s in _CHART_ORDER if s in stems] + queues
    ordered += [s for s in stems if s.startswith("uncertainty_")]
    return {
        stem: Figure(n, folder / f"{stem}.png", _caption(stem, results, study, lang))
        for n, stem in enumerate(ordered, start=1)
    }


def check_template(path: Path | None) -> None:
    """Raise :class:`InputError` unless ``path`` (None: the default) is a usable template: a
    Word file with a placeholder for every section."""
    _template(path)


def _template(path: Path | None):
    """The docxtpl template at ``path`` (default: the shipped one), with every style the
    document writes with (copied from the default template where missing)."""
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate  # type: ignore[import-untyped]

    given = path or DEFAULT_TEMPLATE
    if not given.is_file():
        raise InputError(None, "--template", str(given), "an existing .docx file")
    try:
        template = DocxTemplate(str(given))
        template.init_docx()
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise InputError(None, "--template", str(given), f"a Word .docx file ({exc})") from None
    missing = sorted(set(SECTIONS) - template.get_undeclared_template_variables())
    if missing:
        places = ", ".join(f"{{{{p {name} }}}}" for name in missing)
        raise InputError(
            None, "--template", str(given), f"a template with the placeholders {places}"
        )
    if path is not None:
        _add_missing_styles(template.docx)
    return template


def _add_missing_styles(docx) -> None:
    """Copy from the default template each style the document writes with that ``docx`` lacks
    (with the styles it is based on)."""
    from docx import Document

    default = Document(str(DEFAULT_TEMPLATE))
    have = {s.name for s in docx.styles}
    wanted = [*PARAGRAPH_STYLES, TABLE_STYLE]
    queue = [default.styles[name] for name in wanted if name not in have]
    while queue:
        style = queue.pop(0)
        if style.name in have:
            continue
        docx.styles.element.append(copy.deepcopy(style.element))
        have.add(style.name)
        if style.base_style is not None and style.base_style.name not in have:
            queue.append(style.base_style)


def _context(template, inputs: Inputs, date: str) -> dict[str, object]:
    sc = inputs.results.scenario
    lang = inputs.lang
    numbers = Numbers(dt("doc.word.table", lang), dt("doc.word.figure", lang))
    context: dict[str, object] = {
        "kind": dt("doc.kind", lang),
        "title": sc.title,
        "sender": dt("doc.sender", lang, members=join(list(sc.municipalities), lang)),
        "footer": dt("doc.footer", lang, title=sc.title),
        "date": date,
        "reference": dt("doc.reference.blank", lang),
        "scenario": dt("doc.scenario", lang, id=sc.id, file=sc.path.name),
        "labels": {key: dt(f"doc.label.{key}", lang) for key in ("date", "reference", "scenario")},
        "headings": {name: dt(f"doc.heading.{name}", lang) for name in SECTIONS},
    }
    for name, write in SECTIONS.items():
        part = Part(template.new_subdoc(), numbers)
        write(part, inputs)
        context[name] = part.doc
    return context


def build_docx(
    results: Results,
    study: Study | None,
    path: Path,
    *,
    template: Path | None = None,
    date: str | None = None,
) -> Path:
    """Write the decision document of ``results`` (with ``study``'s uncertainty, None: without)
    to ``path`` (.docx); return ``path``."""
    date = date or datetime.date.today().isoformat()
    tpl = _template(template)
    with tempfile.TemporaryDirectory(prefix="samverkan-charts-") as charts:
        figures = _draw(results, study, Path(charts), date)
        inputs = Inputs(results, study, results.scenario.language, figures)
        tpl.render(_context(tpl, inputs, date), autoescape=True)
        tpl.save(str(path))
    return path


def pdf_engine() -> str | None:
    """The LibreOffice program (``soffice`` or ``libreoffice``) on the path, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: Path, folder: Path) -> Path | None:
    """Convert ``docx`` to PDF in ``folder`` with LibreOffice headless (a private profile, so
    that conversions running at the same time do not meet); None when LibreOffice is not
    installed. Raises ``RuntimeError`` when the conversion fails."""
    engine = pdf_engine()
    if engine is None:
        return None
    with tempfile.TemporaryDirectory(prefix="samverkan-lo-") as profile:
        command = [
            engine,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(docx),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=_PDF_SECONDS)
    pdf = folder / f"{docx.stem}.pdf"
    if done.returncode != 0 or not pdf.is_file():
        raise RuntimeError(f"LibreOffice could not convert {docx.name}: {done.stderr.strip()}")
    return pdf


def write_document(
    results: Results,
    study: Study | None,
    folder: Path,
    *,
    formats: str = "both",
    template: Path | None = None,
    date: str | None = None,
) -> tuple[list[str], str]:
    """Write ``beslutsunderlag.docx`` and/or ``.pdf`` into ``folder`` (``formats``: ``docx``,
    ``pdf`` or ``both``); return the file names written and a line for the reader (how to get a
    PDF where none could be made, else empty)."""
    docx = build_docx(results, study, folder / DOCX, template=template, date=date)
    written = [DOCX]
    note = ""
    if formats in ("pdf", "both"):
        pdf = to_pdf(docx, folder)
        if pdf is None:
            note = dt("doc.pdf.missing", results.scenario.language, file=docx)
        else:
            written.append(PDF)
            if formats == "pdf":
                docx.unlink()
                written.remove(DOCX)
    return written, note
