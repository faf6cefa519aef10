"""What every chart shares: the page frame (message title, subtitle, note, source line), Swedish
number formatting on axes, saving to PNG and PDF (the resolution and the font embedding chosen
here), and reading the tidy tables."""

from __future__ import annotations

import functools
import math
import textwrap
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.text import Text
from matplotlib.ticker import Formatter, MaxNLocator

from simulator.report import style
from simulator.report.formatting import mnkr, number, percent, percent_sign, tkr
from simulator.report.texts import text

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

__all__ = [
    "FORMATS",
    "PNG_DPI",
    "PDF_FONTTYPE",
    "drawn",
    "new_figure",
    "NumberFormatter",
    "money_axis",
    "percent_axis",
    "money_scale",
    "amount",
    "pct",
    "save",
    "legend_below",
    "members",
    "year_rows",
    "last_year",
    "years_label",
    "ink",
]

FORMATS = ("png", "pdf")
"""The file formats a chart is written in: PNG for word processors and slides, PDF for print."""
PNG_DPI = 200
"""PNG resolution, dots per inch. A chart fills the A4 text width, 17 cm: 1338 pixels at 200 dpi,
so the smallest text (8 pt) is 22 pixels to the em and a 0.5 pt line 1.4 pixels, sharp in print
and on screen up to twice the size. 300 dpi drew 2.25 times the pixels for no difference a reader
sees; where a document needs vector sharpness, the PDF is the file to use."""
PDF_FONTTYPE = 3
"""How the PDF embeds its fonts: Type 3, each glyph used as its outline, with a ToUnicode map, so
the text stays selectable and searchable (``pdftotext`` reads it back). Type 42 (TrueType) had
fontTools parse and subset DejaVu Sans anew for every face in every PDF, which made a PDF three
times as slow to write; it only adds the font's hinting, which print does not use."""

_SAVE_RC: dict[RcKeyType, Any] = {
    "pdf.fonttype": PDF_FONTTYPE,
    "figure.autolayout": False,  # so that a figure without a layout engine keeps none
    "figure.constrained_layout.use": False,
}
_METADATA: dict[str, dict[str, str | None]] = {
    "png": {"Software": None},
    "pdf": {"Creator": "samverkan", "Producer": None, "CreationDate": None},
}
_P = ParamSpec("_P")
_PAD_CM = 0.25
_LINE_CM = {"title": 0.5, "subtitle": 0.42, "note": 0.38, "source": 0.38, "legend": 0.42}


def drawn(chart: Callable[_P, Figure]) -> Callable[_P, Figure]:
    """Draw ``chart`` under the report's matplotlib settings (restored afterwards)."""

    @functools.wraps(chart)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> Figure:
        with matplotlib.rc_context(dict(style.RC)):
            return chart(*args, **kwargs)

    return wrapper


def new_figure(
    title: str,
    subtitle: str,
    source: str,
    *,
    note: str = "",
    height_cm: float = 10.0,
    width_cm: float = style.WIDTH_CM,
    legend_rows: int = 0,
    wspace: float | None = None,
) -> Figure:
    """A figure of the given print size with the title block on top and note and source at the
    bottom.

    Axes added afterwards are laid out (constrained layout) in the space between; ``legend_rows``
    rows are kept free above the note for :func:`legend_below`; ``wspace`` is the layout's space
    between columns of axes (a share of the width; default matplotlib's).
    """
    layout = ConstrainedLayoutEngine()
    fig = Figure(figsize=(width_cm * style.CM, height_cm * style.CM), layout=layout)
    renderer = FigureCanvasAgg(fig).get_renderer()
    top = _PAD_CM
    for key, line, size, weight in (
        ("title", title, style.TITLE_PT, "bold"),
        ("subtitle", subtitle, style.FONT_PT, "normal"),
    ):
        if line:
            artist = fig.text(
                _PAD_CM / width_cm,
                1 - top / height_cm,
                line,
                ha="left",
                va="top",
                fontsize=size,
                fontweight=weight,
                gid=key,
            )
            width_px = (width_cm - 2 * _PAD_CM) * style.CM * fig.dpi
            top += _LINE_CM[key] * _fit(artist, width_px, renderer)
    bottom = _foot(fig, source, note, width_cm, height_cm)
    bottom += legend_rows * _LINE_CM["legend"] + (0.1 if legend_rows else 0.0)
    layout.set(
        rect=(0, bottom / height_cm, 1, 1 - (top + 0.1 + bottom) / height_cm),
        w_pad=0.04,
        h_pad=0.04,
        wspace=wspace,
    )
    return fig


def _foot(fig: Figure, source: str, note: str, width_cm: float, height_cm: float) -> float:
    """Write the source line and, above it, the note; return the height they take, cm."""
    bottom = _PAD_CM
    for key, line in (("source", source), ("note", note)):
        if line:
            fig.text(
                _PAD_CM / width_cm,
                bottom / height_cm,
                line,
                ha="left",
                va="bottom",
                fontsize=style.SMALL_PT,
                color="#333333" if key == "note" else style.GREY,
                gid=key,
            )
            bottom += _LINE_CM[key]
    return bottom


def _fit(artist: Text, width_px: float, renderer: RendererAgg) -> int:
    """Wrap ``artist`` at word boundaries to fit ``width_px``; return the number of lines."""
    line = artist.get_text()
    for chars in range(len(line), 10, -2):
        artist.set_text(textwrap.fill(line, chars))
        if artist.get_window_extent(renderer).width <= width_px:
            break
    return artist.get_text().count("\n") + 1


def legend_below(fig: Figure, handles: Sequence[Artist], labels: Sequence[str], ncols: int) -> None:
    """A figure legend in the band kept free by ``new_figure(legend_rows=...)``, above note and
    source."""
    height_cm = fig.get_figheight() / style.CM
    below = [t.get_gid() for t in fig.texts]
    band = _PAD_CM + math.fsum(_LINE_CM[g] for g in below if g == "note" or g == "source")
    fig.legend(
        handles,
        labels,
        loc="lower center",
        bbox_to_anchor=(0.5, band / height_cm),
        ncols=ncols,
        borderaxespad=0.0,
        handlelength=1.4,
        columnspacing=1.2,
    )


class NumberFormatter(Formatter):
    """Tick labels as ``number(value / scale)`` with as few decimals as the ticks need, plus a
    suffix."""

    def __init__(self, scale: float = 1.0, lang: str = "sv", suffix: str = "") -> None:
        self.scale = scale
        self.lang = lang
        self.suffix = suffix
        self.decimals = 0

    def set_locs(self, locs: Sequence[float]) -> None:
        values = np.asarray(locs, dtype=np.float64) / self.scale
        self.decimals = next(
            (d for d in range(5) if np.allclose(values, np.round(values, d), atol=1e-9)), 4
        )

    def __call__(self, x: float, pos: int | None = None) -> str:
        return number(x / self.scale, self.decimals, self.lang) + self.suffix


def money_scale(max_abs: float, lang: str) -> tuple[float, str]:
    """(divisor, unit): mnkr / MSEK from 10 million SEK, else tkr / kSEK (as
    ``formatting.money``)."""
    if max_abs >= 1e7:
        return 1e6, text("unit.mnkr", lang)
    return 1e3, text("unit.tkr", lang)


def money_axis(axis: Axis, values: Sequence[float] | np.ndarray, lang: str) -> tuple[float, str]:
    """Format a money axis in tkr or mnkr chosen from ``values``; return (divisor, unit)."""
    scale, unit = money_scale(float(np.nanmax(np.abs(values))) if len(values) else 0.0, lang)
    axis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10]))
    axis.set_major_formatter(NumberFormatter(scale, lang))
    return scale, unit


def percent_axis(axis: Axis, lang: str) -> None:
    """Format an axis of shares (0–1) as percent."""
    axis.set_major_formatter(NumberFormatter(0.01, lang, percent_sign(lang)))


def amount(sek: float, lang: str) -> str:
    """An amount for a title: mnkr with one decimal from 1 million SEK, else tkr."""
    return mnkr(sek, lang) if abs(sek) >= 1e6 else tkr(sek, lang)


def pct(share: float, lang: str, decimals: int = 0) -> str:
    """``0.125`` → ``13 %`` (sv) / ``13%`` (en)."""
    return percent(share, lang, decimals)


def ink(colour: str) -> str:
    """Black or white, whichever reads better on ``colour``."""
    r, g, b = matplotlib.colors.to_rgb(colour)
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"


def save(fig: Figure, folder: Path, stem: str, formats: Sequence[str] = FORMATS) -> list[str]:
    """Write ``stem.png`` (:data:`PNG_DPI`) and/or ``stem.pdf`` (:data:`PDF_FONTTYPE`) into
    ``folder`` from the one figure; return the file names, in the order of ``formats``.

    The layout is computed once (see :func:`_lay_out`) and every format is drawn from it, so the
    PNG and the PDF place everything alike; the figure's layout engine is restored afterwards.
    """
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"chart formats {unknown} unknown; choose from {list(FORMATS)}")
    folder = Path(folder)
    engine = fig.get_layout_engine()
    with matplotlib.rc_context({**style.RC, **_SAVE_RC}):  # pdf.fonttype is read on writing
        _lay_out(fig)
        try:
            for kind in formats:
                fig.savefig(folder / f"{stem}.{kind}", dpi=PNG_DPI, metadata=_METADATA[kind])
        finally:
            fig.set_layout_engine(engine)
    return [f"{stem}.{kind}" for kind in formats]


def _lay_out(fig: Figure) -> None:
    """Lay ``fig`` out once, measuring text at the PNG resolution (as it will be drawn; at 72 or
    100 dpi hinted glyph widths move axes by up to 1.7 mm), then drop the layout engine so that
    no ``savefig`` lays it out, and draws it, again."""
    engine = fig.get_layout_engine()
    if engine is not None:
        dpi = fig.get_dpi()
        fig.set_dpi(PNG_DPI)
        engine.execute(fig)
        fig.set_dpi(dpi)
    fig.set_layout_engine(None)


# --- reading the tidy tables ----------------------------------------------------------------------


def whole_group(labels: Iterable[object]) -> str:
    """The grand coalition's label among coalition labels (the one with the most members)."""
    return max((str(label) for label in labels), key=lambda label: label.count("+"))


def members(labels: Sequence[str]) -> tuple[str, ...]:
    """The municipalities in scenario order, read from coalition labels (the grand coalition's)."""
    return tuple(whole_group(labels).split("+"))


def _is_year(value: object) -> bool:
    return str(value).isdigit()


def last_year(frame: pd.DataFrame) -> int:
    """The latest calendar year in ``frame['year']`` (which may also hold ``npv``)."""
    return max(int(v) for v in frame["year"].unique() if _is_year(v))


def year_rows(frame: pd.DataFrame, year: int | str | None) -> tuple[pd.DataFrame, int | str]:
    """Rows of ``year`` (``None``: the last calendar year; ``"npv"`` allowed) and the year
    chosen."""
    chosen: int | str = last_year(frame) if year is None else year
    rows = frame[frame["year"].astype(str) == str(chosen)]
    if rows.empty:
        present = sorted(frame["year"].astype(str).unique())
        raise ValueError(f"no rows for year {chosen!r}; the table has {present}")
    return rows, chosen


def years_label(chosen: int | str, years: Sequence[object], lang: str) -> str:
    """``2021``, or ``nuvärde 2014–2021`` for the present-value rows."""
    if str(chosen) != "npv":
        return str(chosen)
    calendar = sorted(int(str(v)) for v in years if _is_year(v))
    if len(calendar) < 2:
        return text("chart.npv", lang)
    return text("chart.npv_over", lang, first=calendar[0], last=calendar[-1])
