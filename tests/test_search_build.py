"""The Pagefind index: what it holds, read back with Pagefind's own file format (gzip, CBOR, JSON), byte-identical
from build to build, replacing the last one whole; and the index of a whole built site."""

from __future__ import annotations

import gzip
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.search import FOLDER, SearchIndexError, portfolio_records, write_search_index
from generator.search.pagefind_index import SIGNATURE, decode_index_file
from generator.search.records import SearchRecord
from tests.conftest import SOURCES, run_portfolio
from tests.projects import ENVIRONMENT, make_project
from tests.test_search_records import small_portfolio


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def fragments(index: Path) -> list[dict]:
    """Every page record of the index, as the browser reads it, in the metadata's page order, with its file's
    name (the id the browser gets for a result) as "name"."""
    found = []
    for name, _ in meta_file(index)[1]:
        data = gzip.decompress((index / "fragment" / f"{name}.pf_fragment").read_bytes())
        assert data.startswith(SIGNATURE)
        found.append({**json.loads(data[len(SIGNATURE) :]), "name": name})
    assert len(found) == len(list((index / "fragment").iterdir()))
    return found


def meta_file(index: Path) -> list:
    """The index's metadata: [version, pages, word chunks, facet files, sorts, meta fields]."""
    entry = json.loads((index / "pagefind-entry.json").read_text("utf-8"))
    (language,) = entry["languages"]
    return decode_index_file((index / f"pagefind.{entry['languages'][language]['hash']}.pf_meta").read_bytes())


def facets(index: Path) -> dict[str, dict[str, int]]:
    """Each facet's values with how many pages have them."""
    found = {}
    for name, file_hash in meta_file(index)[3]:
        facet, values = decode_index_file((index / "filter" / f"{file_hash}.pf_filter").read_bytes())
        assert facet == name
        found[name] = {value: len(pages) for value, pages in values}
    return found


def many_records() -> list[SearchRecord]:
    """Enough facet values that Pagefind's hash-map order differs between runs."""
    return [
        SearchRecord(
            f"papers/p{i}/",
            f"Sentence number {i} about ducks and geese.",
            {"kind": "paper", "title": f"Paper {i}"},
            {
                "author": [f"Author {i % 7}", f"Author {(i + 3) % 7}"],
                "year": [str(2000 + i % 9)],
                "category": [f"Cat {i % 5}"],
            },
            {"date": f"{2000 + i % 9}-01-{1 + i % 28:02d}"},
        )
        for i in range(60)
    ]


def test_the_index_holds_each_record_with_its_text_metadata_facets_and_dates(tmp_path):
    records = portfolio_records(small_portfolio())
    assert (
        write_search_index(
            tmp_path,
            records,
            [
                (
                    "about/",
                    '<html><body data-pagefind-meta="title:About us">'
                    "<h1>About us</h1><p>We count waterfowl.</p></body></html>",
                )
            ],
        )
        == 7
    )
    index = tmp_path / FOLDER
    pages = {page["url"]: page for page in fragments(index)}
    assert set(pages) == {r.url for r in records} | {"about/"}
    for record in records:
        assert pages[record.url]["content"] == record.content
        assert pages[record.url]["meta"] == record.meta
    assert pages["about/"]["meta"]["title"] == "About us" and "waterfowl" in pages["about/"]["content"]
    assert facets(index) == {
        "author": {"Mira Okonkwo-Hale": 3, "Lin Zhao": 3},
        "year": {"2023": 1, "2024": 1},
        "category": {"Machine Learning (cs.LG)": 1, "Computer Vision and Pattern Recognition (cs.CV)": 1},
        "collection": {"Daily Papers: Jan 6, 2026": 3},
    }
    # Pages are numbered in the records' order (newest first) and a result's name says its number, and whether
    # it has a date: the search box sorts by date with it (search.js), so the index carries no sort order.
    assert meta_file(index)[4] == []
    names = [page["name"].rsplit("-", 1)[1] for page in fragments(index)]
    assert [page["url"] for page in fragments(index)] == [r.url for r in records] + ["about/"]
    assert names == ["0", "1", "2u", "3u", "4u", "5u", "6u"]
    # Only what the site's own search box uses: Pagefind's prebuilt interfaces are left out.
    assert {p.name for p in index.iterdir() if p.is_file() and p.suffix in (".js", ".css")} == {
        "pagefind.js",
        "pagefind-worker.js",
    }


def test_the_same_records_give_byte_identical_files(tmp_path):
    write_search_index(tmp_path / "one", many_records())
    write_search_index(tmp_path / "two", many_records())
    one, two = tree(tmp_path / "one" / FOLDER), tree(tmp_path / "two" / FOLDER)
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    assert len(facets(tmp_path / "one" / FOLDER)["author"]) == 7


def test_a_small_sites_word_index_is_listed_to_fetch_ahead_and_a_big_ones_is_not(tmp_path, monkeypatch):
    # search.js fetches the listed chunks with Pagefind's engine when the page is idle: a first search on a small
    # site then waits only for its results' records.
    from generator.search import pagefind_index

    write_search_index(tmp_path / "small", many_records())
    folder = tmp_path / "small" / FOLDER
    entry = json.loads((folder / "pagefind-entry.json").read_text("utf-8"))
    chunks = sorted(p.relative_to(folder).as_posix() for p in (folder / "index").iterdir())
    assert chunks and entry["portfolio_ahead"] == chunks
    monkeypatch.setattr(pagefind_index, "AHEAD_BYTES", sum((folder / name).stat().st_size for name in chunks) - 1)
    write_search_index(tmp_path / "big", many_records())
    assert "portfolio_ahead" not in json.loads((tmp_path / "big" / FOLDER / "pagefind-entry.json").read_text("utf-8"))


def test_the_index_is_written_from_inside_a_running_event_loop_too(tmp_path):
    # A notebook, or a test process whose browser driver runs one: asyncio.run alone would refuse.
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    async def inside() -> int:
        return write_search_index(tmp_path, many_records()[:3])

    with ThreadPoolExecutor(1) as pool:  # a thread of its own: this one may run a loop already (the browser tests')
        assert pool.submit(asyncio.run, inside()).result() == 3
    assert len(fragments(tmp_path / FOLDER)) == 3


def test_a_new_index_replaces_the_last_one_whole(tmp_path):
    write_search_index(tmp_path, many_records())
    stale = tmp_path / FOLDER / "index" / "en_stale.pf_index"
    stale.write_bytes(b"old")
    write_search_index(tmp_path, many_records()[:5])
    assert not stale.exists()
    assert len(fragments(tmp_path / FOLDER)) == 5
    assert [p.name for p in tmp_path.iterdir()] == [FOLDER]  # no working folder left behind


def test_a_missing_pagefind_program_is_one_line_and_leaves_the_last_index(tmp_path, monkeypatch):
    write_search_index(tmp_path, many_records())
    before = tree(tmp_path / FOLDER)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-program"))
    with pytest.raises(SearchIndexError) as raised:
        write_search_index(tmp_path, many_records()[:3])
    assert "\n" not in str(raised.value) and "no-such-program" in str(raised.value)
    assert tree(tmp_path / FOLDER) == before
    assert [p.name for p in tmp_path.iterdir()] == [FOLDER]


def test_the_pagefind_client_parts_we_replace_are_still_there():
    # pagefind_index._PromptService replaces how Pagefind's client reads answers; an upgrade that renames
    # what it relies on must fail here, not hang a build.
    from pagefind.index import PagefindIndex
    from pagefind.service import PagefindService

    source = inspect.getsource(PagefindService)
    assert "self._poll_task = self._loop.create_task(self._wait_for_responses())" in source
    for name in (
        "self._responses[message_id] = future",
        "self._backend = await",
        "stdout=asyncio.subprocess.PIPE",
        "b64decode(output[:-1])",
    ):
        assert name in source, name
    assert "get_files" in vars(PagefindIndex)


# --- the index of a built site ---------------------------------------------------------------------------


@pytest.mark.slow
def test_the_seeds_site_indexes_every_paper_author_collection_and_hand_written_page(seeds_site):
    portfolio = json.loads((seeds_site / "api/portfolio.json").read_text("utf-8"))
    index = seeds_site / FOLDER
    pages = {page["url"]: page for page in fragments(index)}
    hand_written = {"about/"}  # docs/about.md
    assert len(pages) == len(portfolio["papers"]) + len(portfolio["authors"]) + len(portfolio["collections"]) + len(
        hand_written
    )
    assert {f"papers/{paper['id']}/" for paper in portfolio["papers"]} <= set(pages)
    assert {f"authors/{author['slug']}/" for author in portfolio["authors"]} <= set(pages)
    for url in pages:  # every record leads to a page of the site
        assert (seeds_site / url / "index.html").is_file(), url
    assert pages["about/"]["meta"]["title"] and pages["about/"]["content"]
    assert not list(seeds_site.glob("search/search_index.json"))  # Material's index is gone
    assert not [p for p in seeds_site.iterdir() if p.name.startswith(".pagefind")]


@pytest.mark.slow
def test_a_personal_site_indexes_only_that_authors_papers(tmp_path, seeds):
    site = tmp_path / "site"
    run_portfolio("build", "--as-of", "2026-11-22", "--author", "deqing-fu", "-d", site, seeds)
    portfolio = json.loads((site / "api/portfolio.json").read_text("utf-8"))
    papers = {page["url"] for page in fragments(site / FOLDER) if page["meta"].get("kind") == "paper"}
    assert papers == {f"papers/{paper['id']}/" for paper in portfolio["papers"]}
    assert len(papers) < 60  # the seeds hold 90 papers; Deqing Fu's profile lists 18 of them, his co-authors' more
    home = next(page for page in fragments(site / FOLDER) if page["meta"].get("kind") == "author")
    assert home["url"] == "" and home["meta"]["title"] == "Deqing Fu"


@pytest.mark.slow
def test_plain_mkdocs_build_writes_the_index_too(tmp_path):
    project = make_project(tmp_path / "lab", [SOURCES / "profile_basic.txt", SOURCES / "profile_coauthor.txt"])
    env = {**os.environ, **ENVIRONMENT}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    pages = {page["url"]: page for page in fragments(project / "site" / FOLDER)}
    ducks = next(page for page in pages.values() if page["meta"]["title"] == "Counting Ducks in Aerial Photographs")
    assert ducks["meta"]["kind"] == "paper" and ducks["content"]
    assert pages["about/"]["meta"]["title"] == "About"  # the hand-written page of make_project
    assert "search index of" in result.stderr


def test_the_index_process_ends_with_the_build_that_started_it(tmp_path):
    # A build killed while Pagefind works must not leave it running, nor have it write into the site afterwards.
    from generator.search.pagefind_index import save_job

    job = tmp_path / "job.json"
    save_job(
        job,
        [
            SearchRecord(f"papers/p{i}/", f"Paper {i} text about ducks " * 40, {"title": f"Paper {i}"})
            for i in range(5000)
        ],
        [],
    )
    starter = (
        "import os, subprocess, sys, time\n"
        f"child = subprocess.Popen([sys.executable, '-m', 'generator.search', {str(job)!r}, {str(tmp_path / 'index')!r}, "
        "str(os.getpid())])\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    build = subprocess.Popen([sys.executable, "-c", starter], stdout=subprocess.PIPE, text=True)
    child = int(build.stdout.readline())
    build.kill()
    build.wait()
    for _ in range(200):  # until the orphaned process is gone (or a zombie nobody reaps)
        try:
            state = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            break
        if state == "Z":
            break
        subprocess.run(["sleep", "0.1"], check=True)
    else:
        pytest.fail("the index process outlived the build that started it")
    assert not (tmp_path / "index").exists()


def test_a_new_build_under_serve_stops_the_index_still_being_written(tmp_path):
    # Under serve the index is written after the build, in a thread waiting for the index process; an edit saved
    # while it works starts a build that stops it. Stopping must end the process and return, not fail the build
    # (both threads reading the process's pipes gave "Bad file descriptor").
    from generator.mkdocs.search import SearchAfterBuild, SearchBuild

    writing = "import sys, time\nfor _ in range(600):\n    print('x' * 1000, flush=True)\n    time.sleep(0.01)\n"
    for attempt in range(10):  # the threads race: try it a few times
        build = SearchBuild.__new__(SearchBuild)  # as a build leaves it: a process writing into a staging folder
        build.site_dir = tmp_path / f"site-{attempt}"
        build.started = 0.0
        build.staging = tmp_path / f".pagefind-{attempt}"
        build.staging.mkdir()
        build.process = subprocess.Popen(
            [sys.executable, "-c", writing],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        after = SearchAfterBuild(lambda build=build: build)
        subprocess.run(["sleep", "0.3"], check=True)  # the thread is reading what the process writes
        after.stop()
        assert build.process.poll() is not None, "the index process still runs"
        assert not after.thread.is_alive()
        assert not build.staging.exists() and not build.site_dir.exists()
