from io import StringIO

from django.core.management import call_command

from accounts.models import User
from planner.models import ItemStatus, Mentorship, Roadmap


def run() -> str:
    out = StringIO()
    call_command("setup_demo", stdout=out)
    return out.getvalue()


def test_setup_demo_creates_the_accounts_a_part_done_roadmap_and_a_mentor_and_is_idempotent(db):
    output = run()
    assert "admin@waymark.localhost" in output and "learner@waymark.localhost" in output
    assert User.objects.get(email="admin@waymark.localhost").is_superuser
    learner = User.objects.get(email="learner@waymark.localhost")
    roadmap = Roadmap.objects.filter(user=learner).order_by("-version").first()
    assert roadmap.items.filter(status=ItemStatus.DONE).exists()
    assert Mentorship.objects.get(learner=learner).mentor.email == "mentor@waymark.localhost"
    counts = (User.objects.count(), Roadmap.objects.count(), Mentorship.objects.count())
    run()
    assert (User.objects.count(), Roadmap.objects.count(), Mentorship.objects.count()) == counts
    assert learner.__class__.objects.get(pk=learner.pk).check_password("waymark-demo")
