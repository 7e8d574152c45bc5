"""Issue 15: every page of every role at 390 px, in Thai.

Each persona logs in on a phone-sized, touch screen and walks every page it can reach by links
(one page per URL shape, so /review/2569/district/4801/ stands for every district). On each page:
nothing wider than the screen (tables may scroll inside their own box, the page may not), and
no untranslated audit code, Python literal or English word outside a short allow-list.
Screenshots go to var/test-artefacts/phone/ (gitignored)."""

import re
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import PASSWORD
from wts.audit.vocabulary import AuditAction
from wts.review.tests.helpers import submitted

pytestmark = pytest.mark.browser

ARTEFACTS = Path(__file__).resolve().parent.parent / "var" / "test-artefacts" / "phone"
PERSONAS = ["district-4801", "director-48", "provadmin-48", "dla-admin", "dla-viewer"]
MAX_PAGES = 45
SKIP = re.compile(r"/(logout|admin)/|\.(pdf|xlsx|docx|json|csv)$|/(pdf|xlsx|docx|csv)/?$|/export|/download|/api/v1/|"
                  r"/slips/|/template|/workbook|/openapi")
# Words a Thai user meets in English on purpose: the system's English name under the Thai one,
# file formats and standards, and names of things that have no Thai name.
ALLOWED_ENGLISH = {
    "workload", "tracking", "system", "api", "openapi", "excel", "xlsx", "pdf", "docx", "csv", "json", "png", "svg", "qr", "code",
    "line", "id", "otp", "lpa", "laas", "fte", "wisn", "caf", "dopa", "email", "e-mail", "bearer", "authorization",
    "token", "totp", "google", "authenticator", "microsoft", "android", "iphone", "ios", "app", "sarabun", "chart",
    "js", "htmx", "wts", "dla", "gmail", "http", "https", "www", "go", "th", "example", "e-laas",
    # the weak passwords the password rules name as examples to avoid
    "password", "admin",
    # software and formulas named as they are: Microsoft Word, LibreOffice, Excel's PERCENTILE.INC, MAD
    "word", "libreoffice", "percentile", "inc", "mad",
}
# Text a person reads; commands, file names and keys shown as code are meant to be typed as they are.
READABLE_TEXT = """() => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll('code, pre, kbd, samp, script, style, template').forEach(e => e.remove());
  return copy.textContent;
}"""
AUDIT_CODES = {a.value for a in AuditAction}


def url_shape(path: str) -> str:
    return re.sub(r"\d+", "9", path)


def language_problems(text: str) -> list[str]:
    problems = [f"audit code {code}" for code in AUDIT_CODES if code in text]
    problems += [f"Python literal {m}" for m in set(re.findall(r"\b(True|False|None)\b", text))]
    # user names and e-mail addresses are identifiers, not words
    text = re.sub(r"[\w.+-]+@[\w.-]+|(?:district|director|provadmin|dla)-[\w-]+", " ", text)
    words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z-]{2,}", text)}
    problems += [f"English '{w}'" for w in sorted(words - ALLOWED_ENGLISH)]
    return problems


def login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_load_state()


def walk(page, base, username):
    """Breadth-first over the links of the persona's pages; [(path, problems)]."""
    seen_shapes, queue, report = set(), deque(["/"]), []
    while queue and len(seen_shapes) < MAX_PAGES:
        path = queue.popleft()
        shape = url_shape(path)
        if shape in seen_shapes:
            continue
        seen_shapes.add(shape)
        response = page.goto(base + path)
        if response is None or response.status >= 400 or "text/html" not in response.headers.get("content-type", ""):
            continue
        page.wait_for_load_state()
        width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        problems = [f"page {width[0]} px wide on a {width[1]} px screen"] if width[0] > width[1] else []
        problems += language_problems(page.evaluate(READABLE_TEXT))
        name = re.sub(r"[^\w]+", "_", shape).strip("_") or "home"
        page.screenshot(path=str(ARTEFACTS / f"{username}__{name}.png"), full_page=True)
        report.append((path, problems))
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            parts = urlsplit(href)
            if parts.netloc and parts.netloc != urlsplit(base).netloc:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target.startswith("/") and not SKIP.search(parts.path) and url_shape(target) not in seen_shapes:
                queue.append(target)
    return report


@pytest.fixture
def demo_like(open_now):
    world = open_now
    submitted(world)  # something to review, a history to read
    return world


@pytest.mark.parametrize("username", PERSONAS)
def test_every_page_of_every_role_fits_a_phone_and_speaks_thai(demo_like, live_server, browser, username):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="th-TH", timezone_id="Asia/Bangkok", viewport={"width": 390, "height": 844},
                                  has_touch=True, is_mobile=True, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        login(page, live_server.url, username)
        report = walk(page, live_server.url, username)
    finally:
        context.close()
    assert len(report) >= 3, report
    failures = [(path, problems) for path, problems in report if problems]
    assert not failures, "\n".join(f"{path}: {'; '.join(problems)}" for path, problems in failures)
