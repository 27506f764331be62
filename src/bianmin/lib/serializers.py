"""Serializer pieces for the hot API paths."""

from __future__ import annotations

import copy
from typing import Any


class BuiltFieldsOnce:
    """Mix into a ``ModelSerializer``: build its fields from the model once per class, then hand each
    serializer a copy. DRF otherwise introspects every model field on every instance, which was a fifth of
    an API registration's time; the copies are unbound, so each instance binds its own as usual."""

    _built_fields: dict[str, Any] | None = None

    def get_fields(self) -> dict[str, Any]:
        cls = type(self)
        built = cls.__dict__.get("_built_fields")
        if built is None:
            built = super().get_fields()  # type: ignore[misc]
            cls._built_fields = built
        return copy.deepcopy(built)
