from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from wts.analytics.exports import format_cell

register = template.Library()


@register.filter
def cell(value, kind):
    return format_cell(value, kind)


@register.filter
def cells_with(row, columns):
    """Pairs each cell of a row with its column, for templates."""
    return zip(columns, row.cells, strict=True)


@register.simple_tag
def table_rows(table):
    """The body rows of an analysis table. Built in Python: the national district table has about
    10,000 cells, which the template language renders ten times slower."""
    badges = {
        "unconfirmed": f' <span class="badge badge-submitted">{escape(_("ยังไม่ยืนยัน"))}</span>',
        "nodata": f' <span class="badge">{escape(_("ไม่มีข้อมูล"))}</span>',
    }
    numeric = [col.kind != "text" for col in table.columns]
    gap = [col.kind == "gap" for col in table.columns]
    out = []
    for row in table.rows:
        cells = []
        for index, (col, value) in enumerate(zip(table.columns, row.cells, strict=True)):
            text = escape(format_cell(value, col.kind))
            if row.link and index == table.link_column:
                text = f'<a href="{escape(row.link)}">{text}</a>'
            if index == 0 and row.mark:
                text += badges[row.mark]
            classes = "num" if numeric[index] else ""
            if gap[index] and value is not None and value < 0:
                classes += " an-short"
            cells.append(f'<td class="{classes}">{text}</td>' if classes else f"<td>{text}</td>")
        out.append(f'<tr class="an-row-{row.mark or "ok"}">{"".join(cells)}</tr>')
    return mark_safe("\n".join(out))  # noqa: S308 - every piece above is escaped
