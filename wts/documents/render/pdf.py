"""The status report and the letter as PDF, from the templates in documents/pdf/."""

import segno
from django.template.loader import render_to_string

from wts.lib.pdf_fonts import font_faces, html_to_pdf
from wts.lib.thai import thai_datetime

from ..letters import LetterContent
from ..reports import StatusReport
from . import digits


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=1)


def status_report_html(report: StatusReport, *, thai_digits=False, standalone=True) -> str:
    d = digits(thai_digits)
    return render_to_string(
        "documents/pdf/status_report.html",
        {
            "report": report, "font_faces": font_faces(), "qr": qr_data_uri(report.manual_url),
            "rows": [(d(r.number), r, d(r.confirmation)) for r in report.rows],
            "count_lines": [d(line) for line in report.count_lines()],
            "updated_text": d(report.updated_text),
            "notes": [(d(i), d(note)) for i, note in enumerate(report.notes, start=1)],
            "generated": d(thai_datetime(report.generated_at)),
            "round_label": d(str(report.round)),
            "standalone": standalone,
            "thai_digits": thai_digits,
        },
    )


def status_report_pdf(report: StatusReport, *, thai_digits=False) -> bytes:
    return html_to_pdf(status_report_html(report, thai_digits=thai_digits))


def letter_html(letter: LetterContent, *, thai_digits=True) -> str:
    d = digits(thai_digits)
    return render_to_string(
        "documents/pdf/letter.html",
        {
            "letter": letter, "font_faces": font_faces(), "d_date": letter.dated(thai_digits),
            "d_doc_no": d(letter.doc_no), "d_body": [d(p) for p in letter.body],
            "d_late_heading": d(letter.late_heading), "d_closing": d(letter.closing),
            # The last line of the list goes with the closing when nothing else comes between.
            "d_late_lead": [d(line) for line in (letter.late[:-1] if not letter.after else letter.late)],
            "d_late_last": d(letter.late[-1]) if letter.late and not letter.after else "",
            "d_after": [d(p) for p in letter.after],
            "d_phone": d(letter.contact_phone), "d_reference": d(letter.reference), "d_enclosure": d(letter.enclosure),
            "d_subject": d(letter.subject), "d_address": [d(line) for line in letter.address],
            "d_contact_lines": [d(line) for line in letter.contact_lines()],
            "report_html": status_report_html(letter.status_report, thai_digits=thai_digits, standalone=False),
            "thai_digits": thai_digits,
            "position_lines": letter.position_lines(),
        },
    )


def letter_pdf(letter: LetterContent, *, thai_digits=True) -> bytes:
    return html_to_pdf(letter_html(letter, thai_digits=thai_digits))
