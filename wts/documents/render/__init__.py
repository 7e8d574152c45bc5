"""The renderings of the status report and the letter: PDF (WeasyPrint, Sarabun embedded), XLSX
(openpyxl) and DOCX (python-docx). Data in, bytes out; the data is in reports.py and letters.py."""

from wts.lib.thai import to_thai_digits


def digits(thai_digits: bool):
    return to_thai_digits if thai_digits else str
