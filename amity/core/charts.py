"""One chart code for dashboards (SVG) and documents (PNG), drawn offline with matplotlib."""

import io
import textwrap
from functools import lru_cache
from pathlib import Path

import matplotlib
from django.conf import settings
from django.utils.translation import get_language

matplotlib.use("Agg")
from matplotlib import font_manager  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from amity.core.formatting import format_number

LABEL_WIDTH = 28  # characters a line of a category label may take before it wraps (two lines at most)


def _label(text: str) -> str:
    lines = textwrap.wrap(str(text), LABEL_WIDTH) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), LABEL_WIDTH, placeholder="…")]
    return "\n".join(lines)


def number_label(value: float, _position=None) -> str:
    """A tick's or a bar's value as a whole number of the reader's language (a ``FuncFormatter``)."""
    return format_number(round(value), places=0)


#: Droid Sans Fallback (vendored, see its README): Han, kana and Hangul, which DejaVu Sans lacks;
#: the PDF renderer embeds the same file, so a chart and the text around it draw the same glyphs.
CJK_FONT_FILE = (
    Path(settings.BASE_DIR) / "static" / "vendor" / "fonts" / "droid-sans-fallback" / "DroidSansFallback.ttf"
)
font_manager.fontManager.addfont(str(CJK_FONT_FILE))
# DejaVu Sans (shipped with matplotlib) has Vietnamese and Cyrillic; matplotlib falls back per glyph.
plt.rcParams["font.family"] = ["DejaVu Sans", font_manager.FontProperties(fname=CJK_FONT_FILE).get_name()]
plt.rcParams["svg.fonttype"] = "none"  # keep text as text so the browser uses its fonts for CJK
# Labels are the users' text (partner names, titles): never TeX. With mathtext on, a donor named
# "Quỹ $\frac$" raised a parse error and took the dashboard down for the whole province.
plt.rcParams["text.parse_math"] = False
plt.rcParams["text.usetex"] = False


def bar_chart(labels: list[str], values: list[float], *, title: str = "", horizontal: bool = True) -> Figure:
    labels = [_label(label) for label in labels]  # long names wrap instead of being cut off
    per_bar = 0.5 if any("\n" in label for label in labels) else 0.35
    height = max(2.0, per_bar * len(labels) + 1) if horizontal else 3.5
    fig = Figure(figsize=(6, height), layout="constrained")
    ax = fig.subplots()
    if horizontal:
        positions = range(len(labels))  # by position: two labels alike after wrapping stay two bars
        ax.barh(positions, values[::-1], color="#0d6efd")
        ax.set_yticks(positions, labels[::-1])
        ax.margins(x=0.15)  # room for the value printed after the longest bar
        for i, v in enumerate(values[::-1]):
            ax.text(v, i, " " + number_label(v), va="center", fontsize=8)
    else:
        ax.bar(range(len(labels)), values, color="#0d6efd")
        ax.set_xticks(range(len(labels)), labels)
    value_axis = ax.xaxis if horizontal else ax.yaxis
    value_axis.set_major_formatter(FuncFormatter(number_label))  # 1.200.000, not 1.2 and "1e6"
    # few ticks so that long amounts do not overlap; counts get no 0.5 ticks
    value_axis.set_major_locator(MaxNLocator(nbins=4, integer=all(float(v).is_integer() for v in values)))
    ax.set_title(title, fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def bar_chart_svg(labels: list[str], values: list[float], *, title: str = "", horizontal: bool = True) -> str:
    """``bar_chart`` as SVG, drawn once per set of bars and language: matplotlib takes a few hundred
    milliseconds a chart, and a page's figures seldom change between two requests; the numbers are
    written in the reader's language (1.200 / 1,200), so the same bars in another language are
    another drawing."""
    return _bar_chart_svg(
        tuple(str(label) for label in labels), tuple(float(v) for v in values), str(title), horizontal, get_language()
    )


@lru_cache(maxsize=256)
def _bar_chart_svg(
    labels: tuple[str, ...], values: tuple[float, ...], title: str, horizontal: bool, _language: str
) -> str:
    return to_svg(bar_chart(list(labels), list(values), title=title, horizontal=horizontal))


def to_svg(fig: Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def to_png(fig: Figure, dpi: int = 150) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
