from django.dispatch import receiver

from wts.accounts.signals import sessions_ended

from .actions import revoke_user_tokens


@receiver(sessions_ended, dispatch_uid="wts_api_tokens_end_with_sessions")
def tokens_end_with_sessions(sender, user, acting_user, source, reason, **kwargs):
    revoke_user_tokens(user, acting_user=acting_user, source=source, reason=reason)
