"""Asking for a capability by name. The capabilities themselves are defined once, in
``wts/accounts/permissions.py`` (registered with django-rules when the accounts app is ready);
this module only asks, so that every app, even one below accounts, can ask the same way."""

import rules
from django.core.exceptions import PermissionDenied


def can(user, capability: str, obj=None) -> bool:
    """Whether the user holds the named capability (on obj, for those that take one)."""
    if not rules.rule_exists(capability):
        # A misspelt name would otherwise be a silent "no": fail loudly instead.
        raise LookupError(f"no capability named {capability!r} in wts/accounts/permissions.py")
    return rules.test_rule(capability, user, obj)


def require(user, capability: str, obj=None) -> None:
    """403 unless the user holds the named capability."""
    if not can(user, capability, obj):
        raise PermissionDenied
