"""What the API offers, in Thai beside the English of the OpenAPI document: one Thai line per
endpoint and per error code. The JSON index (``/api/v1/``) and the documentation page read this;
a test checks that every operation of the OpenAPI document and every error code the API answers
is described here, so a new endpoint cannot go undocumented in Thai."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # as in the OpenAPI document, without the /api/v1 prefix
    description_th: str


@dataclass(frozen=True)
class ErrorCode:
    status: int
    code: str
    description_th: str
    description_en: str


ENDPOINTS = [
    Endpoint("GET", "/me", _("เจ้าของรหัสเชื่อมต่อ บทบาท และขอบเขต (จังหวัด/อำเภอ) ที่รหัสนี้ใช้ได้")),
    Endpoint("GET", "/provinces", _("รายชื่อจังหวัดในขอบเขตของท่าน พร้อมจำนวนอำเภอ")),
    Endpoint("GET", "/provinces/{code}", _("ข้อมูลจังหวัดหนึ่งจังหวัด (รหัสจังหวัด 2 หลัก)")),
    Endpoint("GET", "/districts", _("รายชื่ออำเภอในขอบเขตของท่าน (กรองเฉพาะจังหวัดได้ด้วย ?province=48)")),
    Endpoint("GET", "/districts/{code}", _("ข้อมูลอำเภอหนึ่งอำเภอ: จำนวน อปท. และอัตรากำลัง (รหัสอำเภอ 4 หลัก)")),
    Endpoint("GET", "/rounds", _("รอบการรายงานทั้งหมด เรียงจากปีงบประมาณล่าสุด พร้อมช่วงเวลาบันทึกและยืนยัน")),
    Endpoint("GET", "/rounds/{fiscal_year}", _("รอบการรายงานของปีงบประมาณหนึ่ง (พ.ศ.)")),
    Endpoint("GET", "/rounds/{fiscal_year}/catalog", _("ขอบเขตภารกิจ 8 ด้านและรายการงานของรอบ พร้อมหน่วยนับและนาทีต่อหน่วย")),
    Endpoint("GET", "/rounds/{fiscal_year}/statuses",
             _("สถานะของทุกอำเภอในขอบเขต: สถานะรายงาน ความก้าวหน้ารายด้าน และกำหนดเวลาที่ใช้จริง")),
    Endpoint("GET", "/rounds/{fiscal_year}/values",
             _("ค่าที่บันทึกทั้งหมดของรอบในขอบเขต ทีละหน้า (สำหรับเชื่อมต่อระบบอื่น)")),
    Endpoint("GET", "/rounds/{fiscal_year}/districts/{code}/report",
             _("รายงานของอำเภอหนึ่ง: สถานะ ด้านต่าง ๆ พร้อมเลขรุ่น (version) และทุกค่า")),
    Endpoint("PUT", "/rounds/{fiscal_year}/districts/{code}/areas/{number}/values",
             _("บันทึกค่าของด้านหนึ่ง (ท้องถิ่นอำเภอของอำเภอนั้น ภายในช่วงเวลาบันทึก) ต้องส่ง base_version")),
    Endpoint("PUT", "/rounds/{fiscal_year}/districts/{code}/values",
             _("บันทึกค่าหลายด้านพร้อมกัน สำเร็จทั้งหมดหรือไม่บันทึกเลย ต้องส่ง base_versions")),
    Endpoint("POST", "/rounds/{fiscal_year}/districts/{code}/submit",
             _("ท้องถิ่นอำเภอส่งรายงานที่บันทึกครบ 8 ด้านให้จังหวัดยืนยัน")),
    Endpoint("POST", "/rounds/{fiscal_year}/districts/{code}/confirm",
             _("ผอ.ก.ทอ. ยืนยันรายงานที่อำเภอส่งมา")),
    Endpoint("POST", "/rounds/{fiscal_year}/districts/{code}/return",
             _("ผอ.ก.ทอ. ส่งรายงานกลับให้อำเภอแก้ไข พร้อมเหตุผลและรายการที่ให้แก้ไข")),
    Endpoint("POST", "/rounds/{fiscal_year}/districts/{code}/reopen",
             _("กรมเปิดให้อำเภอแก้ไขรายงานที่ยืนยันแล้ว ทั้งฉบับหรือเฉพาะด้านหนึ่ง")),
    Endpoint("POST", "/rounds/{fiscal_year}/confirm",
             _("ผอ.ก.ทอ. ยืนยันหลายอำเภอพร้อมกัน สำเร็จทั้งหมดหรือไม่ยืนยันเลย")),
]

ERROR_CODES = [
    ErrorCode(400, "http_error", _("คำขอไม่ถูกต้อง เช่น เนื้อหาไม่ใช่ JSON ที่อ่านได้"), "Bad request, e.g. the body is not readable JSON"),
    ErrorCode(401, "unauthenticated", _("ไม่ได้ส่งรหัสเชื่อมต่อ หรือรหัสหมดอายุหรือถูกยกเลิกแล้ว"),
              "No valid API token in the Authorization header"),
    ErrorCode(403, "forbidden", _("บทบาทของท่านไม่มีสิทธิ์ดำเนินการนี้"), "Your role is not allowed to do this"),
    ErrorCode(403, "password_change_required", _("ต้องเปลี่ยนรหัสผ่านบนหน้าเว็บก่อนจึงใช้ API ได้"),
              "The owner must change the password on the web first"),
    ErrorCode(404, "not_found", _("ไม่พบข้อมูล หรือข้อมูลอยู่นอกขอบเขตของท่าน หรือไม่มีที่อยู่นี้ใน API"),
              "Not found, outside your scope, or no such endpoint"),
    ErrorCode(405, "method_not_allowed", _("วิธีเรียก (HTTP method) นี้ใช้กับที่อยู่นี้ไม่ได้"),
              "This HTTP method is not allowed here"),
    ErrorCode(409, "edit_refused", _("แก้ไขค่าไม่ได้ในขณะนี้ (พ้นช่วงเวลา รายงานอยู่ระหว่างตรวจสอบ หรือรอบปิดแล้ว)"),
              "The figures cannot be changed now"),
    ErrorCode(409, "transition_refused", _("ขั้นตอนนี้ทำไม่ได้ในขณะนี้ (สถานะ ช่วงเวลา หรือรอบปิดแล้ว)"),
              "This workflow step is not allowed now"),
    ErrorCode(409, "stale_edit", _("มีผู้อื่นบันทึกด้านนี้หลังจากที่ท่านอ่านข้อมูล ไม่ได้บันทึกค่าใด ให้อ่านใหม่แล้วส่งอีกครั้ง"),
              "Someone saved this area after you read it; nothing was written"),
    ErrorCode(409, "not_started", _("อำเภอยังไม่ได้บันทึกข้อมูลในรอบนี้"), "The district has not recorded anything yet"),
    ErrorCode(413, "request_too_large", _("ข้อมูลที่ส่งมามีขนาดใหญ่เกินกำหนด"), "The request body is too large"),
    ErrorCode(422, "invalid_request", _("ข้อมูลที่ส่งมาไม่ถูกต้องตามรูปแบบของ API (ดูรายละเอียดใน fields)"),
              "The request does not match the API schema"),
    ErrorCode(422, "invalid_values", _("มีค่าที่ไม่ถูกต้อง ข้อความภาษาไทยของแต่ละรายการอยู่ใน fields"),
              "Some values are not valid (a Thai message per item in fields)"),
    ErrorCode(422, "unknown_item", _("มีรหัสรายการที่ไม่อยู่ในแบบฟอร์มของรอบนี้"), "An item code is not in this round's form"),
    ErrorCode(422, "ambiguous_item", _("รหัสรายการซ้ำกันในหลายด้าน ให้บันทึกทีละด้าน"),
              "An item code appears in several areas; save area by area"),
    ErrorCode(422, "no_values", _("ไม่มีค่าที่จะบันทึก"), "No values were sent"),
    ErrorCode(422, "unknown_area", _("มีเลขด้านที่ไม่มีในรอบนี้ หรือไม่ได้ส่งค่าของด้านนั้นมา"),
              "An area number is unknown or has no values in the request"),
    ErrorCode(428, "base_version_required", _("ต้องส่งเลขรุ่นของด้าน (base_version/base_versions) ที่อ่านมา"),
              "The save must carry the version of each area it changes"),
    ErrorCode(500, "server_error", _("ระบบขัดข้อง กรุณาลองใหม่หรือติดต่อผู้ดูแลระบบ"), "Internal error"),
]


def thai_description(method: str, path: str) -> str | None:
    for endpoint in ENDPOINTS:
        if endpoint.method == method and endpoint.path == path:
            return str(endpoint.description_th)
    return None
