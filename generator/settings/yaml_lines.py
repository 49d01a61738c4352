"""YAML read as plain data with the line of every key: text, lists and mappings only, no tags, no aliases.

PyYAML's safe loader is the base (its scanner, parser and composer), with three changes for untrusted files:
aliases are refused (a billion-laughs file is a dozen aliases deep), so is nesting deeper than a settings file
needs (the composer recurses), and values are not typed by how they look: `2301.10000` (an arXiv id) and `no`
stay the text they are, where YAML 1.1 would make a number and `False` of them. An explicit tag of any kind
(`!!python/object:...`, `!!binary`, `!custom`) is refused, key by key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
import yaml.reader
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

MAX_DEPTH = 20  # a settings file nests four levels; a deeper one is an attack on the composer's recursion
STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"
NULLS = frozenset({"", "~", "null", "Null", "NULL"})  # a key with no value: as if it were not there

Path = tuple  # a key path: keys (str) and list positions (int), from the top of the document


class YamlError(Exception):
    """The document cannot be read at all: one line, at `line` (1-based)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class LinedData:
    """A document's data with the line of each key path (a mapping key's own line, a list item's line), and
    the problems of parts that were left out (an explicit tag, a key that is not text, a key given twice). A list
    item left out leaves None in its place, so that the positions of the others (and so their lines) stay."""

    data: object
    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[tuple[Path, int, str]] = field(default_factory=list)
    left_out: set[Path] = field(default_factory=set)  # list items left out: None holds their place

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest ancestor that has one; 1 for the whole document."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


class _Loader(Reader, Scanner, Parser, Composer, BaseResolver):
    """PyYAML's pipeline up to nodes, with no implicit typing (BaseResolver: every plain scalar is text)."""

    def __init__(self, stream: str, refuse_aliases: bool):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        BaseResolver.__init__(self)
        self.refuse_aliases = refuse_aliases
        self.depth = 0

    def compose_node(self, parent, index):
        if self.refuse_aliases and self.check_event(AliasEvent):
            event = self.peek_event()
            raise YamlError(
                event.start_mark.line + 1, f"YAML aliases (*{event.anchor}) are not allowed here: write the value out"
            )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise YamlError(self.peek_event().start_mark.line + 1, f"nested more than {MAX_DEPTH} levels deep")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def compose(text: str, refuse_aliases: bool = True) -> Node | None:
    """The one document of `text` as a node tree (None when empty); raises YamlError."""
    loader = None
    try:
        loader = _Loader(text, refuse_aliases)  # the reader refuses characters YAML does not allow here already
        return loader.get_single_node()
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = " ".join(part for part in (exc.context, exc.problem) if part)
        raise YamlError(mark.line + 1 if mark else 1, f"not valid YAML: {reason}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow in a document
        line = text.count("\n", 0, exc.position) + 1
        character = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise YamlError(line, f"not valid YAML: the character {character} is not allowed") from None
    except yaml.YAMLError as exc:
        raise YamlError(1, f"not valid YAML: {' '.join(str(exc).split())}") from None
    except RecursionError:  # deep flow nesting inside one scalar's parse; MAX_DEPTH stops the rest
        raise YamlError(1, "not valid YAML: nested too deeply") from None
    finally:
        if loader is not None:
            loader.dispose()


def load_with_lines(text: str) -> LinedData:
    """Read an untrusted YAML document into text, lists and dicts, with lines; raises YamlError."""
    root = compose(text)
    result = LinedData(None)
    data = _plain(root, (), result) if root is not None else None
    result.data = None if data is _LEFT_OUT else data
    return result


def node_lines(root: Node, path: Path, budget: int = 100_000) -> dict[Path, int]:
    """The line of every key path under `root` (a trusted file's node tree, aliases and tags allowed),
    relative to `path`; at most `budget` nodes are visited, so aliases cannot make it explode."""
    lines: dict[Path, int] = {path: root.start_mark.line + 1}
    stack = [(root, path)]
    while stack and budget > 0:
        node, where = stack.pop()
        budget -= 1
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    lines[(*where, key.value)] = key.start_mark.line + 1
                    stack.append((value, (*where, key.value)))
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                lines[(*where, index)] = item.start_mark.line + 1
                stack.append((item, (*where, index)))
    return lines


def child(node: Node | None, key: str) -> Node | None:
    """The value node of `key` in a mapping node, or None."""
    if isinstance(node, MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return value
    return None


def _plain(node: Node, path: Path, result: LinedData):
    """A node as plain data; parts that cannot be plain data are left out, each with a problem."""
    line = node.start_mark.line + 1
    if isinstance(node, ScalarNode):
        if node.tag != STR_TAG:
            result.problems.append((path, line, f"YAML tag '{_short_tag(node.tag)}' is not allowed: write plain text"))
            return _LEFT_OUT
        return None if node.style is None and node.value in NULLS else node.value
    if node.tag not in (SEQ_TAG, MAP_TAG):
        result.problems.append((path, line, f"YAML tag '{_short_tag(node.tag)}' is not allowed: write plain text"))
        return _LEFT_OUT
    if isinstance(node, SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            result.lines[(*path, index)] = item.start_mark.line + 1
            value = _plain(item, (*path, index), result)
            if value is _LEFT_OUT:
                result.left_out.add((*path, index))
                value = None
            items.append(value)
        return items
    mapping: dict[str, object] = {}
    first_seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, ScalarNode) or key_node.tag != STR_TAG:
            result.problems.append((path, key_line, "a key must be plain text"))
            continue
        key = LONE_SURROGATE.sub("\ufffd", key_node.value)  # "\ud800" escaped in a key: no file could hold it
        if key in first_seen:
            reason = f"given twice (first on line {first_seen[key]}): this one is ignored"
            result.problems.append(((*path, key), key_line, reason))
            continue
        first_seen[key] = key_line
        result.lines[(*path, key)] = key_line
        value = _plain(value_node, (*path, key), result)
        if value is not _LEFT_OUT and value is not None:  # `key:` with nothing after it means the key is not set
            mapping[key] = value
    return mapping


_LEFT_OUT = object()
LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # YAML's "\ud800" escape makes text no file can hold


def _short_tag(tag: str) -> str:
    """`tag:yaml.org,2002:python/object` as it was written: `!!python/object`."""
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag
