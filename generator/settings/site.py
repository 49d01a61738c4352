"""The site's own settings tables under the plugin in mkdocs.yml: for now the organisation alias table.

```yaml
plugins:
  - portfolio:
      organisations:
        Peking University: [pku, PekingUniversity]   # the name to show: the names sources use for it
        Tessera Lab: tessera-lab                     # one other name needs no list
```

mkdocs.yml is trusted, but a mistake in it still gets one line naming the file, the line and the key: MkDocs
hands the plugin its options without lines, so the file is read again (as nodes, its tags and aliases left
alone) to find them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import SequenceNode

from generator.diagnostics import Diagnostic, error
from generator.model import normalise_name
from generator.settings.validation import SITE_SCHEMA, check, key_path, shown, without
from generator.settings.yaml_lines import YamlError, child, compose, node_lines

PLUGIN_NAME = "portfolio"


class SiteSettingsError(ValueError):
    """mkdocs.yml's portfolio tables hold mistakes: `diagnostics` has one line for each, naming file, line and
    key; `str()` is those lines. A bad option stops the build."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(map(str, diagnostics)))
        self.diagnostics = diagnostics


@dataclass(frozen=True)
class SiteSettings:
    """The site-wide tables: organisation names by any name sources use for them."""

    organisations: dict[str, str] = field(default_factory=dict)  # normalised name or alias -> the name to show

    def organisation(self, name: str) -> str:
        """The name to show for an organisation called `name` in a source (itself when the table has no entry)."""
        return self.organisations.get(normalise_name(name), name)


def load_site_settings(options: dict, config_path: Path | str | None = None) -> SiteSettings:
    """The site settings from the plugin's options (as MkDocs read them from `config_path`); raises
    SiteSettingsError naming file, line and key for each mistake."""
    file = str(config_path) if config_path else "mkdocs.yml"
    lines = _option_lines(config_path)
    prefix = ("plugins", PLUGIN_NAME)
    diagnostics: list[Diagnostic] = []
    data = {key: options[key] for key in ("organisations",) if (options or {}).get(key) is not None}
    if isinstance(data.get("organisations"), dict):  # YAML may have read a name as a number or a date
        for name in [name for name in data["organisations"] if not isinstance(name, str)]:
            diagnostics.append(
                error(
                    file,
                    _line(lines, ("organisations",)),
                    f"{key_path((*prefix, 'organisations'))}: the name {shown(name)} is not text: put it in quotes",
                )
            )
        data["organisations"] = {k: v for k, v in data["organisations"].items() if isinstance(k, str)}
    problems = check(SITE_SCHEMA, data)
    diagnostics += [
        error(file, _line(lines, problem.path), f"{key_path((*prefix, *problem.path))}: {problem.reason}")
        for problem in problems
    ]
    data = without(data, [problem.drop for problem in problems])
    table: dict[str, str] = {}
    first_line: dict[str, tuple] = {}
    for name, aliases in (data.get("organisations") or {}).items():
        listed = [(("organisations", name), name)]
        if isinstance(aliases, str):
            listed.append((("organisations", name), aliases))
        else:
            listed += [
                (("organisations", name, index), alias) for index, alias in enumerate(aliases) if alias is not None
            ]
        for where, alias in listed:
            key = normalise_name(alias)
            if not key:
                diagnostics.append(
                    error(
                        file,
                        _line(lines, where),
                        f"{key_path((*prefix, *where))}: {shown(alias)} has no letters or digits to match by",
                    )
                )
            elif key in table and table[key] != name:
                first = _line(lines, first_line[key])
                diagnostics.append(
                    error(
                        file,
                        _line(lines, where),
                        f"{key_path((*prefix, *where))}: {shown(alias)} is "
                        f"already a name of {table[key]!r}" + (f" (line {first})" if first else ""),
                    )
                )
            else:
                table.setdefault(key, name)
                first_line.setdefault(key, where)
    if diagnostics:
        raise SiteSettingsError(diagnostics)
    return SiteSettings(table)


def _option_lines(config_path: Path | str | None) -> dict[tuple, int]:
    """The line of each key path under the plugin's options in mkdocs.yml (paths start after the plugin's name);
    empty when the file cannot be read or does not hold them (an INHERIT-ed file, say)."""
    if not config_path:
        return {}
    try:
        root = compose(Path(config_path).read_text("utf-8"), refuse_aliases=False)
    except (OSError, UnicodeError, YamlError):
        return {}
    plugins = child(root, "plugins")
    if isinstance(plugins, SequenceNode):  # `- portfolio: {...}` items
        options = next((found for item in plugins.value if (found := child(item, PLUGIN_NAME)) is not None), None)
    else:  # `plugins:` as a mapping
        options = child(plugins, PLUGIN_NAME)
    return node_lines(options, ()) if options is not None else {}


def _line(lines: dict[tuple, int], path: tuple) -> int:
    """The line of `path` or of its nearest ancestor; 0 when mkdocs.yml did not tell."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 0
