from django.apps import AppConfig


class CurriculumConfig(AppConfig):
    name = "curriculum"
    verbose_name = "Curriculum"

    def ready(self) -> None:
        from curriculum import signals  # noqa: F401
