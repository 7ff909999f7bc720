from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views

app_name = "accounts"

# Signing up: the form, the emailed link that confirms the address, a new link.
signup_urls = [
    path("", views.sign_up, name="signup"),
    path("confirm/<uidb64>/<token>/", views.confirm_sign_up, name="signup-confirm"),
    path("new-link/", views.resend_sign_up_link, name="signup-new-link"),
]

# Django's password views, configured in accounts.views.
password_urls = [
    path("change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("signup/", include(signup_urls)),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("settings/", views.account_settings, name="settings"),
    path("settings/tokens/revoke/", views.revoke_api_tokens, name="tokens-revoke"),
    path("password/", include(password_urls)),
]
