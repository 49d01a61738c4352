"""Other engines that read mkdocs.yml: ProperDocs and Zensical build the generated pages and our theme.

`portfolio generate --out docs --engine-config engine.yml` writes the pages and a copy of mkdocs.yml
without our plugin; each engine builds the seeds from them, and the built HTML is read with an HTML
parser and compared with the model (`portfolio parse --json`) and with the MkDocs build of the seeds.
ProperDocs also runs our plugin from mkdocs.yml as it is, and then builds what MkDocs builds.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.mkdocs.engine_config import MARK, EngineConfigError, engine_config
from tests.conftest import FIXTURES, ROOT, SEEDS, run_portfolio
from tests.engines import ENGINES, build_with, engine_command, engine_site, generated_project
from tests.hostile_corpus import MARKER

AUTHOR = "deqing-fu"
PAPER = "fone-precise-single-token-number-embeddings-via-fourier-features"
CATEGORY = "topics/categories/machine-learning-cs-lg/"
BASIC = FIXTURES / "sources" / "profile_basic.txt"
GENERATOR_META = re.compile(rb'<meta name="generator" content="[^"]*">')


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def content(page: BeautifulSoup):
    return page.select_one("article.md-content__inner")


def meta(page: BeautifulSoup, name: str) -> list[str]:
    """The content of every <meta name=NAME> or <meta property=NAME>, in order."""
    return [tag["content"] for tag in page.find_all("meta") if name in (tag.get("name"), tag.get("property"))]


def pages(site: Path) -> set[str]:
    """The URL of every page of a built site, relative to its root ("" for the home page)."""
    folders = (path.parent.relative_to(site).as_posix() for path in site.rglob("index.html"))
    return {"" if folder == "." else f"{folder}/" for folder in folders}


def resolves(site: Path, page_url: str, href: str) -> bool:
    """Whether the site-local link `href` on the page at `page_url` leads to a file of the site."""
    target = urlsplit(urljoin(f"http://site/{page_url}", href))
    assert target.netloc == "site", href
    path = site / target.path.lstrip("/")
    return (path / "index.html").is_file() if target.path.endswith("/") else path.is_file()


# --- The engine-ready copy of mkdocs.yml --------------------------------------------------------------------


class TaggedLoader(yaml.SafeLoader):
    """Reads YAML with tags such as `!ENV` and `!!python/name:` as ("tag", value), importing nothing."""


TaggedLoader.add_multi_constructor(
    "",
    lambda loader, tag, node: (
        tag,
        loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node),
    ),
)
TaggedLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, tag, node: (tag, node.value))

SETTINGS = """\
site_name: Lab
site_url: !ENV [SITE_URL, "https://example.org/lab/"]
docs_dir: docs
theme:
  name: material
  custom_dir: theme_overrides
plugins:
  - search
  - tags:
      listings_sort_by: !!python/name:generator.tags.newest_first
      listings_sort_reverse: true
      tags_sort_reverse: true
  - portfolio:
      profiles: profiles
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
"""


def test_engine_config_leaves_out_our_plugin_and_sort_key_and_keeps_the_rest(tmp_path):
    (tmp_path / "about.md").write_text("# About\n", "utf-8")
    text = engine_config(SETTINGS, "mkdocs.yml", "generated", tmp_path)
    assert text.startswith(MARK)
    settings = yaml.load(text, Loader=TaggedLoader)
    assert settings["plugins"] == ["search", {"tags": {"tags_sort_reverse": True}}]
    assert settings["site_url"] == ("!ENV", ["SITE_URL", "https://example.org/lab/"])
    assert settings["markdown_extensions"][0]["pymdownx.emoji"]["emoji_index"] == (
        "tag:yaml.org,2002:python/name:material.extensions.emoji.twemoji",
        "",
    )
    assert settings["theme"] == {"name": "material", "custom_dir": "theme_overrides"}
    assert settings["docs_dir"] == "generated" and settings["use_directory_urls"] is True
    assert settings["nav"] == [
        {"Home": "index.md"},
        {"Authors": "authors/index.md"},
        {"Papers": "papers/index.md"},
        {"Topics": "topics/index.md"},
        {"Collections": "collections/index.md"},
        "about.md",
    ]


def test_engine_config_keeps_a_hand_written_nav_and_the_plugin_s_navigation_choice(tmp_path):
    mapping_form = "site_name: Lab\nplugins:\n  search: {}\n  portfolio:\n    navigation: false\n"
    settings = yaml.safe_load(engine_config(mapping_form, "mkdocs.yml", "docs", tmp_path, directory_urls=False))
    assert settings["plugins"] == {"search": {}} and "nav" not in settings
    assert settings["use_directory_urls"] is False
    written_nav = "site_name: Lab\nnav:\n  - Start: index.md\nplugins:\n  - portfolio\n"
    settings = yaml.safe_load(engine_config(written_nav, "mkdocs.yml", "docs", tmp_path))
    assert settings["nav"] == [{"Start": "index.md"}] and "plugins" in settings and settings["plugins"] == []
    personal = yaml.safe_load(engine_config("site_name: Me\n", "mkdocs.yml", "docs", tmp_path, single_author=True))
    assert "Authors" not in {title for item in personal["nav"] for title in item}


def test_engine_config_names_the_line_of_a_yaml_mistake(tmp_path):
    with pytest.raises(EngineConfigError, match=r"^site/mkdocs\.yml:3: error: not valid YAML: mapping values"):
        engine_config("site_name: Lab\ntheme: material\nsite_url: https: //x\n", "site/mkdocs.yml", "docs", tmp_path)


def test_generate_never_overwrites_a_file_it_did_not_write(tmp_path):
    project = tmp_path / "site"
    project.mkdir()
    (project / "mkdocs.yml").write_text(SETTINGS, "utf-8")
    (project / "zensical.yml").write_text("site_name: my own\n", "utf-8")
    refused = run_portfolio(
        "generate", "--out", "docs", "--engine-config", "zensical.yml", BASIC, cwd=project, check=False
    )
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines()[-1].startswith("portfolio: error: --engine-config zensical.yml: ")
    assert (project / "zensical.yml").read_text("utf-8") == "site_name: my own\n"
    assert not (project / "docs").exists()
    elsewhere = run_portfolio(
        "generate", "--out", "docs", "--engine-config", tmp_path / "engine.yml", BASIC, cwd=project, check=False
    )
    assert elsewhere.returncode == 2 and "must be in the folder of mkdocs.yml" in elsewhere.stderr
    first = run_portfolio("generate", "--out", "docs", "--engine-config", "engine.yml", BASIC, cwd=project)
    again = run_portfolio("generate", "--out", "docs", "--engine-config", "engine.yml", BASIC, cwd=project)
    assert "engine.yml: written" in first.stderr and "engine.yml: unchanged" in again.stderr


# --- The seeds, built by each engine -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated(seeds, tmp_path_factory) -> Path:
    """The seeds generated once into a project folder, with its engine.yml."""
    return generated_project(tmp_path_factory.mktemp("engines") / "generated", seeds)


@pytest.fixture(scope="module", params=ENGINES)
def built(request, generated, tmp_path_factory) -> tuple[str, Path]:
    """(engine, site folder): the generated seeds built by each engine."""
    return request.param, engine_site(request.param, generated, tmp_path_factory.mktemp(request.param) / "project")


@pytest.fixture(scope="module")
def model(seeds) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "parse", "--json", "--as-of", "2026-11-22", str(seeds)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.mark.slow
def test_every_page_is_built(built, generated, seeds_site):
    engine, site = built
    markdown = [
        path.relative_to(generated / "docs").with_suffix("").as_posix() for path in (generated / "docs").rglob("*.md")
    ]
    expected = {page.removesuffix("index") if page.endswith("index") else f"{page}/" for page in markdown}
    assert pages(site) == expected == pages(seeds_site), engine
    assert len(expected) > 190 and (site / "404.html").is_file()


@pytest.mark.slow
def test_author_page(built, model):
    engine, site = built
    author = next(a for a in model["authors"] if a["slug"] == AUTHOR)
    url = f"authors/{AUTHOR}/"
    page = soup(site / url / "index.html")
    assert page.title.get_text() == f"{author['name']} - Research portfolio", engine
    body = content(page)
    assert body.h1.get_text(strip=True) == author["name"]
    links = [item.select_one("a[href]")["href"] for item in body.select("li.pf-paper")]
    assert len(links) == author["paper_count"] == len(author["papers"])
    assert {urlsplit(urljoin(f"http://site/{url}", href)).path.split("/")[-2] for href in links} == set(
        author["papers"]
    )
    assert all(resolves(site, url, href) for href in links)
    assert meta(page, "og:type") == ["profile"] and meta(page, "og:title") == [author["name"]]
    feeds = [link["href"] for link in page.find_all("link", rel="alternate", type="application/atom+xml")]
    assert len(feeds) == 2 and all(resolves(site, url, href) for href in feeds)
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "Person" and data["name"] == author["name"] and len(data["@reverse"]["author"]) == 18


@pytest.mark.slow
def test_paper_page(built, model, seeds_site):
    engine, site = built
    paper = next(p for p in model["papers"] if p["id"] == PAPER)
    url = f"papers/{PAPER}/"
    page, reference = soup(site / url / "index.html"), soup(seeds_site / url / "index.html")
    assert page.title.get_text() == f"{paper['title']} - Research portfolio", engine
    body = content(page)
    assert body.h1.get_text(strip=True) == paper["title"]
    byline = body.select_one(".pf-authors").get_text(" ", strip=True)
    assert all(name in byline for name in paper["authors"])
    profile = body.select_one(".pf-authors a.pf-profiled")
    assert profile.get_text() == "Deqing Fu" and resolves(site, url, profile["href"])
    abstract = body.select_one(".pf-abstract-text").get_text(" ", strip=True)
    assert abstract.startswith(paper["abstract"][:200])
    assert abstract == content(reference).select_one(".pf-abstract-text").get_text(" ", strip=True)
    # Metadata from our theme override, under every engine.
    assert meta(page, "citation_title") == [paper["title"]] and meta(page, "citation_author") == paper["authors"]
    assert meta(page, "citation_publication_date") == [paper["date"].replace("-", "/")]
    assert meta(page, "citation_abstract") == meta(reference, "citation_abstract") != []
    assert meta(page, "og:type") == ["article"]
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "ScholarlyArticle" and data["name"] == paper["title"]


@pytest.mark.slow
def test_sitemap_lists_every_page_with_its_date(built):
    engine, site = built
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = ElementTree.parse(site / "sitemap.xml").getroot().findall("s:url", namespace)
    locations = {
        url.findtext("s:loc", namespaces=namespace): url.findtext("s:lastmod", namespaces=namespace) for url in urls
    }
    assert set(locations) == {page or "./" for page in pages(site)}, engine
    assert locations[f"papers/{PAPER}/"] == "2025-02-13"


@pytest.mark.slow
def test_search_box_is_the_one_the_engine_s_script_drives(built):
    engine, site = built
    header = soup(site / "index.html").select_one(".md-search")
    if engine == "zensical":  # Zensical's own search button; our box would sit in its header unstyled
        assert header["aria-label"] == "Search" and header["role"] == "dialog"
        assert header.select("button.md-search__button") and not header.select("input")
    else:  # ProperDocs runs our plugin: the portfolio's own search box over its Pagefind index
        assert "pf-search" in header["class"] and header.select("input.md-search__input[role=combobox]")
        assert not header.select("button.md-search__button")


@pytest.mark.slow
def test_topic_listings_hold_the_same_papers_newest_first(built, seeds_site):
    """Topic pages are the generated listings themselves: every engine shows the papers MkDocs shows, in its order."""
    engine, site = built

    def listed(root: Path) -> list[str]:
        return [a.get_text() for a in content(soup(root / CATEGORY / "index.html")).select(".pf-paper__title")]

    titles = listed(site)
    assert titles == listed(seeds_site) and len(titles) > 10, engine


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
def test_untrusted_text_stays_text(engine, tmp_path):
    site = engine_site(engine, generated_project(tmp_path / "generated", FIXTURES / "hostile"), tmp_path / engine)
    checked = 0
    for path in site.rglob("*.html"):
        page = soup(path)
        assert [tag.name for tag in page.head.title.find_all(True)] == [], path
        for tag in page.find_all(True):
            assert not [name for name in tag.attrs if name.startswith("on") or MARKER in name], (path, tag.name)
            for name in ("href", "src", "action"):
                assert not str(tag.get(name, "")).strip().lower().startswith(("javascript:", "data:text")), (path, tag)
            if tag.name == "script" and tag.string and MARKER in tag.string:
                assert tag.get("type") == "application/ld+json", path
                json.loads(tag.string)
        checked += 1
    assert checked > 50


@pytest.mark.slow
def test_properdocs_runs_our_plugin_and_builds_what_mkdocs_builds(seeds_site, tmp_path):
    """mkdocs.yml as it is, plugin and sort key included: only the generator <meta> differs."""
    engine_command("properdocs")
    site = tmp_path / "site"
    build_with(
        "properdocs",
        ROOT,
        config="mkdocs.yml",
        args=("-d", str(site)),
        env={"PORTFOLIO_AS_OF": "2026-11-22", "PORTFOLIO_PROFILES": str(SEEDS.resolve())},
    )

    def files(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and ".portfolio" not in p.name}

    assert files(site) == files(seeds_site)
    different = [name for name in sorted(files(site)) if (site / name).read_bytes() != (seeds_site / name).read_bytes()]
    assert different, "ProperDocs names itself in the generator <meta>"
    for name in different:
        ours, reference = (GENERATOR_META.sub(b"", (root / name).read_bytes()) for root in (site, seeds_site))
        assert ours == reference, name
        assert b"ProperDocs" in GENERATOR_META.search((site / name).read_bytes()).group(), name
