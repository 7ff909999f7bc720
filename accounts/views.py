"""Pages for signing up, logging in and the person's own settings."""

from django.contrib import messages
from django.contrib.auth import login, views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from accounts import services, throttles
from accounts.forms import (
    OutboxPasswordResetForm,
    ResetPasswordForm,
    SettingsForm,
    SignUpForm,
    ThrottledLoginForm,
)
from accounts.models import User
from accounts.services import PREVIEW_GOAL_KEY, register_user, update_account
from accounts.signup import account_to_confirm, carried_from, link_days, link_uid
from accounts.tokens import account_tokens, revoke_tokens


def _safe_url(request, target: str) -> str:
    """``target`` if it is a page of this site, else ""."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _next_url(request) -> str:
    return _safe_url(request, request.POST.get("next") or request.GET.get("next") or "")


def _carried(request) -> dict[str, str]:
    """What the sign-up link takes along: the preview's role and hours, and the next page."""
    goal = request.session.get(PREVIEW_GOAL_KEY) or {}
    return carried_from(
        {
            "role": goal.get("role", ""),
            "weekly_hours": goal.get("weekly_hours", ""),
            "next": _next_url(request),
        }
    )


@require_http_methods(["GET", "POST"])
def sign_up(request):
    """Create an account (or email the address's owner) and say to check the inbox.

    The answer is the same for a new address and one that has an account: the page tells no
    one who uses Waymark. The emailed link logs the new learner in (``confirm_sign_up``).
    """
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
    status = 200
    if request.method == "POST" and form.is_valid():
        if not throttles.allow_sign_up(request):
            form.add_error(None, throttles.MESSAGE)
            status = 429
        else:
            try:
                register_user(
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password1"],
                    name=form.cleaned_data["name"],
                    carried=_carried(request),
                )
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error("password1" if field == "password" else field, problems)
            else:
                email = User.objects.normalize_email(form.cleaned_data["email"]).lower()
                return render(
                    request, "accounts/signup_sent.html", {"email": email, "days": link_days()}
                )
    return render(
        request,
        "accounts/signup.html",
        {"form": form, "next": _next_url(request)},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def confirm_sign_up(request, uidb64: str, token: str):
    """The link of the sign-up email. GET shows a button and changes nothing (mail scanners
    open links); POST confirms the address, logs in and continues to onboarding with the
    preview's role and hours, or to the page the learner was going to. Works once."""
    carried = carried_from(request.GET)
    if request.method == "POST":
        user = services.confirm_sign_up(uidb64=uidb64, token=token)
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            if carried.get("role"):
                request.session[PREVIEW_GOAL_KEY] = {
                    "role": carried["role"],
                    "weekly_hours": carried.get("weekly_hours", ""),
                }
            next_url = _safe_url(request, carried.get("next", ""))
            if next_url:
                messages.success(request, "Welcome to Waymark!")
                return redirect(next_url)
            messages.success(request, "Welcome to Waymark! Let's set your goal.")
            return redirect("planner:onboarding")
    else:
        user = account_to_confirm(uidb64, token)
        if user is not None:
            return render(
                request, "accounts/signup_confirm.html", {"validlink": True, "account": user}
            )
    return render(
        request,
        "accounts/signup_confirm.html",
        {"validlink": False, "uidb64": uidb64, "carried": carried},
    )


@require_http_methods(["POST"])
def resend_sign_up_link(request):
    """Send a new link, asked from a link that no longer works; the same answer for anyone."""
    if not throttles.allow_sign_up(request):
        return render(
            request,
            "accounts/signup_confirm.html",
            {"validlink": False, "throttled": throttles.MESSAGE},
            status=429,
        )
    services.send_new_sign_up_link(
        uidb64=request.POST.get("uidb64", "")[:100], carried=carried_from(request.POST)
    )
    return render(request, "accounts/signup_sent.html", {"resent": True, "days": link_days()})


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:settings")


class PasswordResetView(auth_views.PasswordResetView):
    """The reset email goes through the outbox, in plain text."""

    form_class = OutboxPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = ResetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


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
        {
            "form": form,
            "api_tokens": account_tokens(user=user),
            # Reminders wait for a confirmed address: the page offers a new link meanwhile.
            "unconfirmed_uid": link_uid(user) if user.email_confirmed_at is None else "",
        },
    )


@login_required
@require_http_methods(["POST"])
def revoke_api_tokens(request):
    """Revoke the account's API tokens: whatever holds one is refused from now on."""
    if revoke_tokens(user=request.user):
        messages.success(request, "API token revoked. Log in through the API again for a new one.")
    return redirect(reverse("accounts:settings"))
