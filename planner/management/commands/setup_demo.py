"""Demo accounts for a first look: an admin, a learner part-way through a roadmap, a mentor.

Idempotent: a second run finds the accounts, resets their passwords to the printed ones and
leaves their plans alone.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from curriculum.models import Role
from planner import services
from planner.models import Evidence, ItemStatus, Mentorship, MentorshipStatus, Roadmap
from planner.services import mentoring
from planner.services.roadmaps import REASON_FIRST

ADMIN = "admin@waymark.localhost"
LEARNER = "learner@waymark.localhost"
MENTOR = "mentor@waymark.localhost"
STARTED_WEEKS_AGO = 10


class Command(BaseCommand):
    help = "Create (or refresh) the demo admin, learner and mentor and print their log-ins."

    def handle(self, *args, **options):
        password = settings.DEMO_PASSWORD
        if not Role.objects.filter(slug="machine-learning-engineer").exists():
            self.stderr.write("Load the curriculum first: manage.py load_curriculum")
            return
        with transaction.atomic():
            admin = self._user(ADMIN, "Admin", password, is_staff=True, is_superuser=True)
            learner = self._user(LEARNER, "Dana Learner", password)
            mentor = self._user(MENTOR, "Morgan Mentor", password)
            if not Roadmap.objects.filter(user=learner).exists():
                self._learner_progress(learner)
            if not Mentorship.objects.filter(
                learner=learner, mentor=mentor, status=MentorshipStatus.ACTIVE
            ).exists():
                invitation = mentoring.invite_mentor(learner=learner, email=MENTOR)
                mentoring.accept_mentorship(mentor=mentor, token=invitation.token)
                roadmap = Roadmap.objects.current(learner)
                done = roadmap.items.filter(status=ItemStatus.DONE, kind="skill").first()
                if done is not None:
                    mentoring.add_review(
                        mentor=mentor,
                        learner_id=learner.pk,
                        kind="comment",
                        item_id=done.pk,
                        comment="Good start. Show me a notebook for the next step.",
                    )
        self.stdout.write(
            "Demo log-ins (http://localhost:8000/):\n"
            f"  admin    {admin.email} / {password}   (Django admin at /admin/)\n"
            f"  learner  {learner.email} / {password}\n"
            f"  mentor   {mentor.email} / {password}"
        )

    def _user(self, email, name, password, **flags):
        user, _ = User.objects.get_or_create(email=email, defaults={"name": name, **flags})
        user.set_password(password)
        for field, value in flags.items():
            setattr(user, field, value)
        # Demo addresses cannot follow a sign-up link: they count as confirmed (reminders).
        user.email_confirmed_at = user.email_confirmed_at or timezone.now()
        user.save()
        return user

    def _learner_progress(self, learner):
        """A plan started ten weeks ago with the first steps done and one in progress."""
        start = timezone.localdate() - timedelta(weeks=STARTED_WEEKS_AGO)
        services.update_profile(
            user=learner,
            target_role=Role.objects.get(slug="machine-learning-engineer"),
            weekly_hours=8,
            start_date=start,
        )
        services.set_skill_levels(user=learner, levels={"python": 2, "git": 1})
        roadmap = services.build_roadmap(user=learner, reason=REASON_FIRST, today=start)
        items = list(roadmap.items.order_by("position"))
        elapsed = STARTED_WEEKS_AGO - 1.5  # a little behind: something to talk about
        for item in items:
            if item.end_week <= elapsed:
                services.update_item(user=learner, item_id=item.pk, status=ItemStatus.DONE)
            elif item.start_week <= elapsed:
                services.update_item(user=learner, item_id=item.pk, status=ItemStatus.IN_PROGRESS)
        first_done = roadmap.items.filter(status=ItemStatus.DONE).first()
        if first_done is not None:
            Evidence.objects.create(
                item=first_done, url="https://github.com/example/first-steps", note="Exercises"
            )
        services.reassess(user=learner)
