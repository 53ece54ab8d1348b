"""Charts of the module: shares as bars and an offline world choropleth from vendored geometry."""

import json
from functools import cache, lru_cache
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from matplotlib import colormaps
from matplotlib.collections import PolyCollection
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullFormatter

from amity.core.charts import bar_chart_svg, number_label, to_png, to_svg

ANTARCTICA = "010"
WORLD = Path(__file__).resolve().parent / "data" / "countries-110m.json"


@cache
def world_polygons() -> dict[str, list[list[tuple[float, float]]]]:
    """ISO numeric code -> outer rings (lon, lat) decoded from the Natural Earth TopoJSON."""
    topo = json.loads(WORLD.read_text())
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indices):
        points = []
        for i in indices:
            part = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(part if not points else part[1:])
        shift, unwrapped = 0.0, []  # rings crossing the antimeridian (Russia, Fiji) stay in one piece
        for k, (x, y) in enumerate(points):
            if k and abs(x + shift - unwrapped[-1][0]) > 180:
                shift -= 360 if x + shift > unwrapped[-1][0] else -360
            unwrapped.append((x + shift, y))
        return unwrapped

    shapes: dict[str, list] = {}
    for geometry in topo["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(
            geometry["type"], []
        )
        code = str(geometry.get("id", ""))
        if code == ANTARCTICA:
            continue
        shapes.setdefault(code, []).extend(ring(p[0]) for p in polygons if p)
    return shapes


def world_map(counts: dict[str, int], *, title: str = "") -> Figure:
    """A choropleth of ``counts`` keyed by ISO numeric code; countries without any in grey."""
    shapes = world_polygons()
    fig = Figure(figsize=(8, 4.2), layout="constrained")
    ax = fig.subplots()
    empty, filled, values = [], [], []
    for code, rings in shapes.items():
        n = counts.get(code, 0)
        for r in rings:
            if n:
                filled.append(r)
                values.append(n)
            else:
                empty.append(r)
    ax.add_collection(PolyCollection(empty, facecolors="#e9ecef", edgecolors="white", linewidths=0.3))
    if filled:
        norm = LogNorm(vmin=max(1, min(values)), vmax=max(values) if max(values) > min(values) else min(values) + 1)
        cmap = colormaps["Blues"]
        coll = PolyCollection(filled, array=values, cmap=cmap, norm=norm, edgecolors="white", linewidths=0.3)
        ax.add_collection(coll)
        scale = fig.colorbar(coll, ax=ax, shrink=0.6, label=_("persons"))
        # 10, 100, 1.000 as numbers of the reader's language: the log scale's own labels are TeX
        # ("10^{3}"), which the SVG's plain text would print as written
        scale.ax.yaxis.set_major_formatter(FuncFormatter(number_label))
        scale.ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlim(-180, 180)
    ax.set_ylim(-58, 85)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title, fontsize=10)
    return fig


def world_map_svg(counts: dict[str, int]) -> str:
    """The map as SVG; drawn once per set of counts and language (drawing takes a second, the counts
    seldom change; its scale's title and numbers are in the reader's language)."""
    return _world_map_svg(tuple(sorted(counts.items())), get_language())


@lru_cache(maxsize=64)
def _world_map_svg(counts: tuple[tuple[str, int], ...], _language: str) -> str:
    return to_svg(world_map(dict(counts)))


def world_map_png(counts: dict[str, int]) -> bytes:
    return to_png(world_map(counts))


def share_chart_svg(figures) -> str:
    """Bars of the shares (percent) of the first twelve groups."""
    rows = figures.rows[:12]
    if not rows:
        return ""
    return bar_chart_svg([r["label"] for r in rows], [r["share"] for r in rows], title=_("Share (%)"))
