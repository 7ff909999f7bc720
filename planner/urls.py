# Learner and mentor pages (see planner/views.py).
urlpatterns: list = []
