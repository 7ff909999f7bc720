"""Pages for signing up, logging in and the person's own settings."""

from django.contrib import messages
from django.contrib.auth import login, views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from accounts.forms import SettingsForm, SignUpForm, ThrottledLoginForm
from accounts.services import PREVIEW_GOAL_KEY, register_user, update_account
from accounts.tokens import account_tokens, revoke_tokens


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@require_http_methods(["GET", "POST"])
def sign_up(request):
    """Create an account and log in; new learners continue to onboarding (or to ``next``)."""
    if request.user.is_authenticated:
        return redirect(_next_url(request) or "planner:home")
    if request.GET.get("role"):
        # A visitor's roadmap preview: onboarding starts from its role and hours.
        request.session[PREVIEW_GOAL_KEY] = {
            "role": request.GET.get("role", "")[:100],
            "weekly_hours": request.GET.get("weekly_hours", "")[:10],
        }
    form = SignUpForm(
        request.POST if request.method == "POST" else None,
        initial={"email": request.GET.get("email", "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = register_user(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error("password1" if field == "password" else field, problems)
        else:
            if user is not None:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, "Welcome to Waymark! Let's set your goal.")
                return redirect(_next_url(request) or "planner:onboarding")
            # The owner has been emailed. The page still says so: hiding it here needs a
            # confirm-by-email sign-up (the API, which cannot log in at once, hides it).
            form.add_error("email", "An account with this email already exists.")
    return render(request, "accounts/signup.html", {"form": form, "next": _next_url(request)})


class LoginView(auth_views.LoginView):
    form_class = ThrottledLoginForm
    redirect_authenticated_user = True


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request):
    """Name, time zone and the weekly reminder (day and hour, or off)."""
    user = request.user
    initial = {
        "name": user.name,
        "timezone": user.timezone,
        "reminder_weekday": "" if user.reminder_weekday is None else user.reminder_weekday,
        "reminder_hour": user.reminder_hour,
    }
    form = SettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_account(user=user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, "Settings saved.")
            return redirect(reverse("accounts:settings"))
    return render(
        request,
        "accounts/settings.html",
        {"form": form, "api_tokens": account_tokens(user=user)},
    )


@login_required
@require_http_methods(["POST"])
def revoke_api_tokens(request):
    """Revoke the account's API tokens: whatever holds one is refused from now on."""
    if revoke_tokens(user=request.user):
        messages.success(request, "API token revoked. Log in through the API again for a new one.")
    return redirect(reverse("accounts:settings"))
