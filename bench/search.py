"""What searching costs a visitor: the time from the keystroke to the first results, and the bytes it transfers.

The site is served with gzip on 127.0.0.1 (bench/visitors.py). Chromium, driven by Playwright, opens a paper
page in a fresh profile (nothing cached, nothing searched yet), waits until the page is quiet, then presses
`/` and types the query in one go; the clock runs from that keystroke until the first result is in the page
(measured inside the page). Network and CPU are throttled through the DevTools protocol as Lighthouse's
profiles do: *phone* is its mobile profile (slow 4G: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, CPU
4x slower), *desktop* its desktop profile (40 ms, 10 Mbit/s, CPU as is). DevTools' throttling covers the
search's Web Worker too: its requests are slowed like the page's, its CPU somewhat less (about 2.4x at 4x).

It works on our Pagefind search and on Material's search alike (it finds which one the page has), so the
same corpus built with the old code gives the old figures side by side.

Usage: python bench/search.py stage [--sizes 100,20000] [--runs 3] [--baseline REV]   (writes bench/RESULTS-search.md)
       python bench/search.py measure SITE [SITE...] [--runs 5] [--query transformer]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from visitors import CHROMIUM, serving  # noqa: E402

MBIT = 1_000_000 / 8  # bytes per second
PROFILES = {
    "phone": {
        "latency": 150,
        "download": 1.6 * MBIT,
        "upload": 0.75 * MBIT,
        "cpu": 4,
        "context": {
            "viewport": {"width": 412, "height": 823},
            "device_scale_factor": 1.75,
            "is_mobile": True,
            "has_touch": True,
        },
    },
    "desktop": {
        "latency": 40,
        "download": 10 * MBIT,
        "upload": 10 * MBIT,
        "cpu": 1,
        "context": {"viewport": {"width": 1350, "height": 940}},
    },
}
# The first result of each search, and which search a page has.
OURS, MATERIAL = "#pf-search-results [role=option]", ".md-search-result__item"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SEARCH_FILES = re.compile(r"/pagefind/|/search/search_index\.json|/workers/search\.")  # either search's files
# Installed before the keystroke: the time from the `/` key to the first result element in the page.
WATCH = """(selector) => {
  window.__firstResult = new Promise((resolve) => {
    let start = null;
    window.addEventListener("keydown", (event) => { if (event.key === "/" && start === null) start = performance.now(); }, true);
    new MutationObserver((changes, observer) => {
      if (start !== null && document.querySelector(selector)) { observer.disconnect(); resolve(performance.now() - start); }
    }).observe(document.body, {childList: true, subtree: true});
  });
}"""


# The time of the first result, or an error after two minutes (a broken search must not hang the benchmark).
FIRST_RESULT = "Promise.race([window.__firstResult, new Promise((_, no) => setTimeout(() => no(new Error('no result in 120 s')), 120000))])"


def search_once(browser, url: str, profile: dict, query: str) -> dict:
    """One visitor: open `url`, search `query`; seconds to the first result, bytes until then and for the first page."""
    context = browser.new_context(**profile["context"], service_workers="block")
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": profile["latency"],
                "downloadThroughput": profile["download"],
                "uploadThroughput": profile["upload"],
            },
        )
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile["cpu"]})
        loaded: list[tuple[float, int, str]] = []
        page.on("requestfinished", lambda request: loaded.append((time.monotonic(), _size(request), request.url)))
        page.goto(url, wait_until="load", timeout=180_000)
        page.wait_for_load_state("networkidle", timeout=180_000)
        selector = OURS if page.locator("[data-pf-search]").count() else MATERIAL
        # what the page fetched for search before any (Pagefind's engine when idle; Material's whole index)
        ahead = sum(size for _, size, address in loaded if SEARCH_FILES.search(address))
        finished: list[tuple[float, int, str]] = []
        page.on("requestfinished", lambda request: finished.append((time.monotonic(), _size(request), request.url)))
        page.evaluate(WATCH, selector)
        pressed = time.monotonic()
        page.keyboard.press("/")
        page.keyboard.insert_text(query)
        first = page.evaluate(FIRST_RESULT) / 1000
        _quiet(finished, 1.5)
        until_first = [size for at, size, _ in finished if at - pressed <= first + 0.05]
        return {
            "seconds": first,
            "bytes_first": sum(until_first),
            "requests_first": len(until_first),
            "bytes_page": sum(size for _, size, _ in finished),
            "bytes_ahead": ahead,
            "requests_page": len(finished),
            "search": "pagefind" if selector == OURS else "material",
            "results": page.locator(selector).count(),
        }
    finally:
        context.close()


def _size(request) -> int:
    """Bytes on the wire for a response: its headers and its (compressed) body."""
    try:
        sizes = request.sizes()
    except Exception:  # noqa: BLE001 - a request the page abandoned has no sizes
        return 0
    return sizes["responseBodySize"] + sizes["responseHeadersSize"]


def _quiet(finished: list, seconds: float, limit: float = 120.0) -> None:
    """Wait until no request has finished for `seconds` (the results after the first are fetched too)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        last = finished[-1][0] if finished else 0.0
        if time.monotonic() - last >= seconds:
            return
        time.sleep(0.2)


def bench_search(sites: dict[str, Path], runs: int = 5, query: str = "transformer", page: str | None = None) -> dict:
    """Medians over `runs` visitors per site and profile: {label: {profile: {...}}}. `page`: the page searched
    from (default: the paper page of median abstract length, the same in every site)."""
    from playwright.sync_api import sync_playwright

    results: dict[str, dict] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            for label, site in sites.items():
                path = page or typical_paper(site)
                with serving(site) as base:
                    results[label] = {"page": path}
                    for name, profile in PROFILES.items():
                        measured = [search_once(browser, base + path, profile, query) for _ in range(runs)]
                        results[label][name] = summary(measured)
        finally:
            browser.close()
    return results


def summary(runs: list[dict]) -> dict:
    numbers = {
        key: statistics.median(run[key] for run in runs) for key in runs[0] if isinstance(runs[0][key], (int, float))
    }
    return {
        **numbers,
        "runs": len(runs),
        "search": runs[0]["search"],
        "all_seconds": [round(r["seconds"], 3) for r in runs],
    }


def typical_paper(site: Path) -> str:
    """The page of the paper with the median abstract length (api/portfolio.json)."""
    data = json.loads((site / "api/portfolio.json").read_text("utf-8"))
    papers = sorted(data["papers"], key=lambda p: (len(p["abstract"] or ""), p["id"]))
    return f"papers/{papers[len(papers) // 2]['id']}/"


def index_size(site: Path) -> dict:
    """The search index on disk: Pagefind's folder or Material's search_index.json."""
    folder = site / "pagefind"
    if folder.is_dir():
        files = [p for p in folder.rglob("*") if p.is_file()]
        return {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}
    index = site / "search" / "search_index.json"
    return {"files": 1, "bytes": index.stat().st_size} if index.is_file() else {"files": 0, "bytes": 0}


# --- the stage: both searches on the same corpora, and what indexing costs the build ---------------------

# Runs `portfolio` from another revision's code (a folder made by `git archive`) with this environment's packages:
# the editable install of this checkout is taken off the import path first, and MkDocs is given the revision's
# plugin entry point.
BASELINE_BOOT = r"""
import sys
code = sys.argv[1]
sys.meta_path[:] = [finder for finder in sys.meta_path if type(finder).__name__ != "_EditableFinder"]
sys.path.insert(0, code)
import generator
assert generator.__file__.startswith(code), generator.__file__
# MkDocs finds the plugin by this environment's entry point: the one the revision declares instead
import importlib.metadata, re, mkdocs.plugins
project = open(code + "/pyproject.toml", encoding="utf-8").read()
declared = re.search(r'mkdocs\.plugins"\]\s*portfolio = "([^"]+)"', project)[1]
installed = mkdocs.plugins.get_plugins
mkdocs.plugins.get_plugins = lambda: {
    **installed(), "portfolio": importlib.metadata.EntryPoint("portfolio", declared, "mkdocs.plugins")
}
from generator.cli import main
sys.exit(main(sys.argv[2:]))
"""


def baseline_revision() -> str:
    """The last commit before this search (the one whose child added generator/search/records.py)."""
    import subprocess

    added = subprocess.run(
        ["git", "log", "--diff-filter=A", "--format=%H", "--", "generator/search/records.py"],
        cwd=HERE.parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return subprocess.run(
        ["git", "rev-parse", f"{added[-1]}^"], cwd=HERE.parent, capture_output=True, text=True, check=True
    ).stdout.strip()


def build_baseline(revision: str, profiles: Path, site: Path, out: Path) -> dict:
    """`portfolio build` of the corpus with that revision's code, theme and mkdocs.yml (Material's search); reused
    when `site` already holds that revision's build of the same corpus."""
    import subprocess

    from run import AS_OF, ENV, log

    stamp = site.parent / f"{site.name}.json"
    corpus = sorted([p.name, p.stat().st_size] for p in profiles.iterdir())  # as JSON gives it back
    if stamp.is_file() and site.is_dir():
        known = json.loads(stamp.read_text("utf-8"))
        if known.get("revision") == revision and known.get("corpus") == corpus:
            log(f"search: reusing the baseline build in {site} ({revision[:10]})")
            return known
    code = out / f"code-{revision[:10]}"
    if not code.is_dir():
        code.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", revision], cwd=HERE.parent, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
    config = site.parent / "baseline.yml"
    config.write_text(
        (code / "mkdocs.yml")
        .read_text("utf-8")
        .replace("custom_dir: theme_overrides", f"custom_dir: {code / 'theme_overrides'}"),
        "utf-8",
    )
    (site.parent / "docs").mkdir(exist_ok=True)
    log(f"search: building the corpus with {revision[:10]} into {site}")
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-c",
            BASELINE_BOOT,
            str(code),
            "build",
            "-f",
            str(config),
            "--as-of",
            AS_OF,
            "--force",
            "-d",
            str(site),
            str(profiles),
        ],
        cwd=site.parent,
        env=ENV,
        check=True,
        capture_output=True,
    )
    known = {"revision": revision, "corpus": corpus, "seconds": time.perf_counter() - started}
    stamp.write_text(json.dumps(known), "utf-8")
    return known


def run_stage(sizes: list[int], runs: int, revision: str, out: Path) -> dict:
    """Both searches at each size: a corpus (bench/synth.py, the main benchmark's seed), built with this code
    (`portfolio build`, timed) and with `revision`'s, then visitors on each."""
    import shutil

    from run import AS_OF, SEED, _search_line, log, measured, portfolio_config
    from synth import generate_corpus

    stage = {"revision": revision, "runs": runs, "query": "transformer", "sizes": {}}
    for n in sizes:
        workdir = out / str(n)
        profiles = workdir / "profiles"
        shutil.rmtree(profiles, ignore_errors=True)
        workdir.mkdir(parents=True, exist_ok=True)
        generate_corpus(profiles, n, seed=SEED)
        log(f"search: {n:,} papers, portfolio build with this code")
        built = measured(
            "portfolio",
            ["build", "-f", portfolio_config(workdir), "--as-of", AS_OF, "--force", "-d", workdir / "site", profiles],
            workdir,
        )
        baseline = build_baseline(revision, profiles, workdir / "site-baseline", out)
        log(f"search: {n:,} papers, visitors")
        visitors = bench_search({"pagefind": workdir / "site", "material": workdir / "site-baseline"}, runs)
        stage["sizes"][n] = {
            "build_seconds": built["seconds"],
            "baseline_build_seconds": baseline["seconds"],
            "search_stage": built["stages"].get("search", 0.0),
            "index": _search_line(built["stderr"]),
            "index_size": index_size(workdir / "site"),
            "baseline_index_size": index_size(workdir / "site-baseline"),
            "visitors": visitors,
        }
        (out / "search.json").write_text(json.dumps(stage, indent=1), "utf-8")
    return stage


def write_results(stage: dict, path: Path, command: str) -> None:
    """RESULTS-search.md: first results and bytes, ours beside Material's, and what indexing costs the build."""
    lines = [
        "# Search for visitors: Pagefind beside Material's search",
        "",
        f"`{command}` ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}). "
        f"Baseline: Material's search as built by `{stage['revision'][:10]}` on the same corpus. Query "
        f"`{stage['query']}`, typed at once on a paper page that has not searched yet; medians of {stage['runs']} "
        "fresh browser profiles, each loading the page and waiting until the network is quiet before the keystroke. "
        "*First results*: from the keystroke to the first result in the page. *KB after the keystroke*: bytes on "
        "the wire (headers and compressed bodies) for the first ten results; *fetched ahead*: for search, with the "
        "page or when it was idle (Pagefind's engine; Material's whole index). Phone: Lighthouse's mobile "
        "profile (150 ms, 1.6 Mbit/s down, 750 kbit/s up, CPU 4x slower); desktop: its desktop profile (40 ms, "
        "10 Mbit/s, CPU as is); both through the DevTools protocol, on a gzip-serving local server.",
        "",
        "| papers | search | phone: first results | desktop: first results | KB after the keystroke | requests "
        "| KB fetched ahead | index on disk |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for n, size in sorted(stage["sizes"].items(), key=lambda kv: int(kv[0])):
        for label, disk in (("pagefind", size["index_size"]), ("material", size["baseline_index_size"])):
            v = size["visitors"][label]
            name = "Pagefind (this)" if label == "pagefind" else "Material (before)"
            lines.append(
                f"| {int(n):,} | {name} | {v['phone']['seconds']:.2f} s | {v['desktop']['seconds']:.2f} s | "
                f"{v['phone']['bytes_page'] / 1024:,.0f} | {v['phone']['requests_page']:.0f} | "
                f"{v['phone'].get('bytes_ahead', 0) / 1024:,.0f} | "
                f"{disk['bytes'] / 1024 / 1024:,.1f} MB in {disk['files']:,} files |"
            )
    lines += ["", "## Targets", ""]
    big = stage["sizes"].get(20000) or stage["sizes"].get("20000")
    small = stage["sizes"].get(100) or stage["sizes"].get("100")
    if big:
        v = big["visitors"]["pagefind"]
        phone, desktop = v["phone"]["seconds"], v["desktop"]["seconds"]
        kb = (v["phone"]["bytes_page"] + v["phone"].get("bytes_ahead", 0)) / 1024
        ok = {"phone": phone <= 2.0, "desktop": desktop <= 0.5, "kb": kb <= 300}
        lines.append(
            f"- **First results at 20,000 papers**: {phone:.2f} s on the phone (target 2.0 s): "
            f"{'**met**' if ok['phone'] else '**NOT met**'}; {desktop:.2f} s on desktop (target 0.5 s): "
            f"{'**met**' if ok['desktop'] else '**NOT met**'} (each run: phone {v['phone']['all_seconds']}, "
            f"desktop {v['desktop']['all_seconds']})."
        )
        lines.append(
            f"- **Transferred at 20,000 papers**: {kb:.0f} KB for the first ten results, what was fetched ahead "
            f"included (target at most 300 KB): {'**met**' if ok['kb'] else '**NOT met**'}; Material's search "
            f"transferred {big['visitors']['material']['phone']['bytes_page'] / 1024:,.0f} KB after the keystroke and "
            f"{big['visitors']['material']['phone'].get('bytes_ahead', 0) / 1024:,.0f} KB with the page."
        )
        lines.append(
            f"- **Indexing at 20,000 papers**: the build waited {big['search_stage']:.1f} s for search (its "
            f"records made, then the index finished; target at most 10 s): "
            f"{'**met**' if big['search_stage'] <= 10 else '**NOT met**'}. Pagefind worked "
            f"{big['index']['seconds']:.0f} s ({big['index']['cpu']:.0f} s of CPU) beside the build, which took "
            f"{big['build_seconds']:.0f} s; the baseline's build of the same corpus took "
            f"{big['baseline_build_seconds']:.0f} s."
        )
    if big and big.get("other_build"):
        other = big["other_build"]
        ok = other["seconds"] <= big["baseline_build_seconds"]
        lines.append(
            f"- **The whole build at 20,000 papers, no slower than with Material's search**: "
            f"{big['build_seconds']:.0f} s with this code, whose build also computes the insights "
            f"(bench/RESULTS-insights.md); {other['seconds']:.0f} s with `{other['revision'][:10]}`, this search "
            f"before the insights; {big['baseline_build_seconds']:.0f} s with Material's search (`"
            f"{stage['revision'][:10]}`): {'**met**' if ok else '**NOT met**'} (one build each)."
        )
    if small:
        ours, theirs = small["visitors"]["pagefind"], small["visitors"]["material"]
        ok = all(ours[p]["seconds"] <= theirs[p]["seconds"] for p in ("phone", "desktop"))
        lines.append(
            f"- **At 100 papers, no slower than before**: phone {ours['phone']['seconds']:.2f} s against "
            f"{theirs['phone']['seconds']:.2f} s, desktop {ours['desktop']['seconds']:.2f} s against "
            f"{theirs['desktop']['seconds']:.2f} s: {'**met**' if ok else '**NOT met**'}."
        )
    path.write_text("\n".join(lines) + "\n", "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    stage = commands.add_parser("stage", help="build both searches at each size, measure, write RESULTS-search.md")
    stage.add_argument("--sizes", default="100,20000")
    stage.add_argument("--runs", type=int, default=3)
    stage.add_argument(
        "--baseline", default=None, help="revision with Material's search (default: the one before ours)"
    )
    stage.add_argument("--out", type=Path, default=HERE / "out" / "search")
    stage.add_argument("--results", type=Path, default=HERE / "RESULTS-search.md")
    build = commands.add_parser(
        "build-time",
        help="build the last stage's corpus with another revision (say, Pagefind before the insights) and add its "
        "time to RESULTS-search.md",
    )
    build.add_argument("revision")
    build.add_argument("--size", type=int, default=20000)
    build.add_argument("--out", type=Path, default=HERE / "out" / "search")
    build.add_argument("--results", type=Path, default=HERE / "RESULTS-search.md")
    measure = commands.add_parser("measure", help="measure the search of built sites")
    measure.add_argument("sites", nargs="+", type=Path, metavar="SITE")
    measure.add_argument("--runs", type=int, default=5)
    measure.add_argument("--query", default="transformer")
    measure.add_argument("--page", default=None, help="the page to search from (default: a typical paper page)")
    args = parser.parse_args(argv)
    if args.command == "measure":
        print(
            json.dumps(
                bench_search({str(site): site for site in args.sites}, args.runs, args.query, args.page), indent=1
            )
        )
        return 0
    if args.command == "build-time":
        import subprocess

        stage = json.loads((args.out / "search.json").read_text("utf-8"))
        revision = subprocess.run(
            ["git", "rev-parse", args.revision], cwd=HERE.parent, capture_output=True, text=True, check=True
        ).stdout.strip()
        workdir = args.out / str(args.size)
        built = build_baseline(revision, workdir / "profiles", workdir / f"site-{revision[:10]}", args.out)
        stage["sizes"][str(args.size)]["other_build"] = {"revision": revision, "seconds": built["seconds"]}
        (args.out / "search.json").write_text(json.dumps(stage, indent=1), "utf-8")
        command = stage.get("command", "python bench/search.py stage")
        write_results(stage, args.results, f"{command}` then `python bench/search.py build-time {args.revision}")
        return 0
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip())
    result = run_stage(sizes, args.runs, args.baseline or baseline_revision(), args.out)
    command = "python bench/search.py stage" + "".join(f" {a}" for a in (argv if argv is not None else sys.argv[2:]))
    result["command"] = command
    (args.out / "search.json").write_text(json.dumps(result, indent=1), "utf-8")
    write_results(result, args.results, command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
