"""Find per-app hooks (navigation, dashboard widgets, search, urls) so apps stay self-contained."""

import importlib
from functools import cache
from types import ModuleType

from django.apps import apps


@cache
def app_modules(submodule: str) -> list[tuple[str, ModuleType]]:
    """(app label, module) for every Amity app that has ``<app>.<submodule>``."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("amity.") or config.name == "amity.core":
            continue
        try:
            module = importlib.import_module(f"{config.name}.{submodule}")
        except ModuleNotFoundError as exc:
            target = f"{config.name}.{submodule}"
            if exc.name is None or not (target == exc.name or target.startswith(exc.name + ".")):
                raise
            continue
        found.append((config.label, module))
    return found
