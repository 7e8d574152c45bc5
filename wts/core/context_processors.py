from django.conf import settings


def site(request):
    return {
        "HELPDESK_NAME": settings.HELPDESK_NAME,
        "HELPDESK_PHONE": settings.HELPDESK_PHONE,
        "HELPDESK_LINE_ID": settings.HELPDESK_LINE_ID,
    }
