"""The hostile corpus through a whole build: nothing in it becomes markup, a URL, a path or a file read.

One build of tests/fixtures/sources gives the vocabulary the site may use (elements, attributes); the
build of the hostile corpus must stay inside it, carry no event handler, no script or style from the
input and no URL with another scheme, and still show every title, name and abstract as the text it was.
"""

from __future__ import annotations

import copy
import functools
import gzip
import html
import json
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.exports.data import portfolio_data
from generator.markup import _MATHML_ATTRIBUTES, _MATHML_TAGS, rich_text
from generator.output.pages_folder import MANIFEST
from generator.pipeline import load_portfolio
from generator.readers import read_text
from generator.readers.text import decode
from generator.render.site import AUTHOR_PAGE_PAPERS
from generator.search import readable
from tests.conftest import AS_OF, SOURCES, run_portfolio
from tests.hostile_corpus import CANARY, HUGE_BYTES, HUGE_PAPERS, MARKER, huge_profile, long_author_line, write_corpus
from tests.projects import build, make_project, tree_hashes, write_prolific_profile
from tests.test_search_build import fragments as search_fragments

pytestmark = pytest.mark.slow

SAFE_SCHEMES = {"", "http", "https", "mailto"}
URL_ATTRIBUTES = {
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "data",
    "poster",
    "cite",
    "background",
    "xlink:href",
    "longdesc",
    "manifest",
    "ping",
    "icon",
    "codebase",
    "usemap",
    "dynsrc",
    "lowsrc",
}
# Attributes whose value is shown or read as text: input may appear there, as text.
# (`data-sort`: the lab table's sort key, read by sortable-table.js with getAttribute and only compared.)
TEXT_ATTRIBUTES = {"content", "title", "aria-label", "alt", "label", "data-sort"}
# Attributes that may carry a slug made from input: only slug characters then.
NAME_ATTRIBUTES = {
    "id",
    "class",
    "for",
    "name",
    "download",
    "data-md-component",
    "data-md-state",
    "aria-labelledby",
    "data-key",  # a co-author's node in the network: their name, normalised (letters, digits, spaces)
}
SLUG_SAFE = re.compile(r"^[A-Za-z0-9._~/#%?=&+:-]*$")
NAME_SAFE = re.compile(r"^[A-Za-z0-9._ -]*$")
# An SVG paint may name a pattern of the page by its id (made from a slug): `url(#pf-<slug>-output-fill-0)`.
PAINT_SAFE = re.compile(r"^url\(#[A-Za-z0-9._-]+\)$")


@dataclass
class Site:
    """A finished build: its folders, what the command said, and the model of its sources."""

    base: Path
    project: Path
    site: Path
    code: int
    stderr: str
    opened: list[str]
    model: dict
    before: dict[str, str]


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, set]:
    """Elements and attributes a site of ordinary sources uses (plus the MathML our sanitiser writes)."""
    project = make_project(tmp_path_factory.mktemp("reference") / "project", sorted(SOURCES.iterdir()))
    write_prolific_profile(project / "profiles")  # so that the reference has listings split into pages too
    build(project)
    pages = vocabulary(html_pages(project / "site"))
    pages["tags"] |= _MATHML_TAGS
    pages["attributes"] |= {(tag, attribute) for tag in _MATHML_TAGS for attribute in _MATHML_ATTRIBUTES}
    return {**pages, "nav": nav_labels(project / "site")}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Site:
    """The hostile corpus built once, with canary secrets beside and outside the project."""
    base = tmp_path_factory.mktemp("hostile")
    outside = base / "outside"
    outside.mkdir()
    project = make_project(base / "project")
    write_corpus(project / "profiles", outside)
    for folder in (outside, project, project / "docs"):
        (folder / ".env").write_text(f"SECRET={CANARY}\n", "utf-8")
    before = tree_hashes(base)
    code, stderr, opened = build(project)
    model = portfolio_data(load_portfolio([project / "profiles"], AS_OF))
    return Site(base, project, project / "site", code, stderr, opened, model, before)


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@functools.cache
def soup(path: Path) -> BeautifulSoup:
    """A parsed page, parsed once per session (callers must not change it)."""
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def vocabulary(pages: list[Path]) -> dict[str, set]:
    tags, attributes = set(), set()
    for path in pages:
        for tag in soup(path).find_all(True):
            tags.add(tag.name)
            attributes |= {(tag.name, name) for name in tag.attrs}
    return {"tags": tags, "attributes": attributes}


def nav_labels(site: Path) -> set[str]:
    labels = set()
    for path in html_pages(site):
        for link in soup(path).select("nav.md-nav--primary a.md-nav__link, nav.md-tabs a"):
            labels.add(" ".join(link.get_text(" ").split()))
    return labels


def scheme(url: str) -> str:
    """The scheme a browser would see: entities decoded, and the spaces and controls it ignores removed."""
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(url))
    return urlsplit(cleaned).scheme.lower() if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", cleaned) else ""


EXTERNAL_SAFE = re.compile(r"^https?://[A-Za-z0-9.-]+(?::[0-9]+)?(/[A-Za-z0-9._~!$&'()*+,;=:@%/?#-]*)?$")


def url_problems(url: str, page: Path, site: Path) -> list[str]:
    """What is wrong with one URL attribute of a page of the site (an empty list when nothing)."""
    if scheme(url) not in SAFE_SCHEMES:
        return [f"scheme {scheme(url)!r} in {url[:80]!r}"]
    if scheme(url) or url.startswith("//"):
        # A source's own links (a paper's PDF, code, DOI) become link buttons: as http(s) addresses, percent-encoded,
        # never protocol-relative, with nothing a browser would read as the end of the attribute or of the URL.
        if MARKER in url and (url.startswith("//") or not EXTERNAL_SAFE.match(url)):
            return [f"input in an external URL {url[:80]!r}"]
        return []
    problems = [] if SLUG_SAFE.match(url) else [f"unsafe characters in {url[:80]!r}"]
    path = unquote(urlsplit(url).path)
    target = (site / path.lstrip("/") if path.startswith("/") else page.parent / path).resolve()
    if urlsplit(url).path and not target.is_relative_to(site.resolve()):
        problems.append(f"leaves the site: {url[:80]!r}")
    return problems


def is_json_data(tag) -> bool:
    """A JSON-LD script: input may be there as JSON strings, with `<` and `>` escaped so none ends it."""
    text = tag.get_text()
    if tag.name != "script" or tag.get("type") != "application/ld+json" or "<" in text or ">" in text:
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def markup_problems(path: Path, site: Path, reference: dict[str, set]) -> list[str]:
    """Everything in one HTML page that could only have come from markup in the input."""
    problems = []
    for tag in soup(path).find_all(True):
        if tag.name not in reference["tags"]:
            problems.append(f"element <{tag.name}>")
        if tag.name in ("script", "style") and MARKER in tag.get_text() and not is_json_data(tag):
            problems.append(f"<{tag.name}> holds input: {tag.get_text()[:80]!r}")
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.startswith("on"):
                problems.append(f"event handler {name}={value[:60]!r} on <{tag.name}>")
            elif (tag.name, name) not in reference["attributes"]:
                problems.append(f"attribute {name} on <{tag.name}>")
            if name in URL_ATTRIBUTES:
                problems += url_problems(value, path, site)
            elif MARKER in value and name == "fill" and PAINT_SAFE.match(value):
                pass
            elif MARKER in value and name not in TEXT_ATTRIBUTES | NAME_ATTRIBUTES:
                problems.append(f"input in attribute {name} of <{tag.name}>: {value[:80]!r}")
            elif MARKER in value and name in NAME_ATTRIBUTES and not NAME_SAFE.match(value):
                problems.append(f"input in attribute {name} of <{tag.name}>: {value[:80]!r}")
            if name == "content" and tag.name == "meta" and tag.get("http-equiv", "").lower() == "refresh":
                problems.append("a meta refresh")
    return [f"{path.relative_to(site)}: {problem}" for problem in problems]


def test_a_long_author_line_is_cut_with_a_warning():
    source = decode(long_author_line().encode("utf-8"), "long_authors.txt")
    document, notes = read_text(source, AS_OF)
    paper = document.papers[0]
    assert len(paper.authors) == 200 and paper.authors_truncated and paper.authors[-1] == "Name199 Surname"
    assert [n.message for n in notes if "author line lists 6000 names" in n.message]


def test_the_build_reports_bad_files_in_one_line_each_and_exits_1(hostile):
    assert hostile.code == 1, hostile.stderr
    assert "Traceback" not in hostile.stderr
    for name, words in {
        "empty.txt": "empty",
        "binary.dat": "binary",
        "truncated.txt": "truncated",
        "missing_title.txt": "no title",
        "invisible.txt": "invisible characters",
        "latin1.txt": "cp1252",
        "linked_profile.txt": "outside",
        "counts.txt": "implausibly long",
        "cut_mid_abstract.txt": "incomplete",
        "loop_a.txt": "link",
        "pipe.txt": "not a regular file",
        "filler_names.txt": "empty name",
    }.items():
        lines = [line for line in hostile.stderr.splitlines() if f"profiles/{name}" in line and words in line]
        assert lines, f"no diagnostic naming {name} ({words})"
    assert re.fullmatch(
        r"portfolio: \d+ source error\(s\): the pages of what could be read were built", hostile.stderr.splitlines()[-1]
    ), hostile.stderr.splitlines()[-3:]
    assert (hostile.site / "index.html").is_file()


@pytest.mark.parametrize(
    "formula",
    [
        r"\text{<img src=x onerror=window.__pwned=10>}",
        r"\href{javascript:window.__pwned=11}{x}",
        r"\style{color:red}{x}",
        r"\class{pwned}{x}",
        r"\unicode{x3C}script",
        r"\text{</math><script>pwned</script>}",
        r"\mathrm{pwned} < x > y",
    ],
)
def test_a_formula_becomes_mathml_that_holds_its_text_as_text(formula):
    fragment = BeautifulSoup(str(rich_text(f"Before ${formula}$ after")), "html.parser")
    for tag in fragment.find_all(True):
        assert tag.name in _MATHML_TAGS, tag.name
        assert set(tag.attrs) <= _MATHML_ATTRIBUTES | {"xmlns", "class"}, tag.attrs
    assert fragment.get_text().startswith("Before ") and fragment.get_text().endswith(" after")
    annotation = fragment.select_one("annotation")
    assert annotation is None or annotation.get_text() == formula


def test_every_page_uses_only_the_sites_own_elements_attributes_and_schemes(hostile, reference):
    pages = html_pages(hostile.site)
    assert len(pages) > 200
    problems = [problem for path in pages for problem in markup_problems(path, hostile.site, reference)]
    assert problems == []


def test_the_reference_itself_is_not_checked_against_nothing(hostile, reference):
    """The checker must see the payloads: they are in the pages, as text."""
    texts = " ".join(soup(path).get_text() for path in html_pages(hostile.site / "papers"))
    for payload in (
        "<script>window.__pwned=7</script>",
        "onerror=",
        "javascript:window.__pwned=30",
        "{{ config }}",
        '--8<-- ".env"',
        "{: onclick=",
        "!!python/object/apply:os.system",
        "<!-- pwned comment -->",
        "data:text/html;base64,",
        "&#106;&#97;&#118;&#97;",
    ):
        assert payload in texts, payload
    assert {"script", "a", "svg", "math"} <= reference["tags"]  # the vocabulary alone would not catch these


def test_navigation_and_titles_hold_only_text(hostile, reference):
    assert nav_labels(hostile.site) <= reference["nav"] | {"About"}
    for path in html_pages(hostile.site):
        head = soup(path).head
        assert [t.name for t in head.title.find_all(True)] == [], path
        for meta in head.find_all("meta"):
            assert set(meta.attrs) <= {"name", "content", "property", "charset", "http-equiv"}, (path, meta)


def test_search_index_holds_the_sources_text_as_text(hostile):
    # The search box puts every value into the page as text (search.js), so the index holds the text as typed,
    # markup and template code included, with LaTeX read as plain text; every address is one of the site's pages.
    pages = search_fragments(hostile.site / "pagefind")
    assert pages
    for page in pages:
        assert not scheme(page["url"]) and SLUG_SAFE.match(page["url"]) and not page["url"].startswith("/"), page["url"]
        assert (hostile.site / page["url"] / "index.html").is_file(), page["url"]
        for text in (page["content"], *page["meta"].values()):
            assert "\\" not in text and not re.search("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", text), page[
                "url"
            ]
    titles = {page["meta"]["title"] for page in pages}
    assert {readable(paper["title"]) for paper in hostile.model["papers"]} <= titles
    assert [t for t in titles if "<" in t], "the corpus's titles with markup are in the index as text"


def test_feeds_and_sitemaps_hold_text_only(hostile):
    documents = sorted(hostile.site.rglob("*.xml"))
    assert hostile.site / "sitemap.xml" in documents
    gz = hostile.site / "sitemap.xml.gz"
    texts = [(p, p.read_bytes()) for p in documents] + ([(gz, gzip.decompress(gz.read_bytes()))] if gz.exists() else [])
    for path, data in texts:
        root = ElementTree.fromstring(data)
        for element in root.iter():
            assert MARKER not in element.tag, (path, element.tag)
            for name, value in element.attrib.items():
                assert not name.startswith("on"), (path, name)
                if name in ("href", "src", "uri", "url"):
                    assert scheme(value) in SAFE_SCHEMES and SLUG_SAFE.match(value), (path, value)
            if element.get("type") in ("html", "xhtml"):
                tags = BeautifulSoup(element.text or "", "html.parser").find_all(True)
                assert not [t for t in tags if t.name in ("script", "iframe", "img", "svg", "style")], (
                    path,
                    element.text,
                )
            if element.tag.endswith("loc"):
                assert scheme(element.text) in SAFE_SCHEMES and SLUG_SAFE.match(element.text), element.text


def visible_with_math_source(node) -> str:
    """The text of an element, each formula given back as `$source$` (its annotation)."""
    node = copy.copy(node)
    for math in node.select("math"):
        annotation = math.select_one("annotation")
        math.replace_with(f"${annotation.get_text()}$" if annotation else "")
    return node.get_text()


def test_every_field_reads_as_the_input_said(hostile):
    site_name = "Research portfolio"
    for paper in hostile.model["papers"]:
        page = soup(hostile.site / "papers" / paper["id"] / "index.html")
        assert page.select_one("article h1").get_text() == paper["title"]
        assert page.title.get_text() == f"{paper['title']} - {site_name}"
        meta = page.select_one(".pf-paper__meta").get_text()
        assert all(name in meta for name in paper["authors"] or []), paper["id"]
        if paper["org"]:
            assert page.select_one(".pf-badge--org").get_text() == paper["org"]
        if paper["abstract"] and "\\$" not in paper["abstract"]:
            assert visible_with_math_source(page.select_one(".pf-abstract-text")) == paper["abstract"], paper["id"]
    for author in hostile.model["authors"]:
        page = soup(hostile.site / "authors" / author["slug"] / "index.html")
        assert page.select_one("article h1").get_text() == author["name"]
        assert page.title.get_text() == f"{author['name']} - {site_name}"
    home = soup(hostile.site / "index.html").get_text()
    assert all(author["name"] in home for author in hostile.model["authors"])


def test_what_the_readers_repaired_still_reads_as_the_input(hostile):
    names = {author["name"] for author in hostile.model["authors"]}
    assert {
        "Ctrl Reversed Name",
        "José Müller-Weiß",
        "Bom Crlf",
        "Carriage Return",
        "Unicode Notepad",
        "../../etc/passwd",
        "CON",
        "José Müller",
        "Jose Muller",
    } <= names
    titles = {paper["title"] for paper in hostile.model["papers"]}
    assert {
        "ZeroWidth Isolated Title with [31mANSI[0m and DEL and C1",
        "Café Études in Latin-1",
        "The Paper That Ends In Ünïcöd",
        "The Paper After It",
        "NUL",
        ".env",
    } <= titles
    assert not [t for t in titles if re.search("[\x00-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069\ufeff]", t)]
    authors_of = {paper["title"]: paper["authors"] for paper in hostile.model["papers"]}
    assert authors_of["Found By A Collaboration"] == ["CMS"] and authors_of["Second Team Paper"] == ["ATLAS"]
    assert authors_of["Blank Co-Authors"] == ["Filler Friend", "Ada Lovelace"] and "Counted Paper" in authors_of
    assert {"First Of Three", "Huge Counts"} <= titles | names and "Second Of Three" not in titles
    assert all(name.strip() for paper in hostile.model["papers"] for name in paper["authors"] or [])
    collection_pages = " ".join(soup(p).get_text() for p in (hostile.site / "collections").rglob("index.html"))
    assert '<svg onload="pwned"> {{ config }} --8<-- CON.txt' in collection_pages  # a file name, as text


def test_same_slug_names_get_two_pages(hostile):
    slugs = {author["name"]: author["slug"] for author in hostile.model["authors"]}
    assert slugs["José Müller"] != slugs["Jose Muller"]
    for name in ("José Müller", "Jose Muller"):
        assert soup(hostile.site / "authors" / slugs[name] / "index.html").select_one("article h1").get_text() == name


def test_names_and_titles_never_become_paths_outside_the_site(hostile):
    site = hostile.site.resolve()
    for path in hostile.site.rglob("*"):
        assert not path.is_symlink() and path.resolve().is_relative_to(site), path
        assert path == hostile.site / MANIFEST or not path.name.startswith("."), (
            path
        )  # only the site's marker is hidden
        assert "\\" not in path.name, path
    slugs = {author["name"]: author["slug"] for author in hostile.model["authors"]}
    assert slugs["../../etc/passwd"] == "etc-passwd" and slugs["CON"] == "con-author"
    assert (hostile.site / "authors/etc-passwd/index.html").is_file()


def test_nothing_is_read_or_written_outside_the_project(hostile):
    assert CANARY.encode() not in b"".join(p.read_bytes() for p in hostile.site.rglob("*") if p.is_file())
    read = [Path(p).resolve() for p in hostile.opened]
    assert [p for p in read if p.name == ".env" or p.is_relative_to(hostile.base / "outside")] == []
    assert [p for p in read if p.is_relative_to(hostile.base) and not p.is_relative_to(hostile.project)] == []
    after = tree_hashes(hostile.base, skip=hostile.site)
    assert after == hostile.before  # nothing outside site/ changed, nothing new (no /tmp/pwned either)
    assert not [p for p in hostile.project.iterdir() if p.name.startswith(".site")]  # no temporary folders left


def test_enabling_snippets_does_not_let_input_include_files(hostile, tmp_path):
    """Even with pymdownx.snippets on, an input line `--8<-- ".env"` stays text."""
    names = ("profile_templates.txt", "snippet_absolute.txt", "abstracts_payloads.txt")
    project = make_project(tmp_path / "project", [hostile.project / "profiles" / name for name in names])
    (project / ".env").write_text(f"SECRET={CANARY}\n", "utf-8")
    config = (project / "mkdocs.yml").read_text("utf-8")
    (project / "mkdocs.yml").write_text(
        config.replace("markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.snippets\n"), "utf-8"
    )
    code, stderr, _ = build(project)
    assert code == 0, stderr
    assert CANARY.encode() not in b"".join(p.read_bytes() for p in (project / "site").rglob("*") if p.is_file())
    page = soup(project / "site/papers/8-env/index.html")
    assert page.select_one("article h1").get_text() == '--8<-- "../.env"'


def test_generated_markdown_keeps_titles_exact_and_stays_in_its_folder(hostile, tmp_path):
    out = tmp_path / "pages"
    result = run_portfolio(
        "generate", "--as-of", AS_OF.isoformat(), "--out", out, hostile.project / "profiles", check=False
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    titles = {}
    for path in out.rglob("*.md"):
        assert path.resolve().is_relative_to(out.resolve())
        front = yaml.safe_load(path.read_text("utf-8").split("---\n", 2)[1])  # safe_load: no tag may run
        if front["portfolio"]["kind"] == "paper":
            titles[front["portfolio"]["id"]] = front["portfolio"]["title"]
            assert html.unescape(front["title"]) == front["portfolio"]["title"]
    assert titles == {paper["id"]: paper["title"] for paper in hostile.model["papers"]}


def test_a_5_mb_profile_with_5000_papers_is_read_whole_and_its_biggest_page_renders(tmp_path):
    import markdown
    from mkdocs.utils.meta import get_data

    from generator.render import SiteRenderer

    path = tmp_path / "huge.txt"
    path.write_text(huge_profile(), "utf-8")
    assert path.stat().st_size >= HUGE_BYTES
    result = run_portfolio("parse", "--json", "--as-of", AS_OF.isoformat(), path)
    data = json.loads(result.stdout)
    assert len(data["papers"]) == HUGE_PAPERS and len(data["authors"]) == 1
    assert [d for d in data["diagnostics"] if d["level"] != "info"] == []
    portfolio = load_portfolio([path], AS_OF)
    renderer = SiteRenderer(portfolio)
    author = portfolio.authors[0]
    body, meta = get_data(renderer.render_author(author).text)
    assert meta["portfolio"]["name"] == "Big Author" and len(meta["portfolio"]["papers"]) == HUGE_PAPERS
    extensions = ["attr_list", "admonition", "pymdownx.details", "pymdownx.superfences", "toc"]
    listed = markdown.markdown(body, extensions=extensions).count('<li class="pf-paper"')
    further = [job for job in renderer.jobs() if job.path.startswith(f"authors/{author.slug}/page-")]
    for job in further:  # the papers that do not fit on the author's page continue on further pages
        listed += markdown.markdown(get_data(job.render().text)[0], extensions=extensions).count('<li class="pf-paper"')
    assert listed == HUGE_PAPERS and len(further) == -(-HUGE_PAPERS // AUTHOR_PAGE_PAPERS) - 1
