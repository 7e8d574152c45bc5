from django.conf import settings
from django.utils.functional import SimpleLazyObject

from wts.geography.helpdesk import contact_for_user


def site(request):
    user = getattr(request, "user", None)
    return {
        "HELPDESK_NAME": settings.HELPDESK_NAME,
        "HELPDESK_PHONE": settings.HELPDESK_PHONE,
        "HELPDESK_LINE_ID": settings.HELPDESK_LINE_ID,
        # The signed-in user's province desk (or the national one), read only where a page shows it.
        "helpdesk": SimpleLazyObject(lambda: contact_for_user(user)),
    }
