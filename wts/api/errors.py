"""Every API error has one JSON shape, with a Thai and an English message:

    {"error": {"status": 409, "code": "edit_refused", "message_th": "...", "message_en": "...", "fields": {}}}
"""

import logging
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from wts.workflow.actions import StaleEdit
from wts.workflow.rules import EditRefused, TransitionRefused

log = logging.getLogger(__name__)


class ErrorDetail(Schema):
    status: int
    code: str
    message_th: str
    message_en: str
    fields: dict[str, list[str]] = {}


class ErrorOut(Schema):
    error: ErrorDetail


class ApiError(Exception):
    def __init__(self, status: int, code: str, message_th: str, message_en: str, fields=None):
        super().__init__(message_en)
        self.status, self.code = status, code
        self.message_th, self.message_en = str(message_th), message_en
        self.fields = fields or {}


# Every operation documents these, so clients (and schemathesis) know the error form.
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 413: ErrorOut, 422: ErrorOut}


def responses(ok, *extra_ok, errors=()):
    """``errors``: further error statuses this operation answers (428 for the saves)."""
    out = {200: ok, **ERRORS}
    for status in extra_ok:
        out[status] = ok
    for status in errors:
        out[status] = ErrorOut
    return out


def body(status, code, message_th, message_en, fields=None) -> dict:
    return {
        "error": {
            "status": status, "code": code, "message_th": str(message_th), "message_en": message_en,
            "fields": {k: [str(m) for m in v] for k, v in (fields or {}).items()},
        }
    }


def install(api) -> None:
    # The Thai message goes through gettext like every user-visible string; message_en is fixed
    # English, for programs that log or match it.
    def respond(request, status, code, th, en, fields=None):
        return api.create_response(request, body(status, code, th, en, fields), status=status)

    @api.exception_handler(ApiError)
    def api_error(request, exc):
        return respond(request, exc.status, exc.code, exc.message_th, exc.message_en, exc.fields)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        response = respond(
            request, 401, "unauthenticated", _("ต้องส่ง API token ที่ยังใช้งานได้ในส่วนหัว Authorization: Bearer <token>"),
            "A valid API token is required in the Authorization: Bearer <token> header",
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return respond(request, exc.status_code, "http_error", _("คำขอไม่ถูกต้อง"), str(exc))

    @api.exception_handler(NinjaValidationError)
    def invalid_request(request, exc):
        fields = {}
        for error in exc.errors:
            loc = ".".join(str(part) for part in error.get("loc", ()))
            fields.setdefault(loc or "request", []).append(error.get("msg", "invalid"))
        return respond(request, 422, "invalid_request", _("ข้อมูลที่ส่งมาไม่ถูกต้องตามรูปแบบของ API"),
                       "The request does not match the API schema", fields)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, "not_found", _("ไม่พบข้อมูล หรือข้อมูลนี้อยู่นอกขอบเขตของท่าน"),
                       "Not found, or outside your scope")

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, "forbidden", _("บทบาทของท่านไม่มีสิทธิ์ดำเนินการนี้"),
                       "Your role is not allowed to do this")

    @api.exception_handler(TransitionRefused)
    def transition_refused(request, exc):
        return respond(request, 409, "transition_refused", exc.message,
                       "This workflow step is not allowed now (state, window or closed round)")

    @api.exception_handler(EditRefused)
    def refused(request, exc):
        return respond(request, 409, "edit_refused", exc.message,
                       "The figures cannot be changed now (window closed, report under review or round closed)")

    @api.exception_handler(StaleEdit)
    def stale(request, exc):
        return respond(
            request, 409, "stale_edit",
            _("มีผู้อื่นบันทึกด้านนี้หลังจากที่ท่านอ่านข้อมูล ไม่ได้บันทึกค่าใด ๆ กรุณาอ่านข้อมูลล่าสุดแล้วส่งใหม่"),
            "Someone saved this area after you read it; nothing was written. Read it again and resend",
            {"current_version": [str(exc.current_version)]},
        )

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        limit_mb = f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024):g}"
        return respond(request, 413, "request_too_large",
                       _("ข้อมูลที่ส่งมามีขนาดใหญ่เกินกำหนด (ไม่เกิน %(mb)s MB)") % {"mb": limit_mb},
                       f"The request body is larger than the limit ({limit_mb} MB)")

    @api.exception_handler(Exception)
    def server_error(request, exc):
        log.exception("API error on %s %s", request.method, request.path)
        return respond(request, 500, "server_error", _("ระบบขัดข้อง กรุณาลองใหม่หรือติดต่อผู้ดูแลระบบ"),
                       "Internal error; please retry or contact the help desk")


def json_response(status, code, message_th, message_en, **headers):
    response = JsonResponse(body(status, code, message_th, message_en), status=status,
                            json_dumps_params={"ensure_ascii": False})
    for name, value in headers.items():
        response[name] = value
    return response


def with_json_405(view):
    """Ninja answers a wrong method with a plain-text 405; give it the API's error form."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            return json_response(
                405, "method_not_allowed", _("วิธีเรียก (HTTP method) นี้ใช้กับที่อยู่นี้ไม่ได้"),
                "This HTTP method is not allowed here", Allow=response["Allow"],
            )
        return response

    return wrapped


@csrf_exempt
def unknown_endpoint(request: HttpRequest, rest: str = "") -> HttpResponse:
    return json_response(404, "not_found", _("ไม่มีที่อยู่นี้ใน API"), "There is no such API endpoint")
