"""The search index of a built site, made by Pagefind and written into `<site>/pagefind/`.

Pagefind splits the index into small files (word-range chunks, one fragment per page, one file per facet),
so a visitor's browser downloads only the chunks a query needs and the fragments of the results it
shows. We hand it records made from the model (records.py) and, for hand-written pages, their HTML.

What is handled here, around Pagefind 1.5's Python API:
- Its service client polls for each answer after a fixed 0.1 s pause (20,000 records would take half an
  hour), and reads an answer only up to 2 MiB; `_PromptService` reads answers as they arrive, of any size
  (one private method replaced: tests/test_search_build.py fails loudly if an upgrade renames what it uses).
- Its `write_files` answers before the files are all on disk (they are written in the background and can be
  cut short when the service stops), so we take the files from `get_files` and write them ourselves.
- Its facet files and the metadata file naming them come out in hash-map order, different on every run
  (Pagefind's own TODO); `canonical_files` re-encodes them sorted and names them by their content, so the
  same records give byte-identical files. Everything else Pagefind makes is already deterministic.
- Its metadata file, which every first search downloads whole, names each page's fragment by a random-looking
  hash (at 20,000 papers 100 KB of its 185 KB, gzipped), and holds each sort key's order of all pages (42 KB
  more for dates). `canonical_files` renames the fragments by one digest of them all and the page's number,
  which compress to next to nothing; a different index never reuses a name, so a browser's cached fragment is
  never one of another build. Pages are numbered in the records' order, newest first (records.py), so the
  number in a result's name is its place by date (`-<number>`; `-<number>u` for a page without a date): the
  search box sorts by date with it (search.js), and the index carries no sort order.
- A small site's word index (at most AHEAD_BYTES) is listed in pagefind-entry.json, for the search box to fetch
  ahead with Pagefind's engine.
- The new index is written beside the old one and then replaces it whole: no stale chunk survives. A build
  writes it from a second process into a folder beside the site, and moves it in only when the build succeeds
  (site.py), so a failed or interrupted build never finds that process writing into its site folder.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import gzip
import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import cbor2
from pagefind.service import PagefindService, get_executable

from generator.search.records import SearchRecord

FOLDER = "pagefind"
LANGUAGE = "en"
SIGNATURE = b"pagefind_dcd"  # what every decompressed index file starts with
# Pagefind's prebuilt search interfaces: the site has its own (theme_overrides/assets/javascripts/search.js).
UNUSED_FILES = frozenset(
    {
        "pagefind-ui.js",
        "pagefind-ui.css",
        "pagefind-modular-ui.js",
        "pagefind-modular-ui.css",
        "pagefind-component-ui.js",
        "pagefind-component-ui.css",
        "pagefind-highlight.js",
    }
)
BATCH = 1000  # records in flight at once: the pipe stays full, memory stays flat
# On a small site the whole word index is fetched ahead with the search engine (search.js), when the browser is
# idle, so that a first search waits only for its results' records: up to this many bytes (a 100-paper site's
# index is about 55 KB; a 20,000-paper site's 8.5 MB is fetched a chunk per query word).
AHEAD_BYTES = 128 * 1024


class SearchIndexError(Exception):
    """Pagefind could not make the index; the message says why in one line."""


def write_search_index(
    site_dir: str | os.PathLike, records: Iterable[SearchRecord], html_pages: Iterable[tuple[str, str]] = ()
) -> int:
    """Write the index of `records` and of `html_pages` ((url, HTML) of hand-written pages) into
    `site_dir/pagefind/`, replacing what was there; returns the number of pages indexed."""
    site = Path(site_dir)
    site.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site))
    try:
        count = write_index_folder(fresh / FOLDER, records, html_pages)
        install_index(fresh / FOLDER, site)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return count


def write_index_folder(
    folder: str | os.PathLike, records: Iterable[SearchRecord], html_pages: Iterable[tuple[str, str]] = ()
) -> int:
    """Write the index into `folder`, a new folder (see `write_search_index`); returns the number of pages indexed."""
    records, html_pages = list(records), list(html_pages)
    try:
        files = _run(_index(records, html_pages))
    except (OSError, EOFError, asyncio.IncompleteReadError) as exc:
        raise SearchIndexError(f"Pagefind stopped: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - the service answers an error as a plain Exception
        if type(exc) is not Exception:
            raise
        raise SearchIndexError(f"Pagefind refused the index: {exc.args[0] if exc.args else exc}") from None
    dated = {r.url for r in records if r.sort.get("date")}
    files = canonical_files({path: data for path, data in files.items() if path not in UNUSED_FILES}, dated)
    folder = Path(folder)
    folder.mkdir()
    for path, data in sorted(files.items()):
        target = folder.joinpath(*path.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return len(records) + len(html_pages)


def _run(coroutine):
    """`asyncio.run`, in a thread of its own when this one already runs an event loop (a notebook, a test runner)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _index(records: list[SearchRecord], html_pages: list[tuple[str, str]]) -> dict[str, bytes]:
    """Every file of the index, by its path inside the index folder."""
    if get_executable() is None:
        raise SearchIndexError("the Pagefind program is missing: pip install 'pagefind[bin]'")
    service = await _PromptService().launch()
    try:
        index = await service.create_index({"force_language": LANGUAGE})
        # Sent in order, answered in order: Pagefind numbers the pages as they arrive.
        for start in range(0, len(records), BATCH):
            await asyncio.gather(
                *(
                    index.add_custom_record(
                        url=r.url, content=r.content, language=LANGUAGE, meta=r.meta, filters=r.filters
                    )
                    for r in records[start : start + BATCH]
                )
            )
        for url, html in html_pages:
            await index.add_html_file(content=html, url=url)
        return {file["path"].replace("\\", "/"): file["content"] for file in await index.get_files()}
    finally:
        await service.close()


class _PromptService(PagefindService):
    """Pagefind's service client, reading each answer as soon as it arrives, however long it is."""

    async def _wait_for_responses(self) -> None:
        stream, pending = self._backend.stdout, bytearray()
        while True:
            chunk = await stream.read(1 << 20)
            if not chunk:  # the program ended: whoever still waits is told
                self._fail("the Pagefind program ended without answering")
                return
            pending += chunk
            if b"," not in chunk:  # an answer of megabytes (the files) comes in many chunks
                continue
            *answers, rest = pending.split(b",")  # base64 has no commas: each answer ends with one
            pending = bytearray(rest)
            for answer in answers:
                try:
                    decoded = json.loads(base64.b64decode(answer, validate=True))
                except ValueError:  # not an answer: the program printed something else
                    self._fail(f"Pagefind said: {bytes(answer[:200]).decode('utf-8', 'replace').strip()}")
                    return
                self._answer(decoded)

    def _fail(self, message: str) -> None:
        for future in self._responses.values():
            if not future.done():
                future.set_exception(EOFError(message))

    def _answer(self, answer: dict) -> None:
        payload = answer.get("payload") or {}
        message_id = answer.get("message_id")
        if message_id is None and payload.get("original_message"):  # a message it could not read
            message_id = json.loads(payload["original_message"]).get("message_id")
        future = self._responses.pop(message_id, None)
        if future is None or future.done():
            return
        if payload.get("type") == "Error":
            future.set_exception(Exception(payload.get("message", "unknown error")))
        else:
            future.set_result(payload)


def install_index(folder: Path, site: Path) -> None:
    """Put the index `folder` in place of `site/pagefind` (on the same file system), removing the old one."""
    target = site / FOLDER
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=".pagefind-old-", dir=site))
        target.rename(old / FOLDER)
    try:
        folder.rename(target)
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


# --- deterministic facet files ---------------------------------------------------------------------------


def pagefind_hash(data: bytes) -> str:
    """Pagefind's content hash: SHA-1, each byte in hex without leading zeros (as its Rust code formats it)."""
    return "".join(format(byte, "x") for byte in hashlib.sha1(data).digest())


def decode_index_file(data: bytes, name: str = "index file") -> object:
    """A gzipped index file of Pagefind's, decoded from CBOR."""
    data = gzip.decompress(data)
    if not data.startswith(SIGNATURE):
        raise SearchIndexError(f"{name}: not a Pagefind index file")
    return cbor2.loads(data[len(SIGNATURE) :])


def encode_index_file(value: object) -> bytes:
    """CBOR as Pagefind writes it (definite lengths, shortest integers) behind the signature, gzipped."""
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)


def canonical_files(files: dict[str, bytes], dated: set[str] = frozenset()) -> dict[str, bytes]:
    """The index with its fragments numbered (`dated`: the URLs of the pages with a date), its facet files' values
    sorted, those files and the metadata file named by their content, and pagefind-entry.json pointing at the
    result: the same records give byte-identical files."""
    files = dict(files)
    entry = json.loads(files["pagefind-entry.json"])
    for language, info in entry["languages"].items():
        meta_name = f"pagefind.{info['hash']}.pf_meta"
        raw = gzip.decompress(files.pop(meta_name))
        meta = cbor2.loads(raw[len(SIGNATURE) :])
        if not raw.startswith(SIGNATURE) or SIGNATURE + cbor2.dumps(meta) != raw:
            raise SearchIndexError(
                f"{meta_name}: an encoding this generator does not know (Pagefind {entry.get('version')})"
            )
        version, pages, chunks, filters, sorts, fields = meta
        pages = _number_fragments(files, language, pages, dated)
        renamed, taken = [], set()
        for name, old_hash in sorted(filters, key=lambda item: item[0]):
            facet, values = decode_index_file(files.pop(f"filter/{old_hash}.pf_filter"), old_hash)
            cbor = SIGNATURE + cbor2.dumps([facet, sorted(values, key=lambda item: item[0])])
            new_hash = _short_hash(language, pagefind_hash(cbor), taken)
            files[f"filter/{new_hash}.pf_filter"] = gzip.compress(cbor, compresslevel=9, mtime=0)
            renamed.append([name, new_hash])
        cbor = SIGNATURE + cbor2.dumps([version, pages, chunks, renamed, sorts, fields])
        info["hash"] = f"{language}_{pagefind_hash(cbor)[: len(language) + 8]}"
        files[f"pagefind.{info['hash']}.pf_meta"] = gzip.compress(cbor, compresslevel=9, mtime=0)
    word_index = sorted(name for name in files if name.startswith("index/"))
    if sum(len(files[name]) for name in word_index) <= AHEAD_BYTES:
        entry["portfolio_ahead"] = word_index  # read by search.js; Pagefind reads only what it knows
    files["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return files


def _number_fragments(files: dict[str, bytes], language: str, pages: list, dated: set[str]) -> list:
    """Rename the pages' fragments (in `files`) `<language>_<digest of them all>-<page number in base 36>`, with
    a `u` after the number of a page whose URL is not in `dated`; returns the pages' list with the new names."""
    old = [f"fragment/{name}.pf_fragment" for name, _ in pages]
    contents = [files[path] for path in old]
    digest = pagefind_hash(b"".join(contents))[:8]
    numbered = []
    for number, ((_, count), data) in enumerate(zip(pages, contents)):
        url = json.loads(gzip.decompress(data)[len(SIGNATURE) :])["url"]
        numbered.append([f"{language}_{digest}-{_base36(number)}{'' if url in dated else 'u'}", count])
    for path in old:
        files.pop(path, None)  # two pages with the same text share one fragment
    for (name, _), data in zip(numbered, contents):
        files[f"fragment/{name}.pf_fragment"] = data
    return numbered


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, rest = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[rest] + digits
        if not number:
            return digits


def _short_hash(language: str, full: str, taken: set[str]) -> str:
    """Pagefind's file name for a hash: the language and 7 hex digits, longer while it collides."""
    length = 7
    while f"{language}_{full[:length]}" in taken and length < len(full):
        length += 1
    name = f"{language}_{full[:length]}"
    taken.add(name)
    return name


# --- in a process of its own ---------------------------------------------------------------------------


def save_job(path: str | os.PathLike, records: list[SearchRecord], html_pages: list[tuple[str, str]]) -> None:
    """Write what `write_search_index` takes into a file that `main` reads."""
    job = {"records": [[r.url, r.content, r.meta, r.filters, r.sort] for r in records], "html_pages": html_pages}
    Path(path).write_text(json.dumps(job, ensure_ascii=False, separators=(",", ":")), "utf-8")


def main(argv: list[str] | None = None) -> int:
    """`python -m generator.search JOB FOLDER [BUILD_PID]`: write the index of a saved job (`save_job`) into FOLDER,
    a new folder, unless the build process ends first; prints the number of pages indexed and the CPU seconds it
    took (with Pagefind's) as JSON, or one line on stderr and exit status 1."""
    import resource

    job_path, folder, *parent = argv if argv is not None else sys.argv[1:]
    _exit_with_parent(int(parent[0]) if parent else os.getppid())
    try:
        job = json.loads(Path(job_path).read_text("utf-8"))
        records = [SearchRecord(*fields) for fields in job["records"]]
        pages = write_index_folder(folder, records, [tuple(page) for page in job["html_pages"]])
        usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
        print(json.dumps({"pages": pages, "cpu_seconds": round(sum(u.ru_utime + u.ru_stime for u in usage), 2)}))
    except (SearchIndexError, OSError, ValueError) as exc:
        print(f"{type(exc).__name__}: {exc}" if not isinstance(exc, SearchIndexError) else exc, file=sys.stderr)
        return 1
    return 0


def _exit_with_parent(parent: int) -> None:
    """End this process when the build that started it (process `parent`) ends first, killed say: no index is
    wanted then, and Pagefind ends with it (its input closes)."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
