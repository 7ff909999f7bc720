"""What every page's navigation needs to know about the person looking at it."""

from django.utils.functional import SimpleLazyObject

from planner.models import Mentorship, MentorshipStatus


def navigation(request):
    """``is_mentor``: whether to show the mentees link (asked only when a page uses it)."""
    user = getattr(request, "user", None)

    def is_mentor() -> bool:
        if user is None or not user.is_authenticated:
            return False
        return Mentorship.objects.filter(mentor=user, status=MentorshipStatus.ACTIVE).exists()

    return {"is_mentor": SimpleLazyObject(is_mentor)}
