"""What the base layout shows on every page: the unread notifications badge."""

from __future__ import annotations

from django.http import HttpRequest


def layout(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    try:  # the notifications app is written in parallel; the badge appears once it exists
        from collegium.notifications.selectors import unread_count
    except ImportError:
        return {"unread_count": None}
    return {"unread_count": unread_count(user)}
