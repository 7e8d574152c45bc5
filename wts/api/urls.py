from django.urls import URLPattern, URLResolver, path

from . import views
from .errors import unknown_endpoint, with_json_405
from .v1 import api


def _json_errors(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _json_errors(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback = with_json_405(pattern.callback)
    return patterns


v1_patterns, v1_app, v1_namespace = api.urls
app_name = "api"
urlpatterns = [
    path("v1/", with_json_405(views.api_index), name="v1_index"),
    path("v1/", (_json_errors(v1_patterns), v1_app, v1_namespace)),
    path("v1/<path:rest>", unknown_endpoint),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("tokens/user/<str:username>/", views.user_tokens, name="user_tokens"),
    path("tokens/user/<str:username>/<int:pk>/revoke/", views.user_token_revoke, name="user_token_revoke"),
]
