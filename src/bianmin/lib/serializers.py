"""Serializer pieces for the hot API paths."""

from __future__ import annotations

import copy
from typing import Any

from rest_framework import serializers

# Fields that hold other fields, bound to them when built.
_HOLDERS = (
    serializers.BaseSerializer,
    serializers.ListField,
    serializers.DictField,
    serializers.ManyRelatedField,
)


def fresh_copy(field: serializers.Field) -> serializers.Field:
    """An unbound copy of ``field`` that its new serializer can bind.

    A field with no field inside it is copied attribute by attribute: binding sets only its own name, parent
    and source. DRF's deep copy builds the field anew from its arguments, several times the cost. A field
    that holds others (a nested serializer, a list of a child) is deep-copied, so its inner fields are bound
    to the copy and reach the new serializer's context."""
    if isinstance(field, _HOLDERS):
        return copy.deepcopy(field)
    clone = object.__new__(type(field))
    clone.__dict__.update(field.__dict__)
    return clone


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
        return {name: fresh_copy(field) for name, field in built.items()}
