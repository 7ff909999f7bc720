"""The change-or-stop link of a reminder: works without logging in, by a signed token.

A GET only shows the choices (mail scanners follow links; they must not unsubscribe anyone);
a POST applies them. Mail clients' one-click unsubscribe (RFC 8058) POSTs
``List-Unsubscribe=One-Click`` to the same address, which stops reminders.
"""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.models import Weekday
from accounts.services import update_account
from planner.services.reminders import user_from_stop_token


@csrf_exempt  # the signed token, not a cookie, is the credential
@require_http_methods(["GET", "POST"])
def change_or_stop(request, token: str):
    user = user_from_stop_token(token)
    if user is None:
        raise Http404("This link is not valid.")
    done = ""
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "stop")
        if request.POST.get("List-Unsubscribe") == "One-Click" or action == "stop":
            update_account(user=user, reminder_weekday=None)
            done = "Reminders are off. You can turn them back on here at any time."
        else:
            try:
                weekday = int(request.POST["weekday"])
                hour = int(request.POST["hour"])
                if weekday not in Weekday.values or not 0 <= hour <= 23:
                    raise ValueError
            except (KeyError, ValueError):
                error = "Choose a day and an hour."
            else:
                update_account(user=user, reminder_weekday=weekday, reminder_hour=hour)
                done = f"Reminders now come on {Weekday(weekday).label}s at {hour:02d}:00."
    return render(
        request,
        "planner/reminders_stop.html",
        {
            "learner": user,
            "done": done,
            "error": error,
            "weekdays": Weekday.choices,
            "hours": range(24),
        },
        status=400 if error else 200,
    )
