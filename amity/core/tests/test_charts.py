"""The one chart code: long category names wrap, values print in Vietnamese style, bars stay apart."""

import warnings

from django.utils import translation

from amity.core.charts import bar_chart, bar_chart_svg, to_png, to_svg

LONG = "15170 Women's rights organisations and movements, and government institutions"


def test_long_labels_wrap_and_money_axis_has_no_scientific_offset():
    fig = bar_chart([LONG, "11220 Primary education"], [1_276_100.32, 698_100.0], title="Aid")
    ax = fig.axes[0]
    with translation.override("vi"):  # the axis is written when drawn, in the document's language
        fig.canvas.draw()
        ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["11220 Primary education", "15170 Women's rights\norganisations and…"]
    assert "1.200.000" in ticks
    assert ax.xaxis.get_offset_text().get_text() == ""  # no "1e6" under the axis
    assert len(ax.patches) == 2
    assert to_png(fig).startswith(b"\x89PNG")


def test_labels_alike_after_wrapping_stay_separate_bars():
    fig = bar_chart([LONG + " A", LONG + " B"], [3, 4])
    assert [p.get_width() for p in fig.axes[0].patches] == [4, 3]
    assert "<svg" in to_svg(fig)


def test_chinese_korean_and_russian_labels_draw_real_glyphs():
    """A Chinese-language report or a partner named in its own script must not print empty boxes:
    matplotlib warns "Glyph ... missing" for every character no configured font has."""
    fig = bar_chart(["越南–中国友好协会", "동해시", "Общество дружбы", "Hội hữu nghị Việt – Nhật"], [4, 3, 2, 1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert to_png(fig).startswith(b"\x89PNG")


def test_labels_and_titles_are_plain_text_never_tex():
    """A partner named like TeX used to raise in mathtext and take the whole dashboard down."""
    hostile = ["Quỹ $\\frac$ test", "$x^2$ \\$ $$", "$\\alpha_{1}$ Fund", "100$ and 5$"]
    fig = bar_chart(hostile, [3, 2, 1, 4], title="$\\frac{a}{b}$ title")
    png = to_png(fig)
    assert png.startswith(b"\x89PNG")
    svg = to_svg(bar_chart(hostile, [3, 2, 1, 4], title="$\\frac{a}{b}$ title"))
    for text in ["Quỹ $\\frac$ test", "$\\alpha_{1}$ Fund", "$\\frac{a}{b}$ title"]:
        assert text in svg  # drawn as written (svg.fonttype none keeps text as text)


def test_the_same_bars_are_drawn_again_in_each_language():
    """A donor's name is the same in every language, so the bars are too: the drawing kept for one
    language must not give another its number format."""
    bars = (["Kinderhilfe e.V.", "Plan International"], [1_200_000.0, 350_000.0])
    with translation.override("vi"):
        vietnamese = bar_chart_svg(*bars)
    with translation.override("en"):
        english = bar_chart_svg(*bars)
    assert "1.200.000" in vietnamese and "1,200,000" not in vietnamese
    assert "1,200,000" in english and "1.200.000" not in english
