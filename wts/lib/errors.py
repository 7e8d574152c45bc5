"""The one base of every refusal: an action that will not do what was asked, with a Thai message
saying why. Views show the message beside the form; the API answers it in its error body."""

from django.core.exceptions import PermissionDenied


class Refused(PermissionDenied):
    """The change is not allowed now (window closed, state, limit...). ``message`` says why in Thai."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message
