"""The package's shape: the pipeline's stages never import the optional layers, no import cycles, a thin plugin,
one module for MkDocs' private parts and one for the environment."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "generator"
# The pipeline (read -> model -> index -> render -> exports -> output) and what it shares. It runs without
# MkDocs and without the speed-ups: they are layers on top of it.
CORE = (
    "generator.readers",
    "generator.settings",
    "generator.search",
    "generator.model",
    "generator.index",
    "generator.insights",
    "generator.layout",
    "generator.render",
    "generator.exports",
    "generator.output",
    "generator.pipeline",
    "generator.diagnostics",
    "generator.progress",
    "generator.timing",
    "generator.environment",
    "generator.markup",
    "generator.latex",
    "generator.texmath",
)
OPTIONAL = ("generator.incremental", "generator.mkdocs")
ENGINE = ("mkdocs", "material")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str) -> set[str]:
    """Every module `name` imports, at the top or inside a function, resolved to a module of ours when it is one."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            for alias in node.names:  # `from generator import cli` imports the module generator.cli
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return found


def _within(name: str, prefixes) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def test_the_pipeline_never_imports_the_speed_ups_mkdocs_or_material():
    offences = [
        (module, imported)
        for module in MODULES
        if _within(module, CORE)
        for imported in _imports(module)
        if _within(imported, OPTIONAL + ENGINE)
    ]
    assert offences == [], "core modules importing optional layers or the site engine"


def test_there_is_no_import_cycle():
    graph = {module: {i for i in _imports(module) if i in MODULES and i != module} for module in MODULES}
    # Tarjan's strongly connected components: any component of more than one module is a cycle.
    index, low, stack, on_stack, cycles, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    assert cycles == []


def test_the_plugin_only_routes_events():
    lines = (PACKAGE / "mkdocs" / "plugin.py").read_text("utf-8").splitlines()
    assert len(lines) <= 250


@pytest.mark.parametrize(
    "needle",
    [
        "_title_from_render",
        "content_string.fget",
        "content_bytes.fget",
        "env.loader",
        "present_anchor_ids",
        "links_to_anchors",
        "tags_name_variable",
    ],
)
def test_private_parts_of_mkdocs_and_material_are_touched_in_one_module(needle):
    users = sorted(name for name, path in MODULES.items() if needle in path.read_text("utf-8"))
    assert users == ["generator.mkdocs.internals"], needle


def test_only_one_module_reads_the_environment():
    readers = sorted(
        name
        for name, path in MODULES.items()
        if any(word in path.read_text("utf-8") for word in ("os.environ", "os.getenv"))
    )
    assert readers == ["generator.environment"]


def test_the_folders_show_the_pipeline():
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    assert folders == [
        "exports",
        "incremental",
        "insights",
        "mkdocs",
        "model",
        "output",
        "readers",
        "render",
        "search",
        "settings",
    ]
