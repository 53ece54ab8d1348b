"""Helpers for the idempotent demo loader; every app's ``demo.load(ctx)`` uses them."""

from dataclasses import dataclass, field


@dataclass
class DemoContext:
    """What the apps' demo loaders share: the units by key, the demo users, the acting admin."""

    units: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    actor: object = None
    records: dict = field(default_factory=dict)  # anything one app's loader offers the next (by key)


def upsert(model, *, lookup: dict, values: dict | None = None, m2m: dict | None = None):
    """Create or update one demo record so that re-running the loader changes nothing.

    Saves only when a value differs, so a second run writes no change-log rows.
    """
    values = values or {}
    obj = (
        model.all_objects.filter(**lookup).first()
        if hasattr(model, "all_objects")
        else model.objects.filter(**lookup).first()
    )
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
    else:
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        if getattr(obj, "deleted_at", None) is not None:
            obj.deleted_at = None
            changed.append("deleted_at")
        if changed:
            for k in changed:
                if k in values:
                    setattr(obj, k, values[k])
            obj.full_clean()
            obj.save()
    for name, related in (m2m or {}).items():
        manager = getattr(obj, name)
        if set(manager.values_list("pk", flat=True)) != {r.pk for r in related}:
            manager.set(related)
    return obj
