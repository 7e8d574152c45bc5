import datetime as dt
from decimal import Decimal

import pytest

from wts.lib.cells import safe_cell, safe_row


@pytest.mark.parametrize("text", ["=1+1", "+66 81", "-2+3", "@SUM(A1)", "=HYPERLINK(\"http://x\")", "\t=1", "\r=1"])
def test_text_that_excel_would_run_as_a_formula_is_neutralised(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["เมืองนครพนม", "", "1,234", "a=b", None, 0, -5, 3.5, Decimal("-1.5"),
                                   dt.date(2026, 9, 1)])
def test_plain_text_and_numbers_are_unchanged(value):
    assert safe_cell(value) == value


def test_safe_row_neutralises_each_cell():
    assert safe_row(["=cmd", 1, "ok"]) == ["'=cmd", 1, "ok"]


def test_a_whole_workbook_is_neutralised_before_saving():
    from openpyxl import Workbook

    from wts.lib.cells import neutralise_workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["=SUM(A1)", "+นครพนม", "ปกติ", -5, None])
    neutralise_workbook(wb)
    assert [c.value for c in ws[1]] == ["'=SUM(A1)", "'+นครพนม", "ปกติ", -5, None]
