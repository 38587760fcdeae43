"""Merging configuration layers: mappings merge key by key, everything else (lists too) is replaced."""

from collections.abc import Mapping


def merge_layers(base: Mapping[str, object], override: Mapping[str, object]) -> dict[str, object]:
    """`override` on top of `base`; nested mappings merge recursively, other values replace."""
    merged = dict(base)
    for key, value in override.items():
        below = merged.get(key)
        if isinstance(below, Mapping) and isinstance(value, Mapping):
            merged[key] = merge_layers(below, value)
        else:
            merged[key] = value
    return merged
