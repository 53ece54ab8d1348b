"""A roll-up of every province draws a chart taller than a page: the PDF scales it to fit."""

import io

import pypdf
from django.test import SimpleTestCase

from amity.core.charts import bar_chart, to_png
from amity.reports.content import Document, RenderedSection
from amity.reports.renderers import render_pdf
from amity.reports.sections import SectionContent


class TallChartTests(SimpleTestCase):
    def test_a_chart_of_fifty_unions_fits_the_page(self):
        labels = [f"Liên hiệp các tổ chức hữu nghị tỉnh số {i}" for i in range(50)]
        png = to_png(bar_chart(labels, list(range(50))), dpi=50)
        section = RenderedSection(number=1, content=SectionContent(key="rollup", heading="Tổng hợp"))
        section.chart_pngs = [("Hoạt động theo liên hiệp", png)]
        doc = Document(
            superior_body="", issuing_body="LHHN", number="", date_line="", doc_type="BÁO CÁO", title="Tổng hợp",
            period_line="", sections=[section], recipients=[], signer_authority="", signer_position="",
            signer_name="", filename="x",
        )  # fmt: skip
        pdf = pypdf.PdfReader(io.BytesIO(render_pdf(doc)))
        self.assertIn("Hoạt động theo liên hiệp", "".join(page.extract_text() for page in pdf.pages))
