"""What the insights add to `portfolio build`: the same corpus built by this checkout and by a revision without
them (checked out beside it with `git worktree`), interleaved so that a busy machine slows both alike.

Usage: python bench/insights_overhead.py --before REV [--papers 20000] [--repeats 3] [--out bench/out/overhead]
                                         [--results bench/RESULTS-insights.md]

Each build runs in a fresh process (`python -m generator build --force`), its own checkout first on the
import path; wall time and the CPU time of the build and its worker processes are recorded, and the sizes of
the author and paper pages. The table replaces the section of the same title in the results file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synth import generate_corpus  # noqa: E402

AS_OF = "2026-11-22"
SEED = 1
TITLE = "## What the insights add to `portfolio build`"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(checkout: Path, profiles: Path, site: Path) -> dict:
    """One `portfolio build` of `profiles` by the generator in `checkout`, with that checkout's mkdocs.yml."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": str(checkout)}
    for name in ("PORTFOLIO_AS_OF", "PORTFOLIO_AUTHORS", "PORTFOLIO_PROFILES", "PORTFOLIO_STRICT"):
        env.pop(name, None)
    shutil.rmtree(site, ignore_errors=True)
    os.sync()
    cpu, start = children_cpu(), time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--force", "--as-of", AS_OF, "-d", str(site), str(profiles)],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds, cpu = time.monotonic() - start, children_cpu() - cpu
    if run.returncode not in (0, 1):  # 1: the corpus's stray abstracts are reported as warnings
        raise SystemExit(f"insights_overhead: the build in {checkout} failed:\n{run.stderr[-3000:]}")
    return {"seconds": seconds, "cpu": cpu}


def page_sizes(site: Path, folder: str) -> list[int]:
    return [p.stat().st_size for p in (site / folder).glob("*/index.html")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="a revision without the insights wired into the site")
    parser.add_argument("--papers", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "overhead")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS-insights.md")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    before = out / "before"
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(before), args.before], cwd=ROOT, check=True, capture_output=True
    )
    try:
        corpus = generate_corpus(out / "profiles", args.papers, seed=SEED)
        runs: dict[str, list[dict]] = {"without insights": [], "with insights": []}
        for number in range(args.repeats):
            for name, checkout in (("without insights", before), ("with insights", ROOT)):
                runs[name].append(build(checkout, out / "profiles", out / name.replace(" ", "-")))
                print(f"insights_overhead: {name}, run {number + 1}: {runs[name][-1]}", file=sys.stderr, flush=True)
        sizes = {name: page_sizes(out / name.replace(" ", "-"), "authors") for name in runs}
        papers = {name: page_sizes(out / name.replace(" ", "-"), "papers") for name in runs}
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(before)], cwd=ROOT, check=False)
    wall = {name: statistics.median(r["seconds"] for r in rs) for name, rs in runs.items()}
    cpu = {name: statistics.median(r["cpu"] for r in rs) for name, rs in runs.items()}
    added = wall["with insights"] / wall["without insights"] - 1
    lines = [
        TITLE,
        "",
        f"`python bench/insights_overhead.py --before {args.before} --papers {args.papers} --repeats {args.repeats}`"
        f" on {dt.date.today().isoformat()}, {os.cpu_count()} cores, Python {platform.python_version()}, load average"
        f" at the start {os.getloadavg()[0]:.1f}. Corpus: bench/synth.py, seed {SEED}: {corpus['papers']:,} papers,"
        f" {corpus['authors']:,} profiled authors. Each build in a fresh process, the two checkouts in turn; medians"
        f" of {args.repeats}.",
        "",
        "| build | s wall (median) | CPU s, build and worker (median) | runs (s wall) | largest author page (KB)"
        " | largest paper page (KB) |",
        "|---|---|---|---|---|---|",
    ]
    for name in runs:
        seconds = ", ".join(f"{r['seconds']:.1f}" for r in runs[name])
        lines.append(
            f"| {name} | {wall[name]:.1f} | {cpu[name]:.1f} | {seconds}"
            f" | {max(sizes[name]) / 1024:.0f} | {max(papers[name]) / 1024:.0f} |"
        )
    lines += [
        "",
        f"The insights add **{added:+.1%}** to the build's wall time (target: at most +15%) and"
        f" {cpu['with insights'] / cpu['without insights'] - 1:+.1%} to its CPU time.",
        "",
    ]
    text = args.results.read_text("utf-8") if args.results.exists() else ""
    if TITLE in text:
        start = text.index(TITLE)
        following = text.find("\n## ", start + len(TITLE))
        text = text[:start] + "\n".join(lines) + (text[following + 1 :] if following != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + "\n".join(lines)
    args.results.write_text(text, "utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
