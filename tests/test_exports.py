"""The site's files for other tools, read back with the parsers those tools use: BibTeX, RIS, JSON, Atom."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import bibtexparser
import feedparser
import pytest
import rispy
from jsonschema import Draft202012Validator
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from referencing import Registry, Resource

from generator.exports import ExportBuilder, cite
from generator.exports.data import portfolio_data
from generator.latex import plain_latex
from generator.model import Paper, Portfolio
from generator.pipeline import load_portfolio
from generator.render import RenderOptions
from tests.conftest import AS_OF, FIXTURES, ROOT, SOURCES, run_portfolio

SCHEMAS = ROOT / "schemas"
SOURCE_DATE_EPOCH = "1700000000"


def parse_json(paths) -> dict:
    """The model as `portfolio parse --json` prints it."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", "parse", "--json", "--as-of", "2026-11-22", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def seeds_data(seeds) -> dict:
    return parse_json([seeds])


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("hostile-exports") / "site"
    run_portfolio(
        "build", "--as-of", "2026-11-22", "-d", site, FIXTURES / "hostile", env={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    )
    return site


@pytest.fixture(scope="module")
def hostile_data() -> dict:
    return parse_json([FIXTURES / "hostile"])


def schema_validator(name: str) -> Draft202012Validator:
    """A validator for one of our schemas, with the others available to its references."""
    schemas = [json.loads(path.read_text("utf-8")) for path in sorted(SCHEMAS.glob("*.schema.json"))]
    registry = Registry().with_resources((schema["$id"], Resource.from_contents(schema)) for schema in schemas)
    schema = json.loads((SCHEMAS / name).read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def assert_valid(validator: Draft202012Validator, path: Path) -> None:
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in validator.iter_errors(json.loads(path.read_text("utf-8")))
    ]
    assert errors == [], f"{path}: {errors[:5]}"


# BibTeX ---------------------------------------------------------------------------------------------


def _latex_context():
    """pylatexenc's macros plus LaTeX's names for a lone brace, which pylatexenc 2 does not know."""
    context = get_default_latex_context_db()
    context.add_context_category(
        "lone-braces", prepend=True, macros=[MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}")]
    )
    return context


_DECODE = LatexNodes2Text(
    math_mode="verbatim", latex_context=_latex_context()
)  # math stays `$...$`, as the title holds it


def bibtex_text(value: str) -> str:
    """A BibTeX field as a reference manager reads it: outer braces off, LaTeX decoded (math kept)."""
    # pylatexenc reads \textasciicircum as U+02C6 (the modifier letter) where LaTeX prints "^".
    return _DECODE.latex_to_text(value).replace("\u02c6", "^")


def bibtex_names(value: str) -> list[str]:
    """`A and B and {C and D}` split at the top-level ` and `, each name decoded."""
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", value):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            names.append(value[start : match.start()])
            start = match.end()
    names.append(value[start:])
    return [bibtex_text(name.strip()) for name in names]


def read_bibtex(path: Path) -> list:
    library = bibtexparser.parse_string(path.read_text("utf-8"))
    assert library.failed_blocks == [], f"{path}: {[b.error for b in library.failed_blocks]}"
    return library.entries


def check_bibtex_entry(entry, paper: dict) -> None:
    """Title, authors and year of a BibTeX entry round-trip to the paper's data."""
    assert bibtex_text(entry["title"]) == paper["title"].replace("\\$", "$")
    expected = (paper["authors"] or []) + (["others"] if paper["authors_truncated"] and paper["authors"] else [])
    author = entry.fields_dict.get("author")
    assert (bibtex_names(author.value) if author else []) == expected
    year = entry.fields_dict.get("year")
    assert (year.value if year else None) == (paper["date"][:4] if paper["date"] else None)


def check_site_bibtex(site: Path, data: dict) -> None:
    papers = {p["id"]: p for p in data["papers"]}
    keys = []
    for paper_id, paper in papers.items():
        entries = read_bibtex(site / "papers" / f"{paper_id}.bib")
        assert len(entries) == 1
        check_bibtex_entry(entries[0], paper)
        keys.append(entries[0].key)
    assert len(set(keys)) == len(keys) == len(papers)
    for author in data["authors"]:
        entries = read_bibtex(site / "authors" / f"{author['slug']}.bib")
        assert sorted(e.key for e in entries) == sorted(
            read_bibtex(site / "papers" / f"{pid}.bib")[0].key for pid in author["papers"]
        )
        for entry, pid in zip(entries, sorted_newest_first(author["papers"], papers)):
            check_bibtex_entry(entry, papers[pid])


def sorted_newest_first(ids: list[str], papers: dict) -> list[str]:
    """Newest first, ties by title then id, undated papers last (the order of the site's lists)."""
    dated = sorted(
        (i for i in ids if papers[i]["date"]),
        key=lambda i: (-dt.date.fromisoformat(papers[i]["date"]).toordinal(), papers[i]["title"].casefold(), i),
    )
    return dated + sorted((i for i in ids if not papers[i]["date"]), key=lambda i: (papers[i]["title"].casefold(), i))


@pytest.mark.slow
def test_every_bib_file_parses_and_round_trips(seeds_site, seeds_data):
    check_site_bibtex(seeds_site, seeds_data)


@pytest.mark.slow
def test_hostile_titles_and_names_survive_bibtex(hostile_site, hostile_data):
    check_site_bibtex(hostile_site, hostile_data)


def test_bibtex_keeps_latex_valid_and_quotes_literally():
    paper = Paper(
        title="G$^3$SR: 100% {safe} --8<-- ``quotes''",
        authors=["Ann Lee", "Sand and Stone Lab"],
        date=dt.date(2022, 3, 12),
        id="g3sr",
    )
    entry = cite.bibtex_entry(paper, "lee2022g3sr")
    assert "G$^3$SR" in entry  # math stays math
    [parsed] = bibtexparser.parse_string(entry).entries
    assert bibtex_text(parsed["title"]) == paper.title
    assert bibtex_names(parsed["author"]) == ["Ann Lee", "Sand and Stone Lab"]  # braces keep "and" inside a name


# RIS ------------------------------------------------------------------------------------------------


def ris_name(name: str) -> str:
    """`Family, Given` back to `Given Family`."""
    family, _, given = name.partition(", ")
    return f"{given} {family}" if given else family


def check_site_ris(site: Path, data: dict) -> None:
    papers = {p["id"]: p for p in data["papers"]}

    def check(record: dict, paper: dict) -> None:
        assert record["type_of_reference"] == cite.RIS_TYPES.get(paper["pub_type"], "GEN")
        assert record.get("doi") == paper["doi"]
        assert record["title"] == " ".join(plain_latex(paper["title"]).split())
        if "$" not in paper["title"]:
            assert record["title"] == " ".join(paper["title"].split())
        assert [ris_name(n) for n in record.get("authors", [])] == [" ".join(n.split()) for n in paper["authors"] or []]
        assert record.get("year") == (paper["date"][:4] if paper["date"] else None)

    for paper_id, paper in papers.items():
        records = rispy.loads((site / "papers" / f"{paper_id}.ris").read_text("utf-8"))
        assert len(records) == 1
        check(records[0], paper)
    for author in data["authors"]:
        records = rispy.loads((site / "authors" / f"{author['slug']}.ris").read_text("utf-8"))
        assert len(records) == len(author["papers"])
        for record, pid in zip(records, sorted_newest_first(author["papers"], papers)):
            check(record, papers[pid])


@pytest.mark.slow
def test_every_ris_file_parses_and_round_trips(seeds_site, seeds_data):
    check_site_ris(seeds_site, seeds_data)


@pytest.mark.slow
def test_hostile_text_survives_ris(hostile_site, hostile_data):
    check_site_ris(hostile_site, hostile_data)


def test_ris_and_plain_citation_turn_latex_into_text():
    paper = Paper(
        title="G$^3$SR and $\\textbf{X}$",
        authors=["Zhi-Hong Deng", "Plato"],
        date=dt.date(2022, 3, 12),
        abstract="Cost $k + \\mathcal{O}(1)$.\nNext line",
        category="LG",
        id="g3sr",
    )
    [record] = rispy.loads(cite.ris_entry(paper, "deng2022g3sr", "cs.LG"))
    assert record["title"] == "G^3SR and X"
    assert record["abstract"] == "Cost k + O(1). Next line"
    assert record["authors"] == ["Deng, Zhi-Hong", "Plato"]
    assert cite.plain_citation(paper, "cs.LG", "https://x.test/papers/g3sr/") == (
        "Deng, Z.-H., & Plato (2022). G^3SR and X [Preprint, arXiv cs.LG]. https://x.test/papers/g3sr/"
    )


# JSON data ------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_api_files_validate_and_hold_the_parsed_data(seeds_site, seeds_data):
    api = seeds_site / "api"
    assert_valid(schema_validator("portfolio.schema.json"), api / "portfolio.json")
    whole = json.loads((api / "portfolio.json").read_text("utf-8"))
    assert whole == {k: v for k, v in seeds_data.items() if k != "diagnostics"}
    papers = {p["id"]: p for p in seeds_data["papers"]}
    author_schema, csl_schema = schema_validator("author.schema.json"), schema_validator("csl-items.schema.json")
    files = sorted(p.name for p in (api / "authors").iterdir())
    assert files == sorted(
        f"{a['slug']}{suffix}" for a in seeds_data["authors"] for suffix in (".json", ".csl.json", ".resume.json")
    )
    for author in seeds_data["authors"]:
        assert_valid(author_schema, api / "authors" / f"{author['slug']}.json")
        document = json.loads((api / "authors" / f"{author['slug']}.json").read_text("utf-8"))
        assert document["author"] == author
        assert document["papers"] == [papers[pid] for pid in author["papers"]]
        assert_valid(csl_schema, api / "authors" / f"{author['slug']}.csl.json")
        items = json.loads((api / "authors" / f"{author['slug']}.csl.json").read_text("utf-8"))
        expected = sorted_newest_first(author["papers"], papers)
        assert [item["title"] for item in items] == [
            " ".join(plain_latex(papers[pid]["title"]).split()) for pid in expected
        ]
        for item, pid in zip(items, expected):
            names = [a.get("literal") or f"{a['given']} {a['family']}" for a in item.get("author", [])]
            assert names == (papers[pid]["authors"] or [])
            assert item.get("issued", {}).get("date-parts", [[None]])[0][0] == (
                int(papers[pid]["date"][:4]) if papers[pid]["date"] else None
            )


def test_parse_json_validates_against_the_schema(tmp_path):
    document = tmp_path / "parsed.json"
    document.write_text(json.dumps(parse_json([SOURCES])), "utf-8")
    assert_valid(schema_validator("portfolio.schema.json"), document)


@pytest.mark.slow
def test_hostile_api_files_validate(hostile_site):
    assert_valid(schema_validator("portfolio.schema.json"), hostile_site / "api/portfolio.json")
    for path in sorted((hostile_site / "api/authors").iterdir()):
        name = (
            "csl-items.schema.json"
            if path.name.endswith(".csl.json")
            else "json-resume.schema.json"
            if path.name.endswith(".resume.json")
            else "author.schema.json"
        )
        assert_valid(schema_validator(name), path)


def test_schema_rejects_drift():
    validator = schema_validator("portfolio.schema.json")
    document = parse_json([SOURCES / "profile_basic.txt"])
    assert not list(validator.iter_errors(document))
    document["papers"][0]["surprise"] = 1
    assert list(validator.iter_errors(document))


# Atom feeds -----------------------------------------------------------------------------------------


def read_feed(path: Path):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, f"{path}: {feed.get('bozo_exception')}"
    return feed


def expected_feed_ids(ids: list[str], papers: dict, limit: int = RenderOptions().feed_entries) -> list[str]:
    """The newest dated papers (an Atom entry needs a date), `limit` of them (0: all)."""
    dated = [i for i in sorted_newest_first(ids, papers) if papers[i]["date"]]
    return dated[:limit] if limit else dated


def entry_paper_id(entry) -> str:
    return entry.link.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")


@pytest.mark.slow
def test_feeds_parse_and_list_the_right_papers_newest_first(seeds_site, seeds_data):
    papers = {p["id"]: p for p in seeds_data["papers"]}
    site_feed = read_feed(seeds_site / "feed.xml")
    assert site_feed.version == "atom10"
    assert [entry_paper_id(e) for e in site_feed.entries] == expected_feed_ids(list(papers), papers)
    newest = max(p["date"] for p in papers.values() if p["date"])
    assert site_feed.feed.updated.startswith(newest)
    for entry in site_feed.entries:
        paper = papers[entry_paper_id(entry)]
        assert entry.title == " ".join(plain_latex(paper["title"]).split())
        assert entry.published.startswith(paper["date"])
        assert [a["name"] for a in entry.get("authors", []) if a.get("name")] == (paper["authors"] or [])
        assert (seeds_site / entry.link / "index.html").is_file()  # relative to the site root, where feed.xml is
    for author in seeds_data["authors"]:
        feed = read_feed(seeds_site / f"feeds/{author['slug']}.xml")
        assert feed.feed.title == f"{author['name']}: papers"
        assert [entry_paper_id(e) for e in feed.entries] == expected_feed_ids(author["papers"], papers)
        for entry in feed.entries:
            assert (seeds_site / "feeds" / entry.link / "index.html").is_file()  # relative to the feed


def test_feeds_hold_the_newest_papers_up_to_feed_entries(seeds):
    portfolio = load_portfolio([seeds], AS_OF)
    data = {p["id"]: p for p in portfolio_data(portfolio)["papers"]}
    dated = expected_feed_ids(list(data), data, limit=0)
    assert len(dated) > 50  # the seeds have more dated papers than a feed holds by default
    for limit in (0, 5, 50):
        feed = feedparser.parse(ExportBuilder(portfolio, RenderOptions(feed_entries=limit)).site_feed())
        assert [entry_paper_id(e) for e in feed.entries] == (dated[:limit] if limit else dated)


@pytest.mark.slow
def test_hostile_feeds_parse(hostile_site, hostile_data):
    papers = {p["id"]: p for p in hostile_data["papers"]}
    feed = read_feed(hostile_site / "feed.xml")
    assert [entry_paper_id(e) for e in feed.entries] == expected_feed_ids(list(papers), papers)
    titles = {entry_paper_id(e): e.title for e in feed.entries}
    assert titles == {pid: " ".join(plain_latex(papers[pid]["title"]).split()) for pid in titles}
    for path in sorted(set(hostile_site.glob("feeds/*.xml")) - {hostile_site / "feeds/sitemap.xml"}):
        read_feed(path)


def test_feed_time_never_comes_from_the_clock(monkeypatch):
    portfolio = Portfolio(papers={"x": Paper(title="Undated", id="x")}, as_of=dt.date(2026, 11, 22))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    feed = feedparser.parse(ExportBuilder(portfolio, RenderOptions()).site_feed())
    assert not feed.bozo and feed.entries == []
    assert feed.feed.updated == "2023-11-14T22:13:20Z"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert (
        feedparser.parse(ExportBuilder(portfolio, RenderOptions()).site_feed()).feed.updated == "2026-11-22T00:00:00Z"
    )


# The whole set ---------------------------------------------------------------------------------------

FIXTURE_SOURCES = ["profile_basic.txt", "profile_coauthor.txt", "feed_basic.txt", "abstracts_basic.txt"]
LATTICE = "lattice-parsing-with-mathcal-o-n-2-memory"  # a paper of profile_basic.txt, with math in its title


def build_fixture_site(root: Path, site_url: str | None) -> Path:
    """Our fixture portfolio built with the repository's mkdocs.yml, with `site_url` set or not."""
    (root / "profiles").mkdir(parents=True)
    for name in FIXTURE_SOURCES:
        shutil.copy(SOURCES / name, root / "profiles" / name)
    (root / "docs").mkdir()
    shutil.copytree(ROOT / "theme_overrides", root / "theme_overrides")
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    if site_url:
        config = f"site_url: {site_url}\n" + config
    (root / "mkdocs.yml").write_text(config, "utf-8")
    result = run_portfolio("build", "--as-of", "2026-11-22", cwd=root, env={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})
    (root / "build.log").write_text(result.stderr, "utf-8")
    return root / "site"


EXPORT_PATTERNS = [
    "api/**/*.json",
    "papers/*.bib",
    "papers/*.ris",
    "authors/*.bib",
    "authors/*.ris",
    "feed.xml",
    "feeds/*.xml",
    "robots.txt",
    "sitemap.xml",
]


def export_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for pattern in EXPORT_PATTERNS for p in site.glob(pattern)}


@pytest.mark.slow
def test_exports_are_byte_identical_across_builds(tmp_path):
    first = export_bytes(build_fixture_site(tmp_path / "a", None))
    second = export_bytes(build_fixture_site(tmp_path / "b", None))
    assert len(first) > 20 and first == second


@pytest.mark.slow
def test_site_url_makes_links_absolute_and_names_the_sitemap(tmp_path):
    base = "https://example.github.io/portfolio/"
    site = build_fixture_site(tmp_path, base)
    robots = (site / "robots.txt").read_text("utf-8").splitlines()
    assert robots == ["User-agent: *", "Allow: /", f"Sitemap: {base}sitemap.xml"]
    feed = read_feed(site / "feed.xml")
    assert feed.feed.id == f"{base}feed.xml"
    assert any(link.rel == "self" and link.href == f"{base}feed.xml" for link in feed.feed.links)
    assert feed.entries and all(e.link.startswith(f"{base}papers/") and e.id == e.link for e in feed.entries)
    [entry] = read_bibtex(site / f"papers/{LATTICE}.bib")
    assert entry["url"] == f"{base}papers/{LATTICE}/"
    [record] = rispy.loads((site / f"papers/{LATTICE}.ris").read_text("utf-8"))
    assert record["urls"] == [entry["url"]]
    csl = json.loads((site / "api/authors/mira-okonkwo-hale.csl.json").read_text("utf-8"))
    assert all(item["URL"].startswith(f"{base}papers/") for item in csl)


@pytest.mark.slow
def test_without_site_url_robots_has_no_sitemap_and_the_build_says_why(tmp_path):
    site = build_fixture_site(tmp_path, None)
    assert (site / "robots.txt").read_text("utf-8") == "User-agent: *\nAllow: /\n"
    assert "site_url is not set" in (tmp_path / "build.log").read_text("utf-8")
    [entry] = read_bibtex(site / f"papers/{LATTICE}.bib")
    assert "url" not in entry.fields_dict


@pytest.mark.slow
def test_generate_writes_the_exports_beside_the_pages(tmp_path):
    out = tmp_path / "generated"
    run_portfolio("generate", "--as-of", "2026-11-22", "--out", out, *(SOURCES / name for name in FIXTURE_SOURCES))
    assert read_feed(out / "feed.xml").entries
    assert len(read_bibtex(out / "authors/mira-okonkwo-hale.bib")) == 4
    assert_valid(schema_validator("portfolio.schema.json"), out / "api/portfolio.json")
    again = run_portfolio(
        "generate", "--as-of", "2026-11-22", "--out", out, *(SOURCES / name for name in FIXTURE_SOURCES)
    )
    assert ": 0 written," in again.stderr  # exports are written only when they change, like pages
