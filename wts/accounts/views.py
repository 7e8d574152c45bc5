from django.contrib.auth import views as auth_views
from django.db import transaction

from wts.audit.models import AuditEvent


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            user = form.user
            if user.must_change_password:
                user.must_change_password = False
                user.save(update_fields=["must_change_password"])
            AuditEvent.record("account.password_changed", actor=user, subject_user=user)
        return response
