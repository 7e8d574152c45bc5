"""Input no page ever needs, refused before any view: the NUL character.

PostgreSQL cannot store or compare a string holding NUL (psycopg raises), so a %00 in a path,
a query string or a form field would reach a query and end as a 500. No identifier, name or
count contains one, so the request is simply a bad request (400), in Thai; under /api/ in the
API's error form (wts/api/errors.py), which this module, at the bottom of the layers, repeats.
"""

from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.utils.translation import gettext as _

NUL = "\x00"
API_PREFIX = "/api/"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(querydict) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in querydict.lists())


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path or _has_nul(request.GET) or self._form_has_nul(request):
            if request.path.startswith(API_PREFIX):
                message_th = _("คำขอมีอักขระ NUL ซึ่งไม่ใช่ข้อมูลที่ถูกต้อง")
                return JsonResponse(
                    {"error": {"status": 400, "code": "invalid_character", "message_th": message_th,
                               "message_en": "The request holds a NUL character", "fields": {}}},
                    status=400, json_dumps_params={"ensure_ascii": False},
                )
            raise BadRequest("NUL character in the request")
        return self.get_response(request)

    @staticmethod
    def _form_has_nul(request) -> bool:
        if request.method != "POST" or request.path.startswith(API_PREFIX):
            return False
        if not request.content_type or not request.content_type.startswith(FORM_TYPES):
            return False
        return _has_nul(request.POST)
