"""Exported spreadsheet cells must never be read as formulas by Excel or LibreOffice."""

# Excel treats these as the start of a formula; tab and carriage return can smuggle one past
# a naive check, so they are neutralised too (OWASP CSV injection guidance).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Return value ready to be written to an exported cell.

    Text beginning with a formula prefix gets a leading apostrophe so it stays text. Numbers,
    dates and None are returned unchanged: a negative number is a number, not a formula.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(value) for value in values]


def neutralise_workbook(workbook):
    """Make every text cell of an in-memory openpyxl workbook safe before it is saved.

    For reports built cell by cell (titles, names, notes), one pass at the end guarantees that
    no value slipped through unprotected, whatever code wrote it.
    """
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "s" or isinstance(cell.value, str):
                    safe = safe_cell(cell.value)
                    if safe is not cell.value:
                        cell.value = safe
                        cell.data_type = "s"
    return workbook
