"""Extra objects for the route-walking access test, one module per feature.

Each module defines ``extend(b, values)``: create objects belonging to assembly ``b`` and add
the URL arguments of the feature's routes to ``values`` (e.g. ``values["sitting_id"] = …``).
"""

import importlib
import pkgutil


def extend_all(b, values: dict) -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}").extend(b, values)
