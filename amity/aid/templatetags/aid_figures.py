from django import template
from django.utils.html import format_html_join
from django.utils.translation import gettext

from amity.core.formatting import format_number

register = template.Library()

_ROW = '<tr><td>{}</td><td class="text-end">{}</td><td class="text-end">{}</td><td class="text-end">{}</td></tr>'


@register.simple_tag
def breakdown_rows(rows) -> str:
    """``{% breakdown_rows rows %}``: the rows of a breakdown's table (``selectors.Breakdown``: label,
    items, committed, disbursed), as the ``number`` filter writes them. Written in one pass: a figures
    page has six tables of up to 125 rows, which drawn cell by cell as template nodes took ~4.4 ms."""
    not_given = gettext("(not given)")
    return format_html_join(
        "",
        _ROW,
        (
            (
                row.label or not_given,
                format_number(row.items),
                format_number(row.committed),
                format_number(row.disbursed),
            )
            for row in rows
        ),
    )
