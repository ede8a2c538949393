"""YAML loading that remembers the line of every key and value, for error messages.

>>> data, lines = load_yaml("a: 1\\nb:\\n  - x: 2\\n", "spec.yaml")
>>> data, lines[("b", 0, "x")]
({'a': 1, 'b': [{'x': 2}]}, 3)
"""

from __future__ import annotations

from typing import Any

import yaml

from .errors import SpecError

__all__ = ["load_yaml", "line_of", "TextDatesLoader"]


class TextDatesLoader(yaml.SafeLoader):
    """Safe YAML, with dates left as text (checked later by whoever needs a date)."""


TextDatesLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in rs if tag != "tag:yaml.org,2002:timestamp"]
    for ch, rs in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _build(node: yaml.Node, path: tuple, lines: dict, loader: TextDatesLoader) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in out:
                raise SpecError(f"line {key_node.start_mark.line + 1}: key {key!r} given twice")
            out[key] = _build(value_node, path + (key,), lines, loader)
            lines[path + (key,)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), lines, loader) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def load_yaml(text: str, filename: str = "<spec>") -> tuple[Any, dict[tuple, int]]:
    """Parse ``text``; return the data and a map from each path (keys/indices) to its line."""
    loader = None
    try:
        loader = TextDatesLoader(text)
        node = loader.get_single_node()
        lines: dict[tuple, int] = {}
        data = _build(node, (), lines, loader) if node is not None else None
    except SpecError as exc:
        raise SpecError(f"{filename}:{str(exc)[5:]}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise SpecError(f"{filename}{where}: not valid YAML: {getattr(exc, 'problem', None) or exc}") from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, lines


def line_of(lines: dict[tuple, int], path: tuple) -> int | None:
    """The line of ``path``, or of its nearest ancestor that has one."""
    path = tuple(path)
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path)
