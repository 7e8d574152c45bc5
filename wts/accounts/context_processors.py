from .drafts import SessionPage


def session_page(request):
    """Lazily: only base.html reads it, and only for a signed-in user."""
    return {"session_page": SessionPage(request)}
