from django.db.models.signals import m2m_changed, post_delete, post_save

from curriculum.models import CURRICULUM_MODELS, Requirement, Role, Subtask
from curriculum.revision import bump_revision


def _changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    bump_revision()


for model in CURRICULUM_MODELS:
    post_save.connect(_changed, sender=model, dispatch_uid=f"revision-save-{model.__name__}")
    post_delete.connect(_changed, sender=model, dispatch_uid=f"revision-del-{model.__name__}")
for through in (Role.tasks.through, Subtask.skills.through, Requirement.alternatives.through):
    m2m_changed.connect(_changed, sender=through, dispatch_uid=f"revision-m2m-{through.__name__}")
