"""Read the catalogue's YAML text strictly: safe types only, and no key given twice."""

from collections.abc import Hashable

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode


class _StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader, but a mapping with a repeated key is an error instead of last-wins."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Hashable, object]:
        seen: set[Hashable] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, Hashable) and key in seen:
                raise ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            if isinstance(key, Hashable):
                seen.add(key)
        return super().construct_mapping(node, deep)


def read_document(text: str) -> object:
    """The YAML document in `text`; raises ValueError with the line and the reason."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass: safe types only
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise ValueError(f"invalid YAML: {where}{error.problem or error}") from None
    except yaml.YAMLError as error:
        raise ValueError(f"invalid YAML: {error}") from None
