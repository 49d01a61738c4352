"""Each private or undocumented part of MkDocs and Material that generator/mkdocs/internals.py relies on, checked
against the installed versions: when an upgrade changes one, the test that fails names it."""

from __future__ import annotations

import inspect
import logging

import jinja2
import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from generator.mkdocs import internals
from generator.mkdocs.files import GeneratedFile


def _config(tmp_path) -> MkDocsConfig:
    config = MkDocsConfig()
    config.load_dict(
        {
            "site_name": "x",
            "docs_dir": str(tmp_path / "docs"),
            "site_dir": str(tmp_path / "site"),
            "theme": {"name": "material"},
        }
    )
    (tmp_path / "docs").mkdir(exist_ok=True)
    errors, _ = config.validate()
    assert not errors
    return config


def _file(config, path: str, text: str) -> File:
    file = File(path, src_dir=None, dest_dir=config.site_dir, use_directory_urls=True)
    file.content_string = text
    return file


def test_file_text_is_a_property_with_accessors_a_subclass_can_reach(tmp_path):
    for name in ("content_string", "content_bytes"):
        accessor = getattr(File, name, None)
        assert isinstance(accessor, property) and accessor.fget and accessor.fset, (
            f"mkdocs.structure.files.File.{name} is no longer a property with a getter and setter: "
            "update internals.file_text/set_file_text and GeneratedFile"
        )
    file = GeneratedFile("a.md", src_dir=None, dest_dir=str(tmp_path / "site"), use_directory_urls=True)
    file.lazy_text = lambda path: f"text of {path}"
    assert file.content_string == "text of a.md" and internals.file_bytes(file) == b"text of a.md"


def test_page_render_sets_the_attributes_a_prerendered_page_sets_itself(tmp_path):
    config = _config(tmp_path)
    file = _file(config, "a.md", '# Heading\n\n<p id="x">text</p>\n')
    page = Page(None, file, config)
    page.read_source(config)
    page.render(config, [file])
    for name in ("_title_from_render", "present_anchor_ids", "links_to_anchors", "toc", "content"):
        assert hasattr(page, name), f"mkdocs Page.render no longer sets {name}: update internals.set_rendered"
    assert page._title_from_render == "Heading", "Page's title no longer falls back to _title_from_render"
    assert "x" in page.present_anchor_ids, "Page.present_anchor_ids no longer holds the ids of raw HTML"
    other = Page(None, _file(config, "b.md", "x"), config)
    internals.set_rendered(other, "<p>body</p>", {"y"})
    assert other.content == "<p>body</p>" and other.present_anchor_ids == {"y"} and other.title is None


def test_a_template_of_our_own_is_found_in_the_themes_environment(tmp_path):
    env = _config(tmp_path).theme.get_env()
    assert isinstance(env, jinja2.Environment) and env.loader is not None
    internals.add_template(env, "portfolio/test.html", "ours")
    assert env.get_template("portfolio/test.html").render() == "ours"
    assert env.get_template("main.html")  # the theme's own templates are still found


def test_the_tags_plugin_names_its_context_variable():
    from material.plugins.tags.plugin import TagsPlugin

    plugin = TagsPlugin()
    plugin.load_config({})
    assert internals.tags_variable({"tags": plugin}) == "tags", "tags_name_variable moved in Material's tags plugin"


def test_mkdocs_still_warns_about_dirty_builds_in_the_words_we_filter(caplog):
    from mkdocs.commands import build

    assert internals.DIRTY_BUILD_WARNING in inspect.getsource(build), "MkDocs' dirty-build warning changed"
    internals.quiet_dirty_build_warning()
    with caplog.at_level(logging.INFO, logger="mkdocs.commands.build"):
        logging.getLogger("mkdocs.commands.build").warning(internals.DIRTY_BUILD_WARNING + " ...")
    assert not caplog.records


@pytest.mark.parametrize("name", ["clean_directory", "get_build_date"])
def test_the_mkdocs_utilities_we_call_exist(name):
    import mkdocs.utils

    assert callable(getattr(mkdocs.utils, name, None)), f"mkdocs.utils.{name} is gone"
