"""Input serializers that refuse what they do not know: a field the operation does not take, or a text
field given something other than text, is an error naming it (400), never silently ignored or coerced."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework import serializers


class StrictIn(serializers.Serializer):
    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            unknown = sorted(str(k) for k in data if k not in self.fields or self.fields[k].read_only)
            if unknown:
                raise serializers.ValidationError({k: ["unknown field"] for k in unknown})
            # A text field takes text, as the schema says (DRF would turn 0 into "0").
            not_text = sorted(
                str(k)
                for k, v in data.items()
                if isinstance(self.fields[k], serializers.CharField)
                and v is not None
                and not isinstance(v, str)
            )
            if not_text:
                raise serializers.ValidationError({k: ["must be a string"] for k in not_text})
        return super().to_internal_value(data)


def known_ids(model: Any, ids: list[int], field: str, **scope: Any) -> list[Any]:
    """The objects of ``model`` with these ids; a 400 naming ``field`` and each id that does not exist."""
    found = {o.pk: o for o in model.objects.filter(pk__in=ids, **scope)}
    unknown = [i for i in dict.fromkeys(ids) if i not in found]
    if unknown:
        raise serializers.ValidationError({field: [f"no such id: {i}" for i in unknown]})
    return [found[i] for i in dict.fromkeys(ids)]
