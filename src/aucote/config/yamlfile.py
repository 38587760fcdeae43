"""Reading a configuration YAML file into a mapping, with errors that name file, line and problem."""

from pathlib import Path

import yaml

from aucote.config.errors import ConfigError, ConfigProblem

ConfigData = dict[str, object]


class _StrictLoader(yaml.SafeLoader):
    """yaml.safe_load that refuses duplicate keys instead of silently keeping the last one."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[object, object]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge" or not isinstance(key_node, yaml.ScalarNode):
                continue
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> object:
        """PyYAML's constructors raise ValueError and others on a bad scalar (`2021-02-30`, `!!int x`):
        a constructor error with its position instead."""
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, AttributeError, OverflowError) as error:
            kind = str(node.tag).rpartition(":")[2]
            detail = f" ({error})" if isinstance(error, ValueError) else ""
            shown = repr(node.value) if isinstance(node, yaml.ScalarNode) else "a value"
            problem = f"cannot read {shown} as {kind}{detail}"
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from None


def read_config_file(path: Path) -> ConfigData:
    """The file's top-level mapping ({} for an empty file); ConfigError when unreadable or not YAML."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _error(str(path), "no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise _error(str(path), f"cannot read the file ({error})") from None
    return parse_config_text(text, str(path))


def parse_config_text(text: str, source: str) -> ConfigData:
    """The top-level mapping of a YAML document; `source` names it in errors."""
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        raise _error(source, _describe(error)) from None
    except yaml.YAMLError as error:
        raise _error(source, str(error)) from None
    except RecursionError:
        raise _error(source, "nested too deeply") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise _error(source, f"expected a mapping of keys at the top, got {type(data).__name__}")
    _check_keys(data, "", source, set(), set())
    return data


def _describe(error: yaml.MarkedYAMLError) -> str:
    mark = error.problem_mark or error.context_mark
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    return f"{where}{error.problem or error.context or 'invalid YAML'}"


def _check_keys(data: object, path: str, source: str, inside: set[int], done: set[int]) -> None:
    """Every key is a string, and no value contains itself (an alias inside its own anchor: `&a [*a]`).
    A value shared through aliases is checked once."""
    if not isinstance(data, dict | list) or id(data) in done:
        return
    if id(data) in inside:
        raise ConfigError(
            source, [ConfigProblem(path, "an alias inside its own anchor (the value contains itself)")]
        )
    inside.add(id(data))
    for child_path, child in _children(data, path, source):
        _check_keys(child, child_path, source, inside, done)
    inside.discard(id(data))
    done.add(id(data))


def _children(data: dict[object, object] | list[object], path: str, source: str) -> list[tuple[str, object]]:
    if isinstance(data, list):
        return [(f"{path}[{index}]", item) for index, item in enumerate(data)]
    for key in data:
        if not isinstance(key, str):
            raise ConfigError(source, [ConfigProblem(path, f"key {key!r} is not a string (quote it)")])
    return [(f"{path}.{key}" if path else str(key), value) for key, value in data.items()]


def _error(source: str, message: str) -> ConfigError:
    return ConfigError(source, [ConfigProblem("", message)])
