"""The benchmark: synthetic portfolios of several sizes, our stages and MkDocs timed, and what visitors get.

Usage: python bench/run.py [--sizes 100,1000,5000,20000] [--repeats 3] [--big-repeats 3]
                           [--linear-pairs 3] [--serve-size 5000] [--lighthouse-size N] [--out bench/out]
                           [--results bench/RESULTS.md]

For each size it writes a seeded corpus (bench/synth.py) and `portfolio generate`s its pages. Then, in fresh
processes and interleaved so that a busy machine slows both alike, it builds those same pages with MkDocs
alone (the project's mkdocs.yml without our plugin) and builds the corpus with `portfolio build`, which
reports the time of each of our stages (and its worker's); both record wall time and peak memory. It
re-runs `portfolio generate` and `portfolio build` with nothing changed (files written, time). Pairs of
`portfolio generate` runs at 1,000 and 20,000 papers, one right after the other, give the growth ratio.
At one size it edits a profile under `portfolio serve` and times until the served page shows the edit;
on the largest site it runs Lighthouse (mobile) on the home page, an author page and a paper page. A
profile (cProfile) of our stages at 1,000 papers says where our time goes. Everything is written to
bench/RESULTS.md; big outputs stay in bench/out/ (not committed).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import platform
import pstats
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from importlib.metadata import version
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from search import index_size  # noqa: E402
from synth import generate_corpus  # noqa: E402
from visitors import lighthouse, lighthouse_available, serving  # noqa: E402

AS_OF = "2026-11-22"
SEED = 1
STAGES = ("parse", "model", "render", "write")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
for name in ("PORTFOLIO_AS_OF", "PORTFOLIO_AUTHORS", "PORTFOLIO_PROFILES", "PORTFOLIO_STRICT"):
    ENV.pop(name, None)


def log(message: str) -> None:
    print(f"bench [{time.strftime('%H:%M:%S')}]: {message}", file=sys.stderr, flush=True)


def measured(tool: str, args: list[str], cwd: Path) -> dict:
    """One command in a fresh process (bench/measure.py): wall time, peak memory, our stage times.

    The disk is synced first, so that a run does not pay for writing out the files of the one before."""
    os.sync()
    run = subprocess.run(
        [sys.executable, str(BENCH / "measure.py"), tool, *map(str, args)],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    if (
        run.returncode not in (0, 1) or not lines
    ):  # 1: the corpus's stray abstracts are reported as warnings, not errors
        raise SystemExit(f"bench: {tool} {' '.join(map(str, args))} failed:\n{run.stderr[-3000:]}")
    result = json.loads(lines[-1])
    result["stderr"] = run.stderr
    return result


def plain_config(workdir: Path) -> Path:
    """mkdocs.yml for MkDocs alone on the generated pages: the project's config without our plugin."""
    text = (ROOT / "mkdocs.yml").read_text("utf-8").replace("!!python/name:", "")
    config = yaml.safe_load(text)
    # The site's search is our plugin's own (Pagefind), not Material's: MkDocs alone builds no search index.
    config["plugins"] = ["tags"]  # the tags plugin's sort key needs our module: its default order will do
    config["docs_dir"] = str(workdir / "generated")
    config["theme"]["custom_dir"] = str(ROOT / "theme_overrides")
    config["nav"] = [
        {"Home": "index.md"},
        {"Authors": "authors/index.md"},
        {"Papers": "papers/index.md"},
        {"Topics": "topics/index.md"},
        {"Collections": "collections/index.md"},
    ]
    path = workdir / "plain.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), "utf-8")
    return path


def portfolio_config(workdir: Path) -> Path:
    """The project's own mkdocs.yml, with its theme folder found from the work folder."""
    text = (
        (ROOT / "mkdocs.yml")
        .read_text("utf-8")
        .replace("custom_dir: theme_overrides", f"custom_dir: {ROOT / 'theme_overrides'}")
    )
    path = workdir / "mkdocs.yml"
    path.write_text(text, "utf-8")
    (workdir / "docs").mkdir(exist_ok=True)
    return path


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


SEARCH_LINE = re.compile(r"search index of ([\d,]+) pages written in ([\d.]+) s beside the build \(([\d.]+) s of CPU\)")


def _search_line(stderr: str) -> dict:
    """What the build said of its search index: pages, seconds beside the build, CPU seconds."""
    match = SEARCH_LINE.search(stderr)
    if match is None:
        raise SystemExit(f"bench: the build wrote no search index:\n{stderr[-2000:]}")
    return {"pages": int(match[1].replace(",", "")), "seconds": float(match[2]), "cpu": float(match[3])}


def median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def median_stages(runs: list[dict]) -> dict[str, float]:
    stages = {name: statistics.median(run["stages"].get(name, 0.0) for run in runs) for name in STAGES}
    stages["total"] = statistics.median(sum(run["stages"].get(name, 0.0) for name in STAGES) for run in runs)
    return stages


PAGE_KINDS = (  # (kind, pattern of the page's folder in the site), the first that matches wins
    ("home", r""),
    ("authors index", r"authors(/page-\d+)?"),
    ("CV", r"authors/[^/]+/cv|cv"),
    ("author (further page)", r"authors/[^/]+/page-\d+"),
    ("author", r"authors/[^/]+"),
    ("papers index", r"papers"),
    ("paper", r"papers/[^/]+"),
    ("topics index", r"topics"),
    ("statistics", r"topics/statistics"),
    ("year listing", r"topics/years/[^/]+(/page-\d+)?"),
    ("category listing", r"topics/categories/[^/]+(/page-\d+)?"),
    ("organisations index", r"topics/orgs(/page-\d+)?"),
    ("organisation listing", r"topics/orgs/[^/]+(/page-\d+)?"),
    ("co-authors by letter", r"topics/coauthors(/by-letter/[^/]+)?(/page-\d+)?"),
    ("co-author listing", r"topics/coauthors/[^/]+"),
    ("collections index", r"collections(/page-\d+)?"),
    ("radar", r"collections/radar(/page-\d+)?"),
    ("collection", r"collections/[^/]+(/page-\d+)?"),
)


def page_sizes(site: Path) -> dict[str, dict]:
    """The largest generated HTML page of each kind: {kind: {"bytes", "path", "pages"}} (paths relative to the site)."""
    found: dict[str, dict] = {}
    patterns = [(kind, re.compile(f"(?:{pattern})$")) for kind, pattern in PAGE_KINDS]
    for page in site.rglob("index.html"):
        folder = page.parent.relative_to(site).as_posix()
        folder = "" if folder == "." else folder
        if folder.startswith(("pagefind", "search", "assets")):
            continue
        kind = next((k for k, pattern in patterns if pattern.match(folder)), "other")
        size = page.stat().st_size
        entry = found.setdefault(kind, {"bytes": 0, "path": "", "pages": 0})
        entry["pages"] += 1
        if size > entry["bytes"] or (size == entry["bytes"] and folder < entry["path"]):
            entry["bytes"], entry["path"] = size, folder + "/" if folder else ""
    return found


def bench_bibliographies(n: int, out: Path, repeats: int) -> dict:
    """`portfolio build` of a corpus whose papers come half from saved pages and half from BibTeX and CSL-JSON
    publication lists, interleaved with builds of the same-size corpus of saved pages only."""
    runs: dict[str, list[dict]] = {"saved pages": [], "half from bibliographies": []}
    folders = {"saved pages": out / f"{n}-pages", "half from bibliographies": out / f"{n}-bib"}
    for name, workdir in folders.items():
        shutil.rmtree(workdir, ignore_errors=True)
        workdir.mkdir(parents=True)
        corpus = generate_corpus(workdir / "profiles", n, seed=SEED, bibliographies=name != "saved pages")
        log(f"{n:,} papers, {name}: corpus of {corpus['files']} files, {corpus['papers']:,} papers")
    for number in range(repeats):
        for name, workdir in folders.items():
            log(f"{n:,} papers, {name}: build {number + 1} of {repeats}")
            own = portfolio_config(workdir)
            shutil.rmtree(workdir / "site", ignore_errors=True)
            build = ["build", "-f", own, "--as-of", AS_OF, "-d", workdir / "site", workdir / "profiles", "--force"]
            runs[name].append(measured("portfolio", build, workdir))
    papers = {
        name: len(json.loads((w / "site/api/portfolio.json").read_text("utf-8"))["papers"])
        for name, w in folders.items()
    }
    return {
        name: {
            "seconds": median(rs, "seconds"),
            "runs": [r["seconds"] for r in rs],
            "papers": papers[name],
            "stages": median_stages(rs),
        }
        for name, rs in runs.items()
    }


def bench_size(n: int, repeats: int, out: Path) -> dict:
    """Every build figure for one corpus size."""
    workdir = out / str(n)
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    profiles = workdir / "profiles"
    corpus = generate_corpus(profiles, n, seed=SEED)
    log(f"{n:,} papers: corpus of {corpus['files']} files; generating the pages")
    generate = ["generate", "--as-of", AS_OF, "--out", workdir / "generated", profiles]
    first = measured("portfolio", generate, workdir)
    rerun = measured("portfolio", generate, workdir)
    rerun["written"] = _written(rerun["stderr"])
    plain, own = plain_config(workdir), portfolio_config(workdir)
    mkdocs_runs, portfolio_runs = [], []
    build = ["build", "-f", own, "--as-of", AS_OF, "-d", workdir / "site", profiles]
    for number in range(repeats):
        log(f"{n:,} papers: builds, run {number + 1} of {repeats}")
        mkdocs_runs.append(measured("mkdocs", ["build", "-q", "-f", plain, "-d", workdir / "plain-site"], workdir))
        shutil.rmtree(workdir / "site", ignore_errors=True)
        portfolio_runs.append(measured("portfolio", [*build, "--force"], workdir))
    before = file_states(workdir / "site")
    build_rerun = measured("portfolio", build, workdir)  # nothing changed since the last build
    after = file_states(workdir / "site")
    files, size = folder_size(workdir / "site")
    index = index_size(workdir / "site")["bytes"]
    searched = [_search_line(r["stderr"]) for r in portfolio_runs]
    pages = sum(1 for _ in (workdir / "generated").rglob("*.md"))
    combined = [r["peak_mb"] + r["worker_peak_mb"] for r in portfolio_runs]
    return {
        "papers": corpus["papers"],
        "authors": corpus["authors"],
        "pages": pages,
        "repeats": repeats,
        "stages": median_stages(portfolio_runs),
        "worker": median_worker(portfolio_runs),
        "portfolio": {
            "seconds": median(portfolio_runs, "seconds"),
            "peak_mb": median(portfolio_runs, "peak_mb"),
            "worker_peak_mb": median(portfolio_runs, "worker_peak_mb"),
            "combined_mb": statistics.median(combined),
        },
        "mkdocs": {"seconds": median(mkdocs_runs, "seconds"), "peak_mb": median(mkdocs_runs, "peak_mb")},
        "share_runs": [sum(r["stages"].values()) / r["seconds"] for r in portfolio_runs],
        "memory_runs": [c / m["peak_mb"] for c, m in zip(combined, mkdocs_runs)],
        "generate": {"seconds": first["seconds"], "written": _written(first["stderr"])},
        "rerun": {"seconds": rerun["seconds"], "written": rerun["written"]},
        "build_rerun": {
            "seconds": build_rerun["seconds"],
            "skipped": not build_rerun.get("ran", True) and "is up to date" in build_rerun["stderr"],
            "written": sum(1 for name, state in after.items() if before.get(name) != state)
            + sum(1 for name in before if name not in after),
        },
        "site_files": files,
        "site_bytes": size,
        "largest_pages": page_sizes(workdir / "site"),
        "search_index_bytes": index,
        # The search index: what our build waits for it (records made, index finished), and its process beside.
        "search": {
            "waited": statistics.median(r["stages"].get("search", 0.0) for r in portfolio_runs),
            "beside": statistics.median(s["seconds"] for s in searched),
            "cpu": statistics.median(s["cpu"] for s in searched),
            "pages": searched[-1]["pages"],
        },
    }


def bench_linear(small: int, big: int, out: Path, pairs: int) -> dict:
    """Time per paper of `portfolio generate` at two sizes, in pairs of runs one right after the other.

    The machine's speed drifts over a long benchmark (its disk most of all, as the page cache fills), so
    the ratio is taken within each pair, and the median of those is the figure."""
    runs = {small: [], big: []}
    for number in range(1, pairs + 1):
        log(f"linear growth: {small:,} and {big:,} papers, pair {number} of {pairs}")
        for n in (small, big):
            workdir = out / str(n)
            folder = workdir / f"linear-{number}"  # an empty folder: every page and export is written
            shutil.rmtree(folder, ignore_errors=True)
            result = measured(
                "portfolio", ["generate", "--as-of", AS_OF, "--out", folder, workdir / "profiles"], workdir
            )
            runs[n].append({"seconds": result["seconds"], "cpu_seconds": result["cpu_seconds"]})
            shutil.rmtree(folder)
    return {"small": small, "big": big, "runs": runs}


def file_states(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file's size and modification time: what a run that writes nothing leaves as it was."""
    states = {}
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            states[path.relative_to(folder).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return states


def median_worker(runs: list[dict]) -> dict[str, float]:
    """The worker's stage times and CPU seconds (medians), when the builds used one."""
    used = [run["worker"] for run in runs if run.get("worker")]
    if not used:
        return {}
    medians = {}
    for key, value in used[0].items():
        if isinstance(value, dict):  # the worker's peak memory by stage
            medians[key] = {name: statistics.median(w[key].get(name, 0.0) for w in used) for name in value}
        else:
            medians[key] = statistics.median(w.get(key, 0.0) for w in used)
    return medians


def _written(stderr: str) -> int:
    """How many files `portfolio generate` wrote, from its last line."""
    found = re.findall(r": (\d+) written,", stderr)
    return int(found[-1]) if found else -1


# --- where our time goes --------------------------------------------------------------------------------


def profile_stages(n: int, out: Path) -> str:
    """cProfile of our stages (read, model, render, exports) in this process: the top functions."""
    from generator.exports import build_exports
    from generator.pipeline import load_portfolio
    from generator.render import RenderOptions, render_site

    profiles = out / str(n) / "profiles"
    profiler = cProfile.Profile()
    profiler.enable()
    portfolio = load_portfolio([profiles], dt.date.fromisoformat(AS_OF))
    render_site(portfolio, RenderOptions())
    build_exports(portfolio, RenderOptions())
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("cumulative").print_stats(r"generator/", 25)
    (out / f"profile-{n}.txt").write_text(text.getvalue(), "utf-8")
    rows = []
    for (path, _line, function), (_, calls, own, cumulative, _) in stats.stats.items():
        if "/generator/" in path and "/bench/" not in path:
            rows.append((cumulative, own, calls, f"{Path(path).parent.name}/{Path(path).name}:{function}"))
    rows.sort(reverse=True)
    lines = ["| function | calls | own s | with callees s |", "|---|---|---|---|"]
    lines += [f"| `{name}` | {calls:,} | {own:.2f} | {cumulative:.2f} |" for cumulative, own, calls, name in rows[:15]]
    return "\n".join(lines)


# --- a live edit under `portfolio serve` ----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, timeout: float, step: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return None


def bench_serve(n: int, out: Path, edits: int) -> dict:
    """Seconds from saving an edited profile to the served author page showing the edit."""
    workdir = out / str(n)
    profiles = workdir / "profiles"
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log(f"serve at {n:,} papers: starting `portfolio serve`")
    server_log = open(workdir / "serve.log", "w", encoding="utf-8")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            "-f",
            portfolio_config(workdir),
            "-a",
            f"127.0.0.1:{port}",
            "--as-of",
            AS_OF,
            profiles,
        ],
        cwd=workdir,
        env=ENV,
        stdout=server_log,
        stderr=server_log,
        text=True,
    )
    try:
        data = wait_for(lambda: fetch(base + "api/portfolio.json"), timeout=1800, step=1.0)
        if not data:
            raise SystemExit("bench: `portfolio serve` did not come up")
        edited = profiles / "profile_0001.txt"
        slug = next(a["slug"] for a in json.loads(data)["authors"] if edited.name in a["sources"])
        page = f"{base}authors/{slug}/"
        latencies = []
        for number in range(edits):
            text = edited.read_text("utf-8")
            old = int(re.search(r"^h-index(\d+)$", text, re.M)[1])
            new = 100 + (old + 37 * (number + 1)) % 800  # three digits, never the old value
            shown = f'<span class="pf-metric__value">{new}</span><span class="pf-metric__label">h-index'
            time.sleep(2)  # let the watcher settle after the previous build
            start = time.monotonic()
            edited.write_text(re.sub(r"^h-index\d+$", f"h-index{new}", text, count=1, flags=re.M), "utf-8")
            if not wait_for(lambda shown=shown: shown in (fetch(page) or ""), timeout=1800):
                raise SystemExit("bench: the edit never showed up under `portfolio serve`")
            latencies.append(time.monotonic() - start)
            log(f"serve at {n:,} papers: edit {number + 1} showed after {latencies[-1]:.1f} s")
        return {"papers": n, "seconds": statistics.median(latencies), "runs": latencies}
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        server_log.close()


# --- what a visitor gets --------------------------------------------------------------------------------


LISTING_KINDS = (  # page types Lighthouse scores once each, at their largest page
    "authors index",
    "papers index",
    "topics index",
    "year listing",
    "category listing",
    "organisation listing",
    "co-authors by letter",
    "co-author listing",
    "collections index",
    "collection",
    "statistics",
    "radar",
    "CV",
    "author (further page)",
)


def bench_visitors(n: int, out: Path, runs: int) -> dict:
    """Lighthouse (mobile) on the home page, a typical and the largest author page, a typical paper page (each
    `runs` times), and once on the largest page of every other type (listings, statistics, radar, CV)."""
    site = out / str(n) / "site"
    data = json.loads((site / "api/portfolio.json").read_text("utf-8"))
    authors = sorted(data["authors"], key=lambda a: (len(a["papers"]), a["slug"]))
    papers = sorted(data["papers"], key=lambda p: (len(p["abstract"] or ""), p["id"]))
    pages = {
        "home": ("", runs),
        f"author ({len(authors[len(authors) // 2]['papers'])} papers, the median)": (
            f"authors/{authors[len(authors) // 2]['slug']}/",
            runs,
        ),
        f"author ({len(authors[-1]['papers'])} papers, the most)": (f"authors/{authors[-1]['slug']}/", 1),
        "paper (median abstract)": (f"papers/{papers[len(papers) // 2]['id']}/", runs),
    }
    largest = page_sizes(site)
    for kind in LISTING_KINDS:
        if kind in largest:
            pages[f"{kind} (the largest, {largest[kind]['bytes'] / 1024:.0f} KB)"] = (largest[kind]["path"], 1)
    results = {}
    with serving(site) as base:
        for label, (path, count) in pages.items():
            log(f"lighthouse at {n:,} papers: {label}")
            scores = [lighthouse(base + path, out) for _ in range(count)]
            results[label] = {
                key: statistics.median(s[key] for s in scores)
                if isinstance(scores[0][key], (int, float)) and not isinstance(scores[0][key], bool)
                else scores[-1][key]
                for key in scores[0]
            }
            results[label]["path"] = path
            results[label]["runs"] = count
    return results


# --- RESULTS.md -----------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**NOT met**"


def write_results(run: dict, path: Path) -> None:
    """RESULTS.md: the tables, one line per target with its figure, and what changed."""
    sizes = run["sizes"]
    results = {int(n): r for n, r in run["results"].items()}
    lines = [
        "# Benchmark results",
        "",
        f"Produced by `{run['command']}` on {run['started']} ({run['minutes']:.0f} minutes): {os.cpu_count()} cores, "
        f"load average {run['load'][0]:.1f} at the start and {run['load'][1]:.1f} at the end, Python "
        f"{platform.python_version()}, MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}. Times are "
        "wall-clock seconds, medians of the runs given, each run started after a `sync` of the disk; ratios are taken "
        "between runs made one after the other. "
        "Memory is peak RSS in MB.",
        "",
        "| papers | pages | builds | parse | model | render | write | our stages | worker CPU | MkDocs alone "
        "| portfolio build | our share | peak MB: MkDocs alone / ours (+ worker) | site files | site MB "
        "| search index KB per paper | no-change build: s, files written |",
        "|" + "---|" * 17,
    ]
    for n in sizes:
        r = results[n]
        s = r["stages"]
        worker = f"{r['worker']['cpu']:.1f}" if r["worker"] else "none"
        memory = f"{r['mkdocs']['peak_mb']:.0f} / {r['portfolio']['peak_mb']:.0f}"
        if r["worker"]:
            memory += f" (+ {r['portfolio']['worker_peak_mb']:.0f})"
        lines.append(
            f"| {r['papers']:,} | {r['pages']:,} | {r['repeats']} | {s['parse']:.2f} | {s['model']:.2f} | {s['render']:.2f} "
            f"| {s['write']:.2f} | {s['total']:.2f} | {worker} | {r['mkdocs']['seconds']:.1f} | {r['portfolio']['seconds']:.1f} "
            f"| {statistics.median(r['share_runs']):.1%} | {memory} | {r['site_files']:,} | {r['site_bytes'] / 1e6:.0f} "
            f"| {r['search_index_bytes'] / 1024 / r['papers']:.2f} | {r['build_rerun']['seconds']:.2f}, {r['build_rerun']['written']} |"
        )
    lines += [
        "",
        "*MkDocs alone* builds the pages `portfolio generate` wrote (front matter as YAML, bodies through "
        "Markdown) with the project's mkdocs.yml minus our plugin; *portfolio build* reads the sources and "
        "hands MkDocs the same pages. *Our stages* are the generator's own work in the build's process, timed "
        "inside `portfolio build` (including any wait for the worker); from 1,500 papers a worker process renders "
        "page bodies and exports on the second core while MkDocs builds (`generator/worker.py`), and *worker CPU* "
        "is its CPU time. *Our share* is our stages' part of `portfolio build`. A *no-change build* is "
        "`portfolio build` run again with nothing changed.",
        "",
        "## Targets",
        "",
    ]
    lines += target_lines(run, results)
    if run.get("visitors"):
        lines += [
            "",
            f"## Lighthouse (mobile, simulated slow 4G and a 4x slower CPU) on the {run['visitor_size']:,}-paper site",
            "",
            "| page | performance | accessibility | best practices | SEO | transferred KB | requests | LCP s | TBT ms | runs |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for label, v in run["visitors"].items():
            lines.append(
                f"| {label} | {v['performance']:.0f} | {v['accessibility']:.0f} | {v['best-practices']:.0f} "
                f"| {v['seo']:.0f} | {v['transferred'] / 1024:.0f} | {v['requests']:.0f} | {v['lcp_ms'] / 1000:.1f} "
                f"| {v['tbt_ms']:.0f} | {v['runs']} |"
            )
        lines += [
            "",
            "Served with gzip, as GitHub Pages serves it. Every page, once idle, fetched Pagefind's engine for "
            "search (its script, WebAssembly and table of contents: about 160 KB at 20,000 papers, counted in "
            "*transferred*, fetched once for the whole site); none fetched an index chunk or sitemap.xml.",
        ]
    biggest = max(sizes)
    if results[biggest].get("largest_pages"):
        largest = results[biggest]["largest_pages"]
        lines += [
            "",
            f"## The largest generated page of each type at {results[biggest]['papers']:,} papers",
            "",
            "| page type | pages | largest (KB of HTML) | that page |",
            "|---|---|---|---|",
        ]
        for kind, v in sorted(largest.items(), key=lambda kv: -kv[1]["bytes"]):
            lines.append(f"| {kind} | {v['pages']:,} | {v['bytes'] / 1024:.0f} | `{v['path'] or '(home)'}` |")
    if run.get("bibliographies"):
        b = run["bibliographies"]
        lines += [
            "",
            f"## A {run['bibliographies_size']:,}-paper site from saved pages, and half from bibliographies",
            "",
            "`bench/synth.py --bibliographies`: half of each profile's papers leave its page for a BibTeX file or a "
            "CSL-JSON export beside it (every author, a venue, a DOI); the generator puts them back on their authors' "
            "pages by name. The two corpora were built in turn.",
            "",
            "| corpus | papers on the site | portfolio build (median s) | runs | our stages |",
            "|---|---|---|---|---|",
        ]
        for name, v in b.items():
            lines.append(
                f"| {name} | {v['papers']:,} | {v['seconds']:.1f} | {', '.join(f'{s:.1f}' for s in v['runs'])} "
                f"| {v['stages']['total']:.2f} |"
            )
    if run.get("profile"):
        lines += [
            "",
            f"## Where our time goes now (cProfile of our stages in one process at {run['profile_size']:,} papers)",
            "",
            "Cumulative seconds under the profiler (which slows Python code about twice); the full listing is in "
            f"`{run['out']}/profile-{run['profile_size']}.txt`.",
            "",
            run["profile"],
        ]
    search = path.parent / "RESULTS-search.md"
    if search.is_file():  # bench/search.py's own run: the visitor's first search, ours beside Material's
        body = search.read_text("utf-8").split("\n", 1)[1].replace("\n## Targets\n", "\n### Targets\n")
        lines += ["", "## Search for visitors (from bench/RESULTS-search.md, its own command)", body.rstrip()]
    lines += ["", "## What the profiler found, what changed and what each change bought", ""]
    lines += [f"- {line}" for line in CHANGES]
    path.write_text("\n".join(lines) + "\n", "utf-8")


def target_lines(run: dict, results: dict[int, dict]) -> list[str]:
    """One line per target of the issue: a bold label, the measured figure and whether it is met (or why it
    was not measured)."""
    lines = []

    def line(label: str, text: str) -> None:
        lines.append(f"- **{label}**: {text}")

    def unmeasured(label: str, needs: str) -> None:
        line(label, f"not measured in this run (needs {needs}).")

    for n in (5000, 20000):
        if n in results:
            r = results[n]
            share = statistics.median(r["share_runs"])
            line(
                f"Our share of the build at {n:,} papers",
                f"our stages take {r['stages']['total']:.1f} s of the {r['portfolio']['seconds']:.0f} s of `portfolio build`, "
                f"{share:.1%} (target at most 5%): {verdict(share <= 0.05)}.{why('share', share <= 0.05)}",
            )
        else:
            unmeasured(f"Our share of the build at {n:,} papers", f"{n} in --sizes")
    if 20000 in results:
        r = results[20000]
        total = r["stages"]["total"]
        cpu = f" (the worker spent {r['worker']['cpu']:.0f} s of CPU on the other core)" if r["worker"] else ""
        line(
            "Our stages at 20,000 papers",
            f"{total:.1f} s{cpu} (target at most 5 s): {verdict(total <= 5)}.{why('absolute', total <= 5)}",
        )
    else:
        unmeasured("Our stages at 20,000 papers", "20000 in --sizes")
    if run.get("linear"):
        linear, papers = run["linear"], {n: results[n]["papers"] for n in (1000, 20000)}
        runs = {int(n): values for n, values in linear["runs"].items()}

        def per_paper(n: int, key: str) -> list[float]:
            return [1000 * value[key] / papers[n] for value in runs[n]]

        ratios = [b / s for s, b in zip(per_paper(1000, "seconds"), per_paper(20000, "seconds"))]
        cpu_ratios = [b / s for s, b in zip(per_paper(1000, "cpu_seconds"), per_paper(20000, "cpu_seconds"))]
        ratio = statistics.median(ratios)
        in_build = " / ".join(f"{1000 * results[n]['stages']['total'] / papers[n]:.2f}" for n in (20000, 1000))
        line(
            "Linear growth",
            f"our stages run alone (`portfolio generate`, one process: read, model, render, write every "
            f"page and export into an empty folder) take {statistics.median(per_paper(20000, 'seconds')):.2f} ms per "
            f"paper at 20,000 papers and {statistics.median(per_paper(1000, 'seconds')):.2f} ms at 1,000: "
            f"{ratio:.2f}x, the median of {len(ratios)} pairs of runs made one after the other "
            f"({', '.join(f'{r:.2f}' for r in ratios)}; in CPU time {statistics.median(cpu_ratios):.2f}x) "
            f"(target at most 1.3x): {verdict(ratio <= 1.3)}. (Inside `portfolio build`, where the worker takes "
            f"rendering off the build's process from 1,500 papers: {in_build} ms per paper at 20,000 / 1,000.)"
            f"{why('linear', ratio <= 1.3)}",
        )
    else:
        unmeasured("Linear growth", "1000 and 20000 in --sizes")
    if 20000 in results:
        r = results[20000]
        ratio = statistics.median(r["memory_runs"])
        worker = f" plus its worker's {r['portfolio']['worker_peak_mb']:.0f} MB" if r["worker"] else ""
        line(
            "Peak memory at 20,000 papers",
            f"`portfolio build` {r['portfolio']['peak_mb']:.0f} MB{worker}, MkDocs alone "
            f"{r['mkdocs']['peak_mb']:.0f} MB: {ratio:.2f}x, counting both processes whole (pages they share after the fork "
            f"count twice; target at most 1.2x): {verdict(ratio <= 1.2)}.{why('memory', ratio <= 1.2)}",
        )
    else:
        unmeasured("Peak memory at 20,000 papers", "20000 in --sizes")
    largest = max(results)
    r = results[largest]
    b = r["build_rerun"]
    ok = (
        b["skipped"]
        and b["written"] == 0
        and b["seconds"] < 1
        and r["rerun"]["written"] == 0
        and r["rerun"]["seconds"] < 1
    )
    state = (
        verdict(ok) if largest == 20000 else f"{'met' if ok else 'NOT met'} at {largest:,} papers, 20,000 not measured"
    )
    line(
        "No-change re-run",
        f"at {largest:,} papers `portfolio build` run again with nothing changed "
        f"{'stopped as up to date' if b['skipped'] else 'built again'} and wrote {b['written']} files in {b['seconds']:.2f} s "
        f"(the whole command, once Python has started); `portfolio generate` wrote {r['rerun']['written']} files in "
        f"{r['rerun']['seconds']:.2f} s (target no file and under 1 s at 20,000 papers): {state}.{why('rerun', ok)}",
    )
    if run.get("serve"):
        s = run["serve"]
        ok = s["seconds"] <= 5
        state = (
            verdict(ok)
            if s["papers"] == 5000
            else f"{'met' if ok else 'NOT met'} at {s['papers']:,} papers, 5,000 not measured"
        )
        line(
            "Live edit under `portfolio serve`",
            f"an edited profile in a {s['papers']:,}-paper site showed on the served "
            f"page after {s['seconds']:.1f} s (median of {len(s['runs'])}: {', '.join(f'{x:.1f}' for x in s['runs'])}; "
            f"target within 5 s at 5,000 papers): {state}. The page is fetched until it shows the new h-index, and "
            f"`tests/test_incremental.py` checks every rebuild against a build from nothing.{why('serve', ok)}",
        )
    else:
        unmeasured("Live edit under `portfolio serve`", "--serve-size with that size in --sizes")
    per = {n: results[n]["search_index_bytes"] / 1024 / results[n]["papers"] for n in results}
    biggest = max(results)
    waited = results[biggest]["search"]["waited"]
    line(
        "Search index",
        f"Pagefind's index on disk: {', '.join(f'{per[n]:.2f} KB per paper at {n:,} papers' for n in sorted(per))} "
        f"(a visitor downloads only the pieces a query needs: bench/search.py, RESULTS-search.md). Indexing runs beside "
        f"the build ({results[biggest]['search']['beside']:.0f} s, {results[biggest]['search']['cpu']:.0f} s of CPU at "
        f"{biggest:,} papers); the build waits {waited:.1f} s for it (target at most 10 s at 20,000 papers): "
        f"{verdict(waited <= 10) if biggest == 20000 else ('met' if waited <= 10 else 'NOT met') + f' at {biggest:,} papers, 20,000 not measured'}. "
        "The browser tests (`tests/browser/test_browser_search_index.py`) find a seeds paper by its title, by its last "
        "author and by a distinctive word from the end of its abstract.",
    )
    biggest = max(results)
    if results[biggest].get("largest_pages"):
        largest = results[biggest]["largest_pages"]
        kind, top = max(largest.items(), key=lambda kv: kv[1]["bytes"])
        ok = top["bytes"] <= 300 * 1024
        line(
            f"Largest generated page at {biggest:,} papers",
            f"{top['bytes'] / 1024:.0f} KB of HTML ({kind}, `{top['path']}`; target at most 300 KB): {verdict(ok)}.",
        )
    if run.get("bibliographies"):
        b = run["bibliographies"]
        pages, bib = b["saved pages"]["seconds"], b["half from bibliographies"]["seconds"]
        ok = bib <= pages * 1.10
        line(
            f"Half the papers from bibliographies at {run['bibliographies_size']:,} papers",
            f"`portfolio build` {bib:.1f} s against {pages:.1f} s from saved pages only ({bib / pages - 1:+.1%}; target "
            f"within +10%): {verdict(ok)}.",
        )
    visitors = run.get("visitors")
    if visitors:
        for label, v in visitors.items():
            ok = v["performance"] >= 95 and v["accessibility"] == 100 and v["best-practices"] >= 95 and v["seo"] == 100
            weight = ""
            if label.startswith("paper"):
                light = v["transferred"] < 500 * 1024
                weight = f"; it transferred {v['transferred'] / 1024:.0f} KB (target under 500 KB): {verdict(light)}"
            failed = (
                f" Audits below full marks: {', '.join(v['failed_audits'])}."
                if v.get("failed_audits") and not ok
                else ""
            )
            line(
                f"Lighthouse at {run['visitor_size']:,} papers, {label}",
                f"performance {v['performance']:.0f}, "
                f"accessibility {v['accessibility']:.0f}, best practices {v['best-practices']:.0f}, SEO {v['seo']:.0f} "
                f"(targets 95, 100, 95, 100): {verdict(ok)}{weight}.{failed}{why('lighthouse', ok)}",
            )
    else:
        line("Lighthouse", f"not measured in this run ({run.get('visitor_skip') or 'no size given'}).")
    return lines


def why(target: str, ok: bool) -> str:
    """For a target not met: why, and what it would take."""
    return "" if ok else " " + WHY[target]


WHY = {
    "share": "What is left in the build's process is reading the sources (about 0.05 ms per kilobyte), assembling "
    "the model and the index, the front matter MkDocs needs before it builds pages, and MkDocs' own File and "
    "Page objects for every generated page; the rest already runs in the worker. Going lower would take "
    "reading the sources in the worker too (the model has to exist before MkDocs can list the pages) or "
    "caching the parsed sources between builds.",
    "absolute": "See the share above: the same work, and reading 34 MB of sources is about a quarter of it.",
    "linear": "Something grows faster than the number of papers; the profile above shows which stage.",
    "memory": "The worker is a fork of the build holding the model while it renders; its peak adds to the build's "
    "(see the worker's own peaks by stage in `bench/out/results.json`). Rendering in the build's own "
    "process instead (PORTFOLIO_WORKER=off) keeps one process, at the cost of time.",
    "rerun": "The re-run compares a digest of every input with the record of the last run and the size and time of "
    "every file it left; at this size walking the site folder dominates.",
    "serve": "The rebuild after an edit keeps every unchanged page (replay.py) but still reads the sources, builds "
    "the model and writes MkDocs' own files again; a slower machine or disk moves it past 5 s.",
    "lighthouse": "See the Lighthouse table and the audits named.",
}

# What changed, oldest first; module paths as they were at the time (the package's layout is in CONTRIBUTING.md).
CHANGES = [
    "**Before** (the first version of this file, same machine): `portfolio build` took 26.9 s at 1,000 papers and "
    "160.7 s at 5,000, of which our stages 9.4 s and 43.5 s; the search index was 3.1 KB per paper; an edit under "
    "`portfolio serve` rebuilt everything (30.4 s at 5,000 papers); a no-change build did all the work again.",
    "**Pages reach MkDocs as data, not as Markdown text** (`generator/prerendered.py`). A generated page's body "
    "is HTML that Markdown leaves exactly as it is (`tests/test_fast_path.py` checks it on the seeds, fixtures and "
    "hostile corpus), and its front matter is data we hold: MkDocs gets the page's `meta`, `content` and anchors "
    "directly, without our YAML writing, its YAML parsing, its Markdown conversion or its raw-HTML anchor scan. "
    "This is most of why `portfolio build` is now faster than MkDocs alone on the same pages (see the table).",
    "**Links go by way of the site root** (`generator/urls.py`): `posixpath.relpath` was the single biggest cost "
    "of rendering, and a paper's list item now has the same HTML on every page at one depth, rendered once per "
    "depth (`shared_paper_item` in `render.py`).",
    "**Abstract matching** (`generator/matching.py`): candidates come from distinctive terms and only the best 20 "
    "are scored exactly, then one tokenisation per paper with vector lengths and postings computed in C "
    "(`Counter`, `map`, set intersection), postings only for terms the entries have, and `best_group` over the "
    "papers each entry scores; papers are tokenised twice rather than every paper's term counts kept. Same scores "
    "to 4e-15 and the same attachments on the seeds, the fixtures and the 1,000 to 20,000-paper corpora. Model "
    "stage at 20,000 papers, in one process: 6.0 s to 3.9 s, and its peak memory 640 MB to 140 MB.",
    "**Rendering and exports** (cProfile at 5,000 and 20,000 papers): no math scan of text without `$` (the regular "
    "expression ran over every abstract four times), one MathML rendering per abstract, templates not re-checked on "
    "disk, feed entries written once and reused by every feed that lists the paper (with ElementTree's escaping; "
    "`tests/test_feeds.py`), exports reusing the pages' BibTeX keys and each paper's JSON. At 20,000 papers, in "
    "one process: rendering 10.9 s to 9.1 s, exports 7.5 s to 3.9 s. Feeds now hold the newest 50 papers "
    "(`feed_entries`): a feed of every paper was 30 MB at 20,000 papers.",
    "**A second process renders while MkDocs builds** (`generator/worker.py`): from 1,500 papers, a worker forked "
    "once the model exists matches the abstract lists, renders every page body in the order MkDocs builds pages, "
    "compacts their search entries and writes the exports, while MkDocs reads pages and renders their themes on the "
    "other core; MkDocs reads only titles, tags and dates before it builds pages, and the build makes those itself "
    "(`render.early_meta`); the worker writes those first, then the author and collection pages MkDocs builds "
    "first, then matches. Our stages inside `portfolio build`: at 5,000 papers 4.5 s to about 0.8 s, at 20,000 "
    "papers from about 18 s (everything in one process) to about 3.4 s. The site is byte-identical either way "
    "(`tests/test_worker.py`, also when the worker dies part way). Exports are written one by one as they are "
    "made, so the worker's peak stays well under the build's.",
    "**A lighter search index** (then `generator/search_index.py`, since replaced): listing pages were left out of "
    "Material's index, a paper page gave one entry instead of four: 3.1 KB to about 1.2 KB per paper. Material's "
    "search has since given way to Pagefind's chunked index built from the model (`generator/search/`, "
    "bench/RESULTS-search.md): a visitor downloads only the pieces a query needs.",
    "**Nothing a visitor does not need** (`theme_overrides/assets/javascripts/on-demand.js`): Material fetched the "
    "whole search index on every page load, and sitemap.xml too (for every `<link rel=alternate>`, which here are "
    "feeds). Material's index waited until the visitor opened search; Pagefind's engine (script, WebAssembly, "
    "table of contents: about 90 KB at 100 papers, 160 KB at 20,000) is now fetched and made ready once the page "
    "is idle, a small site's word index with it, unless the browser saves data (bench/RESULTS-search.md). The "
    "home page of a big site shows the 24 most "
    "prolific authors (the Authors page has them all), and topic pages' JSON-LD lists their newest 100 papers.",
    "**Live edits** (`generator/incremental.py`, `generator/replay.py`): under `portfolio serve` each rebuild "
    "reuses what did not change: parsed sources by their bytes, the abstract-list scores, each page by a "
    "fingerprint of what it is made from, each author's exports, and MkDocs' finished pages and search entries "
    "while the configuration, theme, hand-written pages and site-wide labels are as before (dirty builds: MkDocs "
    "writes only changed files; everything is rebuilt when anything pages share changes). 30.4 s to about 3.5 s "
    "at 5,000 papers; `tests/test_incremental.py` compares every rebuild with a build from nothing.",
    "**No-change re-runs** (`generator/rerun.py`): `portfolio build` and `portfolio generate` record a digest of "
    "every input and the state of every file they left; the same inputs over an untouched output stop at once. "
    "The build's check walks the site folder once with `os.scandir` (0.90 s to 0.78 s at 20,000 papers, most of "
    "it the stat of 70,000 files).",
    "**Writing pages** (`generator/emit.py`, cProfile of `portfolio generate` at 20,000 papers): every file's "
    "folder was resolved three times to check for links leading out of the output folder (a fifth of the run); "
    "each folder is now checked once per pass: 44 s to 36 s for the 20,000-paper `portfolio generate`.",
    "Earlier (kept): libyaml's emitter for front matter, and a navigation of five section pages with every paper "
    "page out of the nav (MkDocs embeds the nav in every page).",
    "**Insights on every author, paper and listing page** (`generator/insights/`, wired in `render/site.py`): charts, "
    "trajectory, co-author network, similar researchers, related papers, the lab table, radar, statistics and a CV "
    "per author. The text index and related papers are computed once per build (in the worker from 1,500 papers) "
    "and kept under `portfolio serve` while no text changed; fingerprints hold what pages show, not the scores. "
    "Their cost is in bench/RESULTS-insights.md (the stages, and the build with them against the build without).",
    "**Live edits, again** (cProfile of a rebuild under a simulated `portfolio serve` at 5,000 papers): the export "
    "texts of the last build were kept by an object made anew each build, so every rebuild wrote all 11,000 export "
    "files again (now kept by the serve session: `tests/test_incremental.py::"
    "test_a_dirty_rebuild_writes_no_export_file_whose_text_did_not_change`); no cycle collection runs during a "
    "serve build (four full collections over all the session keeps cost 0.4 s each; the garbage is collected once "
    "the search index is written); the search records are made after the build with the index. The edit that "
    "showed in 9.1 s (5.5 s once the index followed the build) shows in under 3 s.",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000,20000", help="comma-separated numbers of papers")
    parser.add_argument("--repeats", type=int, default=3, help="builds per size up to 1,000 papers (median)")
    parser.add_argument("--big-repeats", type=int, default=3, help="builds per size from 5,000 papers (median)")
    parser.add_argument(
        "--linear-pairs", type=int, default=3, help="pairs of 1,000 and 20,000-paper runs for the growth ratio"
    )
    parser.add_argument("--serve-size", type=int, default=5000, help="size for the live-edit test (0: skip)")
    parser.add_argument("--serve-edits", type=int, default=2)
    parser.add_argument(
        "--lighthouse-size",
        type=int,
        default=None,
        help="size whose site Lighthouse scores (default: the largest; 0: skip)",
    )
    parser.add_argument("--lighthouse-runs", type=int, default=3)
    parser.add_argument(
        "--bibliographies-size", type=int, default=20000, help="size of the bibliographies comparison (0: skip)"
    )
    parser.add_argument("--bibliographies-repeats", type=int, default=2)
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    parser.add_argument("--results", type=Path, default=BENCH / "RESULTS.md")
    args = parser.parse_args(argv)
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip())
    started = time.time()
    args.out.mkdir(parents=True, exist_ok=True)
    shown = args.out.resolve()
    run = {
        "out": shown.relative_to(ROOT).as_posix() if shown.is_relative_to(ROOT) else str(shown),
        "command": "python bench/run.py" + "".join(f" {a}" for a in (argv if argv is not None else sys.argv[1:])),
        "started": time.strftime("%Y-%m-%d %H:%M"),
        "sizes": sizes,
        "results": {},
        "load": [os.getloadavg()[0]],
    }
    for n in sizes:
        run["results"][n] = bench_size(n, args.repeats if n <= 1000 else args.big_repeats, args.out)
        (args.out / "results.json").write_text(json.dumps(run, indent=1), "utf-8")
    if 1000 in sizes and 20000 in sizes and args.linear_pairs:
        run["linear"] = bench_linear(1000, 20000, args.out, args.linear_pairs)
    profile_size = 1000 if 1000 in sizes else sizes[0]
    run["profile_size"], run["profile"] = profile_size, profile_stages(profile_size, args.out)
    if args.serve_size and args.serve_size in sizes:
        run["serve"] = bench_serve(args.serve_size, args.out, args.serve_edits)
    if args.bibliographies_size:
        run["bibliographies_size"] = args.bibliographies_size
        run["bibliographies"] = bench_bibliographies(args.bibliographies_size, args.out, args.bibliographies_repeats)
        (args.out / "results.json").write_text(json.dumps(run, indent=1), "utf-8")
    visitor_size = max(sizes) if args.lighthouse_size is None else args.lighthouse_size
    skip = lighthouse_available()
    if visitor_size and visitor_size in sizes and skip is None:
        run["visitor_size"], run["visitors"] = (
            visitor_size,
            bench_visitors(visitor_size, args.out, args.lighthouse_runs),
        )
    else:
        run["visitor_skip"] = skip or "--lighthouse-size 0"
    run["load"].append(os.getloadavg()[0])
    run["minutes"] = (time.time() - started) / 60
    (args.out / "results.json").write_text(json.dumps(run, indent=1), "utf-8")
    write_results(run, args.results)
    log(f"wrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
