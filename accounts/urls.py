# Pages for sign-up, log-in, password reset and settings (see accounts/views.py).
urlpatterns: list = []
