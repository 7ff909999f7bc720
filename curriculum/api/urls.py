from rest_framework.routers import SimpleRouter

from curriculum.api import views

router = SimpleRouter()
router.register("roles", views.RoleViewSet, basename="role")
router.register("skills", views.SkillViewSet, basename="skill")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("tasks", views.LifecycleTaskViewSet, basename="task")

app_name = "curriculum"

urlpatterns = router.urls
