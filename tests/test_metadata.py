"""Page metadata in the built HTML: Google Scholar tags, JSON-LD, Open Graph, feed links, the Cite panel, sitemap."""

from __future__ import annotations

import json
import re
import shutil
from functools import cache
from pathlib import Path
from posixpath import normpath
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from generator.latex import plain_latex
from tests.conftest import FIXTURES, ROOT, SOURCES, run_portfolio
from tests.test_exports import parse_json

pytestmark = pytest.mark.slow

SITE_NAME = "Research portfolio"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@cache
def soup(path: Path) -> BeautifulSoup:
    """A built page, parsed once per test session (the tests only read it)."""
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def meta(page: BeautifulSoup, key: str) -> list[str]:
    """The contents of every <meta name=key> or <meta property=key>, in order."""
    return [tag["content"] for tag in page.find_all("meta") if key in (tag.get("name"), tag.get("property"))]


def json_ld(page: BeautifulSoup) -> list[dict]:
    return [json.loads(script.string) for script in page.find_all("script", type="application/ld+json")]


def page_file(site: Path, page_path: Path, href: str) -> Path:
    """The file a relative link on a built page points to."""
    base = "/" + page_path.relative_to(site).as_posix()
    target = urlsplit(urljoin(base, href)).path
    path = site / normpath(target).lstrip("/")
    return path / "index.html" if target.endswith("/") else path


@pytest.fixture(scope="module")
def seeds_data(seeds) -> dict:
    return parse_json([seeds])


def generated_pages(site: Path) -> list[Path]:
    """The HTML pages the generator made (hand-written docs pages carry no `portfolio` metadata)."""
    return [p for p in sorted(site.rglob("index.html")) if "search" not in p.parts and p.parent.name != "about"]


def test_paper_pages_carry_scholar_tags_matching_the_paper(seeds_site, seeds_data):
    for paper in seeds_data["papers"]:
        page = soup(seeds_site / "papers" / paper["id"] / "index.html")
        assert meta(page, "citation_title") == [paper["title"]]
        assert meta(page, "citation_author") == (paper["authors"] or [])
        assert meta(page, "citation_publication_date") == ([paper["date"].replace("-", "/")] if paper["date"] else [])
        abstract = " ".join(plain_latex(paper["abstract"]).split()) if paper["abstract"] else None
        assert meta(page, "citation_abstract") == ([abstract] if abstract else [])
        if paper["abstract"] and "$" not in paper["abstract"]:
            assert meta(page, "citation_abstract") == [" ".join(paper["abstract"].split())]


def test_every_page_has_open_graph_and_twitter_tags(seeds_site, seeds_data):
    papers = {p["id"]: p for p in seeds_data["papers"]}
    pages = generated_pages(seeds_site)
    assert len(pages) > 150
    for path in pages:
        page = soup(path)
        title = meta(page, "og:title")
        assert len(title) == 1 and title[0] and meta(page, "twitter:title") == title
        assert meta(page, "og:site_name") == [SITE_NAME]
        assert meta(page, "twitter:card") == ["summary"]
        assert len(meta(page, "og:description")) == 1 and meta(page, "twitter:description") == meta(
            page, "og:description"
        )
        kind = path.relative_to(seeds_site).parts[0]
        if kind == "papers" and path.parent.name in papers:
            paper = papers[path.parent.name]
            assert title == [paper["title"]] and meta(page, "og:type") == ["article"]
            description = meta(page, "og:description")[0].rstrip("…")
            assert " ".join(paper["abstract"].replace("\\$", "$").split()).startswith(description)


def test_every_generated_page_has_json_ld_naming_its_type_and_authors(seeds_site, seeds_data):
    papers = {p["id"]: p for p in seeds_data["papers"]}
    authors = {a["slug"]: a for a in seeds_data["authors"]}
    kinds = set()
    for path in generated_pages(seeds_site):
        [data] = json_ld(soup(path))
        assert data["@context"] == "https://schema.org"
        parts = path.relative_to(seeds_site).parts
        if parts[0] == "papers" and parts[1] in papers:
            paper = papers[parts[1]]
            assert data["@type"] == "ScholarlyArticle" and data["name"] == paper["title"]
            assert [a["name"] for a in data.get("author", [])] == (paper["authors"] or [])
            assert all(a["@type"] == "Person" for a in data.get("author", []))
            assert data.get("datePublished") == paper["date"]
            if paper["category"]:
                assert data["about"]["@type"] == "Thing" and data["about"]["name"]
        elif parts[0] == "authors" and parts[1] in authors:
            author = authors[parts[1]]
            assert data["@type"] == "Person" and data["name"] == author["name"]
            works = data["@reverse"]["author"]
            assert sorted(w["name"] for w in works) == sorted(papers[pid]["title"] for pid in author["papers"])
            for work in works:  # each work links to its paper page
                assert page_file(seeds_site, path, work["url"]).is_file()
        elif parts == ("index.html",):
            assert data["@type"] == "WebSite" and data["name"] == SITE_NAME
        else:
            assert data["@type"] == "CollectionPage"
        kinds.add(data["@type"])
    assert kinds == {"ScholarlyArticle", "Person", "WebSite", "CollectionPage"}


def test_feeds_are_linked_from_every_head(seeds_site, seeds_data):
    for path in generated_pages(seeds_site):
        links = soup(path).head.find_all("link", rel="alternate", type="application/atom+xml")
        targets = [page_file(seeds_site, path, link["href"]) for link in links]
        assert targets[0] == seeds_site / "feed.xml"
        assert all(target.is_file() for target in targets)
        # Material fetches sitemap.xml beside every rel=alternate link (it expects language versions).
        assert all((target.parent / "sitemap.xml").is_file() for target in targets)
        parts = path.relative_to(seeds_site).parts
        if parts[0] == "authors" and len(parts) == 3:
            assert targets[1:] == [seeds_site / f"feeds/{parts[1]}.xml"]
        else:
            assert len(targets) == 1


def test_cite_panel_offers_three_formats_matching_the_downloads(seeds_site, seeds_data):
    for paper in seeds_data["papers"]:
        path = seeds_site / "papers" / paper["id"] / "index.html"
        panel = soup(path).select_one("article .pf-cite")
        blocks = {
            name: panel.select_one(f"pre.{name} > code").get_text()
            for name in ("pf-cite__plain", "pf-bibtex", "pf-ris")
        }
        downloads = {Path(a["href"]).suffix: a for a in panel.select("a.pf-download")}
        assert set(downloads) == {".bib", ".ris"}
        assert page_file(seeds_site, path, downloads[".bib"]["href"]).read_text("utf-8") == blocks["pf-bibtex"]
        assert page_file(seeds_site, path, downloads[".ris"]["href"]).read_text("utf-8") == blocks["pf-ris"]
        key = re.match(r"@misc\{(\w+),", blocks["pf-bibtex"])[1]
        assert downloads[".bib"]["download"] == f"{key}.bib" and downloads[".ris"]["download"] == f"{key}.ris"
        plain = blocks["pf-cite__plain"]
        assert " ".join(plain_latex(paper["title"]).split()) in plain
        assert f"({paper['date'][:4]})" in plain if paper["date"] else "(n.d.)" in plain
    mkdocs = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "content.code.copy" in mkdocs  # Material puts a copy button on every `pre > code` block


def test_author_pages_offer_the_whole_bibliography(seeds_site, seeds_data):
    for author in seeds_data["authors"]:
        path = seeds_site / "authors" / author["slug"] / "index.html"
        links = soup(path).select("article .pf-card__exports a.pf-download")
        targets = [page_file(seeds_site, path, a["href"]) for a in links]
        assert [t.relative_to(seeds_site).as_posix() for t in targets] == [
            f"authors/{author['slug']}.bib",
            f"authors/{author['slug']}.ris",
            f"api/authors/{author['slug']}.csl.json",
            f"api/authors/{author['slug']}.json",
            f"feeds/{author['slug']}.xml",
            f"authors/{author['slug']}/cv/index.html",
            f"api/authors/{author['slug']}.resume.json",
        ]
        assert all(t.is_file() for t in targets)
        assert targets[0].read_text("utf-8").count("@misc{") == len(author["papers"])


def test_sitemap_lists_every_page_with_its_date(seeds_site, seeds_data):
    tree = ElementTree.parse(seeds_site / "sitemap.xml")
    urls = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in tree.getroot()}
    pages = [p for p in sorted(seeds_site.rglob("index.html")) if "search" not in p.parts]
    locations = {"./" if p.parent == seeds_site else p.parent.relative_to(seeds_site).as_posix() + "/" for p in pages}
    assert set(urls) == locations
    for paper in seeds_data["papers"]:
        assert urls[f"papers/{paper['id']}/"] == paper["date"]
    newest = max(p["date"] for p in seeds_data["papers"] if p["date"])
    assert urls["./"] == newest
    robots = (seeds_site / "robots.txt").read_text("utf-8")
    assert robots == "User-agent: *\nAllow: /\n"  # no site_url in the repository's mkdocs.yml: no absolute sitemap URL


@pytest.fixture(scope="module")
def absolute_site(tmp_path_factory) -> Path:
    """Our fixture portfolio built with site_url set, as on GitHub Pages."""
    root = tmp_path_factory.mktemp("absolute")
    (root / "profiles").mkdir()
    for name in ("profile_basic.txt", "profile_coauthor.txt", "feed_basic.txt"):
        shutil.copy(SOURCES / name, root / "profiles" / name)
    (root / "docs").mkdir()
    shutil.copytree(ROOT / "theme_overrides", root / "theme_overrides")
    config = "site_url: https://example.github.io/portfolio/\n" + (ROOT / "mkdocs.yml").read_text("utf-8")
    (root / "mkdocs.yml").write_text(config, "utf-8")
    run_portfolio("build", "--as-of", "2026-11-22", cwd=root)
    return root / "site"


def test_with_site_url_metadata_is_absolute(absolute_site):
    base = "https://example.github.io/portfolio/"
    paper = soup(absolute_site / "papers/lattice-parsing-with-mathcal-o-n-2-memory/index.html")
    url = f"{base}papers/lattice-parsing-with-mathcal-o-n-2-memory/"
    assert meta(paper, "og:url") == [url] and meta(paper, "citation_abstract_html_url") == [url]
    [data] = json_ld(paper)
    assert data["url"] == url
    assert data["author"][0] == {
        "@type": "Person",
        "name": "Mira Okonkwo-Hale",
        "url": f"{base}authors/mira-okonkwo-hale/",
    }
    assert url in paper.select_one("pre.pf-cite__plain code").get_text()
    tree = ElementTree.parse(absolute_site / "sitemap.xml")
    assert all(u.findtext(f"{SITEMAP}loc").startswith(base) for u in tree.getroot())
    assert f"Sitemap: {base}sitemap.xml" in (absolute_site / "robots.txt").read_text("utf-8")


def test_hostile_text_cannot_leave_its_tag_or_script(tmp_path):
    site = tmp_path / "site"
    run_portfolio("build", "--as-of", "2026-11-22", "-d", site, FIXTURES / "hostile")
    data = parse_json([FIXTURES / "hostile"])
    eve = next(a for a in data["authors"] if "</script>" in a["name"])
    author_page = site / "authors" / eve["slug"] / "index.html"
    raw = author_page.read_text("utf-8")
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', raw, re.DOTALL)[1]
    assert "<" not in script and ">" not in script  # escaped as \u003c / \u003e: no text can end the script
    [person] = json_ld(soup(author_page))
    assert person["name"] == eve["name"]
    for paper in data["papers"]:
        page = soup(site / "papers" / paper["id"] / "index.html")
        assert meta(page, "citation_title") == [paper["title"]]
        assert meta(page, "citation_author") == (paper["authors"] or [])
        [article] = json_ld(page)
        assert article["name"] == paper["title"]
        head_scripts = page.head.find_all("script")
        assert all(s.get("type") == "application/ld+json" or "pwned" not in (s.string or "") for s in head_scripts)
