"""Every function view says what it takes and returns: request: HttpRequest, each path parameter
typed (fiscal_year: int, code: str, ...), -> HttpResponse. Class-based views keep their own."""

import inspect

from django.urls import URLResolver, get_resolver

# Being rewritten on another branch; typed when it merges. Delete this line then.
PENDING_CONVERSION = ()


def function_views(patterns=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from function_views(pattern.url_patterns)
            continue
        view = inspect.unwrap(pattern.callback)
        if inspect.isfunction(view) and view.__module__.startswith("wts.") and not view.__module__.startswith(
            PENDING_CONVERSION
        ):
            yield view


def test_every_function_view_has_a_typed_signature():
    untyped = []
    for view in set(function_views()):
        signature = inspect.signature(view)
        missing = [name for name, p in signature.parameters.items() if p.annotation is inspect.Parameter.empty]
        if missing or signature.return_annotation is inspect.Signature.empty:
            untyped.append(f"{view.__module__}.{view.__name__}: {', '.join(missing) or 'return'}")
    assert sorted(untyped) == []
