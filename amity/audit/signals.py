"""Write an ObjectChange for every save, delete and many-to-many change of an audited model."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from amity.core.context import current_context
from amity.core.models import AmityModel
from amity.core.querysets import owning_unit_id

from .models import ObjectChange
from .snapshots import snapshot


def record_change(
    instance, *, action: str, before: dict | None, after: dict | None, event: str = "", message: str = ""
):
    entry = change_entry(instance, action=action, before=before, after=after, event=event, message=message)
    entry.save()
    return entry


def change_entry(
    instance, *, action: str, before: dict | None, after: dict | None, event: str = "", message: str = ""
) -> ObjectChange:
    """The unsaved ``ObjectChange`` that ``record_change`` writes; bulk writers insert many at once."""
    ctx = current_context()
    actor = ctx.resolve_actor()
    return ObjectChange(
        actor=actor,
        actor_name=actor.get_username() if actor else "",
        unit_id=owning_unit_id(instance),
        request_id=ctx.request_id,
        source=ctx.source,
        action=action,
        event=event,
        content_type=ContentType.objects.get_for_model(type(instance), for_concrete_model=False),
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        before=before,
        after=after,
        message=message or ctx.message,
    )


def _audited(instance) -> bool:
    """Records of the application, and user accounts: who may sign in, and as what, is audited too."""
    return isinstance(instance, AmityModel | get_user_model())


@receiver(pre_save)
def _remember_before(sender, instance, raw=False, **kwargs):
    if raw or not _audited(instance):
        return
    old = None
    if instance.pk is not None and not instance._state.adding:
        old = type(instance)._base_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(old) if old is not None else None


@receiver(post_save)
def _log_save(sender, instance, created, raw=False, **kwargs):
    if raw or not _audited(instance):
        return
    before = getattr(instance, "_audit_before", None)
    after = snapshot(instance)
    if created or before is None:
        action = ObjectChange.Action.CREATE
        before = None
    elif before.get("deleted_at") is None and after.get("deleted_at") is not None:
        action = ObjectChange.Action.DELETE
    elif before.get("deleted_at") is not None and after.get("deleted_at") is None:
        action = ObjectChange.Action.RESTORE
    else:
        action = ObjectChange.Action.UPDATE
        if before == after:
            return
    # a child deleted or restored with its parent says so (``AmityModel._soft_delete``)
    message = instance.__dict__.pop("_audit_message", "")
    record_change(instance, action=action, before=before, after=after, message=message)
    instance._audit_before = after


@receiver(post_delete)
def _log_hard_delete(sender, instance, **kwargs):
    if _audited(instance):
        record_change(instance, action=ObjectChange.Action.DELETE, before=snapshot(instance), after=None)


@receiver(m2m_changed)
def _log_m2m(sender, instance, action, reverse, **kwargs):
    if reverse or not _audited(instance):
        return
    field = next((f for f in instance._meta.many_to_many if f.remote_field.through is sender), None)
    if field is None:
        return
    current = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    if action.startswith("pre_"):
        instance.__dict__.setdefault("_audit_m2m_before", {})[field.name] = current
    elif action.startswith("post_"):
        before = instance.__dict__.get("_audit_m2m_before", {}).pop(field.name, None)
        if before != current:
            record_change(
                instance, action=ObjectChange.Action.UPDATE, before={field.name: before}, after={field.name: current}
            )
