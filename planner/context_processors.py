"""What every page's navigation needs to know about the person looking at it."""

from django.utils.functional import SimpleLazyObject


def navigation(request):
    """``is_mentor``: whether to show the mentees link (asked only when a page uses it)."""
    from planner.views.common import is_mentor as follows_someone

    user = getattr(request, "user", None)

    def is_mentor() -> bool:
        if user is None or not user.is_authenticated:
            return False
        return follows_someone(user)

    return {"is_mentor": SimpleLazyObject(is_mentor)}
