"""Development only: the mail the system sent, read back from the file-based e-mail backend's
folder (settings.EMAIL_FILE_PATH, var/mail/), so a newcomer trying the demo sees each reminder and
notice without a mail server. Anywhere else (test, production, another backend) the page is a 404."""

import email
import email.policy
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
SHOWN_FILES = 50
# The file-based backend writes each message followed by a line of 79 dashes.
SEPARATOR = b"\n" + b"-" * 79 + b"\n"


@dataclass(frozen=True)
class SentMail:
    to: str
    subject: str
    date: str
    body: str
    file: str


def _messages_of(path: Path):
    for raw in path.read_bytes().split(SEPARATOR):
        if not raw.strip():
            continue
        message = email.message_from_bytes(raw.lstrip(b"\n"), policy=email.policy.default)
        part = message.get_body(preferencelist=("plain",)) or message
        yield SentMail(
            to=str(message.get("To", "")), subject=str(message.get("Subject", "")), date=str(message.get("Date", "")),
            body=part.get_content() if part.get_content_type().startswith("text/") else "", file=path.name,
        )


def sent_mail_enabled() -> bool:
    return settings.ENVIRONMENT == "development" and settings.EMAIL_BACKEND == FILE_BACKEND


@require_GET
@login_required
def sent_mail(request: HttpRequest) -> HttpResponse:
    if not sent_mail_enabled():
        raise Http404
    folder = Path(settings.EMAIL_FILE_PATH)
    files = sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True)[:SHOWN_FILES] if folder.is_dir() else []
    mails = [mail for path in files for mail in _messages_of(path)]
    return render(request, "demo/sent_mail.html", {"mails": mails, "folder": folder})
