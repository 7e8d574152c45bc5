"""Issue 15, "Done when": each role walks its whole task through the real pages, at 1280 px and at
390 px (a touch phone). At every step the page may not be wider than the screen, and a screenshot
is kept in var/test-artefacts/walks/<role>-<width>-<step>.png (gitignored) for a person to look at.

What other people do in between (an officer fixing a returned district) goes through the same
actions the pages call, to keep the run short."""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import PASSWORD
from wts.accounts.models import User
from wts.catalog.models import WorkItem
from wts.geography.models import ProvinceHelpDesk
from wts.lib.thai import BANGKOK, format_thai_date_input, to_thai_digits
from wts.review.tests.helpers import area, fill, item, previous_round, submitted
from wts.rounds.deadlines import deadlines_for
from wts.rounds.models import Extension
from wts.workflow.actions import save_area, submit_report
from wts.workflow.models import DistrictReport, ItemValue, ReportState, ReturnRequest

pytestmark = pytest.mark.browser

ARTEFACTS = Path(settings.BASE_DIR) / "var" / "test-artefacts" / "walks"
WIDTHS = [1280, 390]
EXPLANATION = "ปีนี้มีการเลือกตั้งท้องถิ่น หนังสือราชการจึงเพิ่มขึ้นมาก"


class Walk:
    """One person's browser at one width; `step` checks the page fits and keeps its screenshot."""

    def __init__(self, browser, base, role, width):
        phone = width < 640
        self.context = browser.new_context(
            locale="th-TH", timezone_id="Asia/Bangkok", viewport={"width": width, "height": 844 if phone else 900},
            has_touch=phone, is_mobile=phone, device_scale_factor=1, accept_downloads=True,
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(15000)
        self.page.on("dialog", lambda dialog: dialog.accept())  # the data-confirm prompts
        self.base, self.role, self.width, self.count = base, role, width, 0

    def go(self, path):
        response = self.page.goto(self.base + path)
        self.page.wait_for_load_state()
        return response

    def log_in(self, username, password=PASSWORD):
        self.go("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        with self.page.expect_navigation():
            self.page.click("main button[type=submit]")

    def step(self, name):
        self.page.wait_for_load_state()
        page_width, screen = self.page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        self.count += 1
        path = ARTEFACTS / f"{self.role}-{self.width}-{self.count:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        assert page_width <= screen, f"{name}: the page is {page_width} px wide on a {screen} px screen ({path.name})"

    def text(self, selector="main"):
        return self.page.inner_text(selector)

    def download(self, click):
        with self.page.expect_download() as info:
            click()
        return Path(info.value.path()).read_bytes()

    def close(self):
        self.context.close()


@pytest.fixture
def walk(browser, live_server):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    walks = []

    def start(role, width):
        walks.append(Walk(browser, live_server.url, role, width))
        return walks[-1]

    yield start
    for w in walks:
        w.close()


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("width", WIDTHS)
def test_district_officer_sees_what_is_due_fills_8_areas_explains_a_warning_and_submits(open_now, walk, width):
    world = open_now
    previous_round(world, confirmed_values={world.np_mueang: {"1.01": 15}})
    w = walk("officer", width)
    w.log_in("district-4801")
    assert w.page.url == f"{w.base}/entry/"
    assert w.page.get_attribute("[data-due]", "data-due") == "record"
    assert "บันทึกและส่งข้อมูลให้จังหวัดภายใน" in w.text("#due-card")
    assert "0/8" in w.text("#progress")
    w.step("home-what-is-due")

    w.page.click('a[href$="/area/1/"] >> nth=0')
    w.page.wait_for_selector("#area-panel[data-area='1']")
    for number in range(1, 9):
        inputs = w.page.locator("#area-panel input.count-input")
        for index in range(inputs.count()):
            inputs.nth(index).fill("๒,๐๐๐" if (number, index) == (1, 0) else to_thai_digits(str(10 + index)))
        if number == 1:
            with w.page.expect_response(lambda r: r.request.method == "POST" and "/area/1/" in r.url):
                w.page.click("#area-panel button[name=save]")
            w.page.wait_for_selector("#soft-warnings")
            target = item(world, "1.01")
            row = w.text(f"#row-{target.pk}")
            assert "รอบก่อน: 15" in row and "⚠" in row and "15 → 2,000" in row
            w.step("area-1-soft-warning")
            w.page.fill(f"#id_note_{target.pk}", EXPLANATION)
            w.step("area-1-explained")
        if number < 8:
            w.page.click("#area-panel button[name=next]")
            w.page.wait_for_selector(f"#area-panel[data-area='{number + 1}']")
        else:
            with w.page.expect_navigation():
                w.page.click("#area-panel button[name=next]")  # the last area leads back home
    assert w.page.url == f"{w.base}/entry/"
    assert "8/8" in w.text("#progress")
    assert ItemValue.objects.get(report__round=world.round, report__district=world.np_mueang,
                                 item__code="1.01").note == EXPLANATION
    w.step("home-8-of-8")

    w.page.click("#submit-report")
    w.page.wait_for_selector('[data-due="waiting"]')
    assert "ไม่ต้องดำเนินการ" in w.text("#due-card")
    w.step("submitted")
    report = DistrictReport.objects.get(round=world.round, district=world.np_mueang)
    assert report.state == ReportState.SUBMITTED
    assert ItemValue.objects.get(report=report, item__code="1.01").value == 2000


@pytest.mark.parametrize("width", WIDTHS)
def test_provincial_director_reviews_returns_one_and_confirms_both_with_the_acknowledgement(open_now, walk, width):
    world = open_now
    fy = world.round.fiscal_year
    previous_round(world, confirmed_values={world.np_mueang: {"1.01": 15}})
    flagged = fill(world, world.np_mueang, world.officer, values={"1.01": 2000})
    save_area(flagged, area(world, 1), {}, notes={item(world, "1.01").pk: EXPLANATION}, acting_user=world.officer)
    submit_report(flagged, acting_user=world.officer)
    clean = submitted(world, world.np_pla_pak, world.officer_np2)

    w = walk("director", width)
    w.log_in("director-48")
    waiting = w.text("main")
    assert "อำเภอที่รอการตรวจสอบและยืนยัน" in waiting
    assert world.np_mueang.display_name in waiting and world.np_pla_pak.display_name in waiting
    w.step("home-districts-waiting")

    w.page.click(f'main a[href="/review/{fy}/district/4801/"]')
    w.page.wait_for_url(f"**/review/{fy}/district/4801/")
    row = w.text(f"#item-{item(world, '1.01').pk}")
    assert "⚠" in row and EXPLANATION in row
    w.step("district-flags-and-explanation")

    w.go(f"/review/{fy}/district/4802/")
    w.page.check('input[aria-label="ให้แก้ไขรายการ 2.01"]')
    w.page.fill("#id_reason", "เรื่องร้องเรียนไม่ตรงกับทะเบียนรับเรื่อง โปรดตรวจสอบ")
    w.step("return-with-reason")
    w.page.click("#return-button")
    w.page.wait_for_selector(".msg-success")
    assert DistrictReport.objects.get(pk=clean.pk).state == ReportState.RETURNED
    w.step("returned")

    # ปลาปาก fixes the marked item and sends it again, as its officer would on the entry page.
    returned = DistrictReport.objects.get(pk=clean.pk)
    save_area(returned, area(world, 2), {item(world, "2.01").pk: 12}, acting_user=world.officer_np2)
    submit_report(returned, acting_user=world.officer_np2)

    w.go("/review/")  # a director lands on the province's districts
    assert w.page.url == f"{w.base}/review/{fy}/province/48/"
    assert "แก้ไขแล้วส่งใหม่" in w.text('tr[data-district="4802"]')
    flags = w.page.locator("#flags-4801")
    flags.locator("summary").click()
    assert "1.01" in flags.inner_text() and EXPLANATION in flags.inner_text()
    w.page.check(f'input[name=report][value="{flagged.pk}"]')
    w.page.check(f'input[name=report][value="{clean.pk}"]')
    w.step("bulk-confirm-selected")
    w.page.click("#bulk-confirm button[type=submit]")  # a flagged district without the acknowledgement
    w.page.wait_for_selector("#bulk-confirm .errorlist")
    assert "กรุณาอ่านข้อสังเกตและคำชี้แจง" in w.text("#bulk-confirm")
    assert DistrictReport.objects.filter(round=world.round, state=ReportState.CONFIRMED).count() == 0
    w.step("acknowledgement-required")
    w.page.check("#id_acknowledge")
    with w.page.expect_navigation():
        w.page.click("#bulk-confirm button[type=submit]")
    w.page.wait_for_selector(".msg-success")
    assert w.text("#count-confirmed") == "2"
    w.step("both-confirmed")
    states = dict(DistrictReport.objects.filter(round=world.round).values_list("district__code", "state"))
    assert states == {"4801": ReportState.CONFIRMED, "4802": ReportState.CONFIRMED}
    assert ReturnRequest.objects.get(report=clean).resubmitted_at is not None


@pytest.mark.parametrize("width", WIDTHS)
def test_provincial_administrator_creates_an_account_prints_its_slip_resets_a_password_and_edits_the_help_desk(
        open_now, walk, width):
    world = open_now
    w = walk("provadmin", width)
    w.log_in("provadmin-48")
    w.step("home")

    w.go("/accounts/manage/")
    w.page.wait_for_url("**/accounts/manage/province/48/")
    w.step("province-accounts")
    w.page.select_option("#add-officer select[name=district]", label="4802 ปลาปาก")
    w.page.fill("#add-officer input[name=first_name]", "สมศรี")
    w.page.fill("#add-officer input[name=last_name]", "ใจดี")
    w.page.fill("#add-officer input[name=position]", "นักจัดการงานทั่วไป")
    with w.page.expect_navigation():
        w.page.click("#add-officer button[type=submit]")
    w.page.wait_for_selector("#issued")
    username = w.text("#issued [data-username]")
    password = w.text("#issued [data-password]")
    new_officer = User.objects.get(username=username)
    assert (new_officer.district, new_officer.first_name) == (world.np_pla_pak, "สมศรี")
    w.step("account-created")
    slip = pdf_text(w.download(lambda: w.page.click("text=ดาวน์โหลดใบแจ้งรหัสผ่าน (PDF)")))
    assert username in slip and password in slip

    w.go("/accounts/manage/user/district-4801/")
    w.step("user-page")
    with w.page.expect_navigation():
        w.page.click("text=ตั้งรหัสผ่านใหม่และพิมพ์ใบแจ้ง")
    w.page.wait_for_selector("#issued")
    new_password = w.text("#issued [data-password]")
    officer = User.objects.get(pk=world.officer.pk)
    assert officer.check_password(new_password) and not officer.check_password(PASSWORD)
    assert officer.must_change_password
    w.step("password-reset")
    slip = pdf_text(w.download(lambda: w.page.click("text=ดาวน์โหลดใบแจ้งรหัสผ่าน (PDF)")))
    assert "district-4801" in slip and new_password in slip

    w.go("/accounts/manage/province/48/")
    w.page.click("text=แก้ไขช่องทางติดต่อ")
    w.page.wait_for_url("**/accounts/manage/province/48/helpdesk/")
    w.page.fill("input[name=name]", "นางสาวมาลี ศรีสุข สถ.จ.นครพนม")
    w.page.fill("input[name=phone]", "042-511-234")
    w.page.fill("input[name=line_id]", "@npdla")
    w.step("help-desk-form")
    with w.page.expect_navigation():
        w.page.click("main form button[type=submit]")
    w.page.wait_for_selector(".msg-success")
    assert "042-511-234" in w.text("#province-helpdesk")
    desk = ProvinceHelpDesk.objects.get(province=world.np)
    assert (desk.name, desk.phone, desk.line_id) == ("นางสาวมาลี ศรีสุข สถ.จ.นครพนม", "042-511-234", "@npdla")
    w.step("help-desk-saved")


@pytest.mark.parametrize("width", WIDTHS)
def test_department_administrator_extends_a_deadline_reads_the_board_downloads_the_report_and_edits_minutes(
        open_now, walk, width):
    world = open_now
    fy = world.round.fiscal_year
    submitted(world)
    w = walk("dept-admin", width)
    w.log_in("dla-admin")
    assert "กำหนดเวลาที่กำลังจะถึง" in w.text("main")
    w.step("home")

    w.go("/rounds/")
    w.page.click(f'[data-round="{fy}"] a[href="/rounds/{fy}/"] >> nth=0')
    w.page.wait_for_url(f"**/rounds/{fy}/")
    w.step("round")
    w.go(f"/rounds/{fy}/extensions/")
    new_day = (world.round.entry_closes_at + dt.timedelta(days=3)).astimezone(BANGKOK).date()
    w.page.check("input[name=window][value=entry]")
    w.page.check("input[name=scope][value=all]")
    w.page.fill("input[name=closes_at_0]", to_thai_digits(format_thai_date_input(new_day)))
    w.page.fill("input[name=closes_at_1]", "๑๖:๓๐")
    w.page.fill("textarea[name=reason]", "หนังสือกรมขยายเวลาการบันทึกข้อมูล")
    w.page.click("button[name=preview]")
    preview = w.page.locator("#extension-preview")
    preview.wait_for()
    assert "ท้องถิ่นอำเภอ" in preview.inner_text()
    assert not Extension.objects.exists()
    w.step("extension-preview")
    w.page.click("button[name=confirm]")
    w.page.wait_for_selector(".msg-success")
    extension = Extension.objects.get()
    assert extension.closes_at == dt.datetime.combine(new_day, dt.time(16, 30), tzinfo=BANGKOK)
    assert deadlines_for(world.round, world.sk_kusuman).entry_closes_at == extension.closes_at
    w.step("extension-saved")

    w.go("/monitoring/")
    board = w.text("main")
    assert "นครพนม" in board and "สกลนคร" in board
    w.step("national-board")
    pdf = pdf_text(w.download(lambda: w.page.click("text=แบบรายงานสถานะ (PDF)")))
    assert pdf.strip()
    workbook = load_workbook(io.BytesIO(w.download(lambda: w.page.click("text=แบบรายงานสถานะ (XLSX)"))))
    cells = {str(c.value) for sheet in workbook for r in sheet.iter_rows() for c in r if c.value is not None}
    assert {"นครพนม", "สกลนคร"} <= cells

    w.go("/rounds/")
    w.page.click(f'[data-round="{fy}"] >> text=แบบฟอร์ม')
    w.page.wait_for_selector("#area-8")
    w.step("catalog")
    w.page.click('[data-item="1.01"] >> text=แก้ไข')
    w.page.wait_for_selector("#item-form")
    w.page.fill("#id_standard_minutes", "๓๐")
    w.step("catalog-item-minutes")
    w.page.click("#item-form button[type=submit]")
    w.page.wait_for_selector(".msg-success")
    assert w.text('[data-item="1.01"] [data-minutes]') == "30"
    assert WorkItem.objects.get(area__round=world.round, code="1.01").standard_minutes == 30
    w.step("catalog-item-saved")


@pytest.mark.parametrize("width", WIDTHS)
def test_department_viewer_reads_the_board_and_the_rounds_and_is_refused_a_change(open_now, walk, width):
    world = open_now
    fy = world.round.fiscal_year
    submitted(world)
    w = walk("viewer", width)
    w.log_in("dla-viewer")
    w.step("home")

    w.go("/monitoring/")
    assert "นครพนม" in w.text("main")
    w.step("national-board")

    w.go("/rounds/")
    assert re.search(str(fy), w.text("main"))
    assert w.page.locator('a[href="/rounds/new/"]').count() == 0
    w.step("rounds")
    w.go(f"/rounds/{fy}/extensions/")
    assert w.page.locator("button[name=preview]").count() == 0
    w.step("extensions-read-only")

    response = w.go("/rounds/new/")
    assert response.status == 403
    w.step("refused")
    # The same refusal when the change is sent without a form on the page.
    status = w.page.evaluate("""async (url) => {
        const token = document.querySelector('input[name=csrfmiddlewaretoken]').value;
        const body = new URLSearchParams({csrfmiddlewaretoken: token, window: 'entry', scope: 'all',
            closes_at_0: '01/01/2600', closes_at_1: '16:30', reason: 'ลองขยายเวลา', confirm: '1'});
        return (await fetch(url, {method: 'POST', body})).status;
    }""", f"{w.base}/rounds/{fy}/extensions/")
    assert status == 403
    assert not Extension.objects.exists()
