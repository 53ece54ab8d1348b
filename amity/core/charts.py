"""One chart code for dashboards (SVG) and documents (PNG), drawn offline with matplotlib."""

import io

import matplotlib

matplotlib.use("Agg")
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

plt.rcParams["font.family"] = "DejaVu Sans"  # has Vietnamese, Cyrillic; shipped with matplotlib
plt.rcParams["svg.fonttype"] = "none"  # keep text as text so the browser uses its fonts for CJK


def bar_chart(labels: list[str], values: list[float], *, title: str = "", horizontal: bool = True) -> Figure:
    height = max(2.0, 0.35 * len(labels) + 1) if horizontal else 3.5
    fig = Figure(figsize=(6, height), layout="constrained")
    ax = fig.subplots()
    if horizontal:
        ax.barh(labels[::-1], values[::-1], color="#0d6efd")
        for i, v in enumerate(values[::-1]):
            ax.text(v, i, f" {v:,.0f}".replace(",", "."), va="center", fontsize=8)
    else:
        ax.bar(labels, values, color="#0d6efd")
    if all(float(v).is_integer() for v in values):  # counts: no 0.5 ticks
        (ax.xaxis if horizontal else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title, fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def to_svg(fig: Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def to_png(fig: Figure, dpi: int = 150) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
