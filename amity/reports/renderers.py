"""Word, PDF and Excel renderers of one ``content.Document``.

Word follows the layout of Decree 30/2020/ND-CP (Appendix I): A4, Times New Roman 13–14 pt,
margins top/bottom 20 mm, left 30 mm, right 15 mm; issuing body and national title side by
side in a borderless table; number and symbol; place and date in italics; title; numbered
sections; "Nơi nhận" and the signature block side by side at the end.
"""

import io
import re
from copy import deepcopy
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from amity.core.charts import CJK_FONT_FILE
from amity.core.export import cells_formatted, neutralise
from amity.core.text import printable

from .content import NATIONAL_MOTTO, NATIONAL_TITLE, Document, figure_line, format_value, recipient_lines

#: Liberation Serif: metric-compatible with Times New Roman, the face of the Word file (see its README).
FONTS = Path(settings.BASE_DIR) / "static" / "vendor" / "fonts" / "liberation-serif"
PDF_FONT_FILES = {
    "AmitySerif": "LiberationSerif-Regular.ttf",
    "AmitySerif-Bold": "LiberationSerif-Bold.ttf",
    "AmitySerif-Italic": "LiberationSerif-Italic.ttf",
    "AmitySerif-BoldItalic": "LiberationSerif-BoldItalic.ttf",
}
#: Droid Sans Fallback (the charts' fallback too): Han, kana and Hangul, which Liberation Serif lacks.
CJK_FONT = "AmityCJK"
#: Runs of the scripts set in the CJK face: Hangul jamo, CJK radicals and punctuation, kana, bopomofo,
#: Han (with extension A and compatibility ideographs), Hangul syllables, CJK compatibility and
#: full-width forms, and Han in the supplementary planes.
_CJK_RUN = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]+"
)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
BODY_PT = 14
#: Space after a body paragraph: Decree 30 asks at least 6 pt between paragraphs.
PARAGRAPH_SPACING_PT = 6
FONT = "Times New Roman"
#: The Word file's face for Chinese, Japanese and Korean runs (w:eastAsia), which Times New Roman
#: lacks: SimSun ships with Word's East Asian support. Named, not embedded.
CJK_WORD_FONT = "SimSun"
#: w:lang of the Word file by the document's language: ``val`` for its Latin/Cyrillic text,
#: ``eastAsia`` for its CJK runs (Chinese in a Chinese report; Vietnamese otherwise, as Word's
#: Vietnamese installations set it).
WORD_LANG = {"vi": "vi-VN", "en": "en-US", "zh-hans": "zh-CN", "ru": "ru-RU"}


# --- Word -----------------------------------------------------------------------------------


def _docx_font(run, *, size=BODY_PT, bold=False, italic=False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), CJK_WORD_FONT)
    return run


def _docx_defaults(word, language: str):
    """Document defaults and every style: Times New Roman for Latin, Cyrillic and complex scripts,
    the CJK face for East Asian runs, no theme fonts (a theme font overrides a named one); the
    document's language in w:lang."""
    styles = word.styles.element
    r_pr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for r_fonts in [r_pr.find(qn("w:rFonts"))] + styles.findall(f".//{qn('w:style')}//{qn('w:rFonts')}"):
        if r_fonts is None:
            continue
        for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            r_fonts.attrib.pop(qn(f"w:{theme}"), None)
        for slot in ("ascii", "hAnsi", "cs"):  # a style naming its own face (Courier for code) keeps it
            if r_fonts.get(qn(f"w:{slot}")) is None:
                r_fonts.set(qn(f"w:{slot}"), FONT)
        r_fonts.set(qn("w:eastAsia"), CJK_WORD_FONT)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    code = (language or "vi").lower()
    lang.set(qn("w:val"), WORD_LANG.get(code, WORD_LANG.get(code.split("-")[0], "vi-VN")))
    lang.set(qn("w:eastAsia"), "zh-CN" if code.startswith("zh") else "vi-VN")


def _docx_par(container, text="", *, align=None, size=BODY_PT, bold=False, italic=False, space_after=3, indent=None):
    paragraph = container.add_paragraph()
    paragraph.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        None: WD_ALIGN_PARAGRAPH.LEFT,
    }[align]
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.space_before = Pt(0)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(indent)
    if text:
        _docx_font(paragraph.add_run(printable(text)), size=size, bold=bold, italic=italic)
    return paragraph


def _docx_page_numbers(section) -> None:
    """Decree 30: the page number in Arabic numerals, centred in the top margin, from page 2 on
    (the first page's header stays empty)."""
    section.different_first_page_header_footer = True
    paragraph = _docx_par(section.header, align="center", space_after=0)
    run = paragraph.add_run()
    _docx_font(run, size=BODY_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    section.header.paragraphs[0]._element.getparent().remove(section.header.paragraphs[0]._element)


def _no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _first_cell_par(cell):
    paragraph = cell.paragraphs[0]
    paragraph._element.getparent().remove(paragraph._element)
    return cell


def _docx_rows(grid, table) -> None:
    """The table's rows under its header row. Each row is a copy of one row built and styled
    through python-docx, with its runs' text set: python-docx styles a run by searching its
    children for each property, ~2 ms a row of five cells, minutes for a national table."""
    template = grid.add_row()
    for cell in template.cells:
        _docx_font(cell.paragraphs[0].add_run(), size=12)
    tr = template._tr
    tbl = tr.getparent()
    tbl.remove(tr)
    for index, row in enumerate(table.rows):
        if index in table.heading_rows:  # one merged cell titling the rows below: few, built in full
            cells = grid.add_row().cells
            merged = cells[0].merge(cells[-1])
            _docx_font(merged.paragraphs[0].add_run(printable(format_value(row[0]))), size=12, bold=True)
            continue
        copy = deepcopy(tr)
        for run, value in zip(copy.iter(qn("w:r")), row, strict=True):
            run.text = "" if value == "" else printable(format_value(value))
        tbl.append(copy)


def render_docx(doc: Document) -> bytes:
    word = WordDocument()
    style = word.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    _docx_defaults(word, doc.language)
    for section in word.sections:
        _docx_page_numbers(section)
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = Mm(MARGINS_MM["top"])
        section.bottom_margin = Mm(MARGINS_MM["bottom"])
        section.left_margin = Mm(MARGINS_MM["left"])
        section.right_margin = Mm(MARGINS_MM["right"])

    header = word.add_table(rows=1, cols=2)
    _no_borders(header)
    left, right = (_first_cell_par(c) for c in header.rows[0].cells)
    left.width, right.width = Cm(6.5), Cm(9.5)
    if doc.superior_body:
        _docx_par(left, doc.superior_body, align="center", size=13)
    _docx_par(left, doc.issuing_body, align="center", size=13, bold=True)
    _docx_par(left, "———", align="center", size=10)
    _docx_par(left, doc.number, align="center", size=13)
    _docx_par(right, NATIONAL_TITLE, align="center", size=13, bold=True)
    _docx_par(right, NATIONAL_MOTTO, align="center", size=14, bold=True)
    _docx_par(right, "———————————", align="center", size=10)
    _docx_par(right, doc.date_line, align="center", size=14, italic=True)

    _docx_par(word, "", space_after=6)
    _docx_par(word, doc.doc_type, align="center", size=14, bold=True, space_after=0)
    _docx_par(word, doc.title, align="center", size=14, bold=True, space_after=0)
    _docx_par(word, doc.period_line, align="center", size=13, italic=True, space_after=0 if doc.coverage else 12)
    if doc.coverage:
        _docx_par(word, doc.coverage, align="center", size=13, bold=True, italic=True, space_after=12)

    for rendered in doc.sections:
        content = rendered.content
        _docx_par(word, f"{rendered.number}. {content.heading}", size=BODY_PT, bold=True, space_after=6, indent=1)
        for line in filter(None, (s.strip() for s in content.narrative.split("\n"))):
            _docx_par(word, line, align="justify", indent=1, space_after=PARAGRAPH_SPACING_PT)
        for figure in content.figures:
            _docx_par(word, f"- {figure_line(figure)}", align="justify", indent=1, space_after=PARAGRAPH_SPACING_PT)
        for table in content.tables:
            if not table.rows:
                continue
            _docx_par(word, table.title, size=13, italic=True, space_after=3, indent=1)
            grid = word.add_table(rows=1, cols=len(table.columns))
            grid.style = "Table Grid"
            for cell, title in zip(grid.rows[0].cells, table.columns, strict=True):
                _docx_font(cell.paragraphs[0].add_run(printable(title)), size=12, bold=True)
            _docx_rows(grid, table)
            _docx_par(word, "", space_after=6)
        for title, png in rendered.chart_pngs:
            word.add_picture(io.BytesIO(png), width=Cm(15))
            _docx_par(word, title, align="center", size=13, italic=True)

    _docx_par(word, "", space_after=6)
    footer = word.add_table(rows=1, cols=2)
    _no_borders(footer)
    left, right = (_first_cell_par(c) for c in footer.rows[0].cells)
    left.width, right.width = Cm(8), Cm(8)
    _docx_par(left, _("Recipients:"), size=12, bold=True, italic=True, space_after=0)
    for line in recipient_lines(doc.recipients):
        _docx_par(left, line, size=11, space_after=0)
    if doc.signer_authority:
        _docx_par(right, doc.signer_authority, align="center", size=14, bold=True, space_after=0)
    _docx_par(right, doc.signer_position, align="center", size=14, bold=True, space_after=48)
    _docx_par(right, doc.signer_name, align="center", size=14, bold=True)

    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


# --- PDF ------------------------------------------------------------------------------------

_PDF_FONTS_REGISTERED = False


def _register_pdf_fonts():
    global _PDF_FONTS_REGISTERED
    if _PDF_FONTS_REGISTERED:
        return
    for name, file in PDF_FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))
    addMapping("AmitySerif", 0, 0, "AmitySerif")
    addMapping("AmitySerif", 1, 0, "AmitySerif-Bold")
    addMapping("AmitySerif", 0, 1, "AmitySerif-Italic")
    addMapping("AmitySerif", 1, 1, "AmitySerif-BoldItalic")
    pdfmetrics.registerFont(TTFont(CJK_FONT, str(CJK_FONT_FILE)))
    for bold in (0, 1):  # one upright face: bold and italic CJK runs are set in it too
        for italic in (0, 1):
            addMapping(CJK_FONT, bold, italic, CJK_FONT)
    _PDF_FONTS_REGISTERED = True


#: Chinese and Japanese, written without spaces between words (Korean puts spaces between them).
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


def breaks_between_ideographs(text: str) -> bool:
    """A line of Chinese or Japanese may break between any two characters; Latin words and
    Korean words (spaced) stay whole."""
    return bool(_UNSPACED.search(text))


def pdf_markup(text: str) -> str:
    """Paragraph markup of plain text: escaped, every run of Chinese, Japanese or Korean script
    wrapped in the CJK face (Liberation Serif has none of their glyphs)."""
    return _CJK_RUN.sub(lambda run: f'<font name="{CJK_FONT}">{run.group()}</font>', escape(printable(text)))


def _column_widths(width: float, count: int) -> list[float]:
    """The first column (names, titles) gets twice the share of the others."""
    share = width / (count + 1)
    return [2 * share] + [share] * (count - 1) if count > 1 else [width]


#: The tallest chart a page holds: the page within its margins, less room for the frame's padding.
CHART_MAX_HEIGHT = A4[1] - (MARGINS_MM["top"] + MARGINS_MM["bottom"]) * mm - 1 * cm


def render_pdf(doc: Document) -> bytes:
    _register_pdf_fonts()
    size = BODY_PT  # the Word file's sizes: Liberation Serif sets Times New Roman's line lengths
    body = ParagraphStyle("body", fontName="AmitySerif", fontSize=size, leading=size * 1.3, alignment=TA_JUSTIFY)
    centre = ParagraphStyle("centre", parent=body, alignment=TA_CENTER)
    small = ParagraphStyle("small", parent=body, fontSize=11, leading=13.5, alignment=0)
    cell = ParagraphStyle("cell", parent=small, fontSize=12, leading=14.5)
    head = ParagraphStyle("head", parent=centre, fontSize=13, leading=16)

    def par(text, style=body, bold=False, italic=False):
        """Every paragraph and table cell of the PDF."""
        markup = pdf_markup(text)
        if breaks_between_ideographs(text):
            style = ParagraphStyle(f"{style.name}-cjk", parent=style, wordWrap="CJK")
        if bold:
            markup = f"<b>{markup}</b>"
        if italic:
            markup = f"<i>{markup}</i>"
        return Paragraph(markup, style)

    story = []
    left = [par(doc.superior_body, head)] if doc.superior_body else []
    left += [par(doc.issuing_body, head, bold=True), par("———", head), par(doc.number, head)]
    right = [
        par(NATIONAL_TITLE, head, bold=True),
        par(NATIONAL_MOTTO, centre, bold=True),
        par("—————————", head),
        par(doc.date_line, centre, italic=True),
    ]
    width = A4[0] - (MARGINS_MM["left"] + MARGINS_MM["right"]) * mm
    header = Table([[left, right]], colWidths=[65 * mm, width - 65 * mm])  # the Word file's 6.5 cm and the rest
    header.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), "AmitySerif"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    story += [header, Spacer(1, 0.5 * cm)]
    story += [
        par(doc.doc_type, centre, bold=True),
        par(doc.title, centre, bold=True),
        par(doc.period_line, centre, italic=True),
    ]
    if doc.coverage:
        story.append(par(doc.coverage, centre, bold=True, italic=True))
    story.append(Spacer(1, 0.4 * cm))
    for rendered in doc.sections:
        content = rendered.content
        story.append(par(f"{rendered.number}. {content.heading}", body, bold=True))
        for line in filter(None, (s.strip() for s in content.narrative.split("\n"))):
            story.append(par(line))
        for figure in content.figures:
            story.append(par(f"- {figure_line(figure)}"))
        for table in content.tables:
            if not table.rows:
                continue
            story.append(par(table.title, body, italic=True))
            data = [[par(c, cell, bold=True) for c in table.columns]]
            data += [
                [par("" if v == "" else format_value(v), cell, bold=i in table.heading_rows) for v in row]
                for i, row in enumerate(table.rows)
            ]
            spans = [("SPAN", (0, i + 1), (-1, i + 1)) for i in table.heading_rows]
            grid = Table(data, colWidths=_column_widths(width, len(table.columns)), repeatRows=1)
            grid.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("FONTNAME", (0, 0), (-1, -1), "AmitySerif"),
                        *spans,
                    ]
                )
            )
            story += [grid, Spacer(1, 0.3 * cm)]
        for title, png in rendered.chart_pngs:
            image = Image(io.BytesIO(png))
            ratio = image.imageHeight / image.imageWidth
            # 14 cm wide, or narrower where a tall chart (a union per province) would not fit a page
            image_width = min(14 * cm, CHART_MAX_HEIGHT / ratio)
            image.drawWidth, image.drawHeight = image_width, image_width * ratio
            story += [image, par(title, centre, italic=True)]
        story.append(Spacer(1, 0.2 * cm))
    recipients = [par(_("Recipients:"), small, bold=True, italic=True)] + [
        par(line, small) for line in recipient_lines(doc.recipients)
    ]
    signature = [par(doc.signer_authority, centre, bold=True)] if doc.signer_authority else []
    signature += [
        par(doc.signer_position, centre, bold=True),
        Spacer(1, 2 * cm),
        par(doc.signer_name, centre, bold=True),
    ]
    footer = Table([[recipients, signature]], colWidths=[width * 0.5, width * 0.5])
    footer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), "AmitySerif")]))
    story += [Spacer(1, 0.5 * cm), footer]

    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        topMargin=MARGINS_MM["top"] * mm,
        bottomMargin=MARGINS_MM["bottom"] * mm,
        leftMargin=MARGINS_MM["left"] * mm,
        rightMargin=MARGINS_MM["right"] * mm,
        title=doc.title,
        initialFontName="AmitySerif",
        initialFontSize=size,
    ).build(story)
    return buffer.getvalue()


# --- Excel ----------------------------------------------------------------------------------

_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def _cell(value):
    """Every cell of the workbook: no value is said so, text never runs as a formula."""
    if value is None:
        return _("no data")
    return neutralise(value)


def _row(values: list) -> list:
    """A row of the summary: titles, numbers and names are the users' text too."""
    return [neutralise(v) for v in values]


def render_xlsx(doc: Document) -> bytes:
    """A summary sheet with every figure, then one sheet per table behind the figures."""
    book = Workbook()
    summary = book.active
    summary.title = _("Summary")[:31]
    summary.append(_row([doc.issuing_body]))
    summary.append(_row([doc.doc_type, doc.title]))
    summary.append(_row([doc.number, doc.date_line]))
    summary.append(_row([doc.period_line, doc.coverage] if doc.coverage else [doc.period_line]))
    if doc.coverage:  # beside the period, so the figures start on the same row in every report
        summary.cell(summary.max_row, 2).font = Font(bold=True, italic=True)
    summary.append([])
    summary.append([_("Section"), _("Figure"), _("Value"), pgettext("unit of measure", "Unit")])
    for cell in summary[summary.max_row]:
        cell.font = Font(bold=True)
    used = {summary.title}
    for rendered in doc.sections:
        content = rendered.content
        for figure in content.figures:
            summary.append(
                _row(
                    [
                        f"{rendered.number}. {content.heading}",
                        figure.label,
                        _cell(figure.value),
                        figure.currency or figure.unit,
                    ]
                )
            )
        for index, table in enumerate(content.tables, start=1):
            name = f"{rendered.number}.{index} {table.title}".translate(_SHEET_FORBIDDEN)[:31]
            while name in used:
                name = name[:28] + f"~{len(used)}"
            used.add(name)
            sheet = book.create_sheet(name)
            sheet.append([_cell(c) for c in table.columns])
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for row in table.rows:
                sheet.append([_cell(v) for v in row])
    for sheet in book.worksheets:
        cells_formatted(sheet, language=doc.language)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


RENDERERS = {"docx": render_docx, "pdf": render_pdf, "xlsx": render_xlsx}
#: The formats that print the charts: the workbook holds the tables behind them, not pictures
#: (matplotlib takes a few hundred milliseconds a chart).
CHARTED = frozenset({"docx", "pdf"})
