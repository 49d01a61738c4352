"""mkdocs.yml made ready for engines that build `portfolio generate`'s pages without our plugin.

Zensical and ProperDocs read `mkdocs.yml`. The pages are already in the `--out` folder, so the copy
leaves out the `portfolio` plugin, names that folder as docs_dir, sets use_directory_urls as the pages'
links were written, writes out the navigation the plugin would set, and drops the Python sort keys of
this package (`generator.tags.newest_first`), which Zensical refuses ("unsupported callable"); with
them goes their `*_sort_reverse`, so listings fall back to the engine's default order (by title).
Everything else, comments aside, is copied as it is, YAML tags such as `!ENV` and `!!python/name:`
included: the file is composed and serialized as YAML nodes, never loaded, so nothing is imported.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from generator import layout
from generator.mkdocs.navigation import navigation
from generator.output.atomic import atomic_write

MARK = "# Written by `portfolio generate --engine-config`"
PLUGIN = "portfolio"
OUR_PYTHON_NAMES = "tag:yaml.org,2002:python/name:generator."


class EngineConfigError(Exception):
    """mkdocs.yml cannot be read or used, or the target file is not ours to replace."""


def engine_config(
    text: str, source: str, docs_dir: str, pages_dir: Path, single_author: bool = False, directory_urls: bool = True
) -> str:
    """The text of the engine-ready copy of the mkdocs.yml `text` (read from `source`)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise EngineConfigError(f"{source}{line}: error: not valid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise EngineConfigError(f"{source}: error: not valid YAML: {exc}") from None
    if not isinstance(root, yaml.MappingNode):
        raise EngineConfigError(f"{source}: error: expected the settings as a mapping (`site_name: ...`)")
    options = _remove_plugin(root, PLUGIN)
    _remove_our_python_names(root)
    _set(root, "docs_dir", docs_dir)
    _set(root, "use_directory_urls", directory_urls)  # the pages' links were written for one or the other
    if _value(root, "nav") is None and options.get("navigation", True) is not False:
        _set(root, "nav", navigation(pages_dir, one_author=single_author, home=layout.HOME))
    header = (
        f"{MARK} from {Path(source).name}, for engines that build the generated pages without the\n"
        f"# portfolio plugin (Zensical, ProperDocs). Edit {Path(source).name}, not this file: the next run replaces it.\n"
    )
    return header + yaml.serialize(root, Dumper=yaml.SafeDumper, allow_unicode=True, width=4096)


def write_engine_config(
    source: Path, target: Path, pages_dir: Path, single_author: bool = False, directory_urls: bool = True
) -> bool:
    """Write the engine-ready copy of `source` to `target` beside it; False when it was already current.

    A `target` that this command did not write is never replaced.
    """
    if source.resolve().parent != target.resolve().parent:
        raise EngineConfigError(
            f"--engine-config {target}: must be in the folder of {source}, "
            "where the relative paths in it (docs_dir, custom_dir, site_dir) point from"
        )
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EngineConfigError(f"{source}: error: cannot read it: {exc}") from None
    docs_dir = Path(os.path.relpath(pages_dir.resolve(), source.resolve().parent)).as_posix()
    wanted = engine_config(text, str(source), docs_dir, pages_dir, single_author, directory_urls)
    try:
        existing = target.read_text(encoding="utf-8") if target.exists() else None
    except (OSError, UnicodeDecodeError) as exc:
        raise EngineConfigError(f"--engine-config {target}: cannot read the file already there: {exc}") from None
    if existing == wanted:
        return False
    if existing is not None and not existing.startswith(MARK):
        raise EngineConfigError(
            f"--engine-config {target}: a file not written by portfolio generate is there; "
            "choose another name (nothing was overwritten)"
        )
    atomic_write(target, wanted.encode("utf-8"))
    return True


def _value(mapping: yaml.MappingNode, key: str):
    return next((value for name, value in mapping.value if _is_scalar(name, key)), None)


def _is_scalar(node, text: str) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.value == text


def _set(mapping: yaml.MappingNode, key: str, data) -> None:
    """Set `key` to the plain data `data`, in place of a value already there or at the end."""
    new_key, new_value = yaml.compose(yaml.safe_dump({key: data}, allow_unicode=True)).value[0]
    for index, (name, _) in enumerate(mapping.value):
        if _is_scalar(name, key):
            mapping.value[index] = (name, new_value)
            return
    mapping.value.append((new_key, new_value))


def _remove_plugin(root: yaml.MappingNode, plugin: str) -> dict:
    """Remove `plugin` from the plugins (a list, or a mapping); returns its options as plain data."""
    plugins = _value(root, "plugins")
    found = None
    if isinstance(plugins, yaml.SequenceNode):
        for item in list(plugins.value):
            if _is_scalar(item, plugin):
                plugins.value.remove(item)
                found = item
            elif isinstance(item, yaml.MappingNode) and len(item.value) == 1 and _is_scalar(item.value[0][0], plugin):
                plugins.value.remove(item)
                found = item.value[0][1]
    elif isinstance(plugins, yaml.MappingNode):
        for pair in list(plugins.value):
            if _is_scalar(pair[0], plugin):
                plugins.value.remove(pair)
                found = pair[1]
    if not isinstance(found, yaml.MappingNode):
        return {}
    try:  # the plugin's own options carry no Python tags: plain data
        options = yaml.safe_load(yaml.serialize(found, Dumper=yaml.SafeDumper))
    except yaml.YAMLError:
        return {}
    return options if isinstance(options, dict) else {}


def _remove_our_python_names(node) -> None:
    """Remove every setting whose value names a Python object of this package, with its `*_sort_reverse`."""
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _remove_our_python_names(item)
    elif isinstance(node, yaml.MappingNode):
        ours = {
            name.value
            for name, value in node.value
            if isinstance(name, yaml.ScalarNode) and value.tag.startswith(OUR_PYTHON_NAMES)
        }
        partners = {key.removesuffix("_by") + "_reverse" for key in ours if key.endswith("_sort_by")}
        node.value = [
            (name, value)
            for name, value in node.value
            if not (isinstance(name, yaml.ScalarNode) and name.value in ours | partners)
        ]
        for _, value in node.value:
            _remove_our_python_names(value)
