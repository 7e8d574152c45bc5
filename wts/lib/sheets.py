"""How the system's workbooks print: one A4 page wide, as many pages tall as the rows need, the
header rows on every page (the status report, its figures, the district workbook)."""


def print_one_page_wide(ws, *, title_rows: str, area: str, landscape: bool = False) -> None:
    """`title_rows` like "4:4", `area` like "A1:D80". fitToPage must be set for Excel and
    LibreOffice to honour fitToWidth and fitToHeight."""
    ws.print_title_rows = title_rows
    ws.print_area = area
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
