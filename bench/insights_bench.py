"""Benchmark of generator.insights: what each insight costs on synthetic portfolios, how the related-paper search
grows, how good its candidates are, and our co-author layout against networkx's spring layout.

Usage: python bench/insights_bench.py [--sizes 1000,5000,20000] [--out bench/out] [--results bench/RESULTS-insights.md]

Each size runs in a fresh process (bench/synth.py corpus, seed 1, as of 2026-11-22): the portfolio is loaded
(not timed), then each stage is timed, wall clock and CPU, with the peak memory after it. The related-paper
search is checked against scoring every pair exactly on a sample of papers (recall of the top five). The
layout comparison needs networkx and numpy (`pip install networkx numpy`); without them it is skipped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

AS_OF = dt.date(2026, 11, 22)
SEED = 1
NOTES_MARKER = "<!-- notes: kept when the tables above are written again -->"
SAMPLE_PAIRS = 400_000  # pairs scored exactly to check the related-paper search (200 papers at 1,000)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(stages: dict, name: str, work):
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    stages[name] = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu, "peak_mb": peak_mb()}
    return result


def brute_force_scores(portfolio, texts, pid: str) -> dict[str, float]:
    """The definition the fast search must meet: every other paper scored exactly."""
    from generator.insights.text import AUTHOR_WEIGHT, SCORE_DIGITS, _author_keys

    vector = texts.vector(pid)
    mine = _author_keys(portfolio.papers[pid])
    scores = {}
    for other in texts.ids:
        if other == pid:
            continue
        cosine = sum(w * vector.get(t, 0.0) for t, w in zip(texts.terms[other], texts.weights[other]))
        theirs = _author_keys(portfolio.papers[other])
        shared = sum(1 for key in mine if key in theirs)
        overlap = AUTHOR_WEIGHT * shared / math.sqrt(len(mine) * len(theirs)) if shared else 0.0
        scores[other] = round(cosine + overlap, SCORE_DIGITS)
    return scores


def run_one(corpus: Path) -> dict:
    """Every stage on one corpus, in this process."""
    from generator import insights, load_portfolio
    from generator.index import build_index

    started = time.perf_counter()
    portfolio = load_portfolio([corpus], as_of=AS_OF)
    site = build_index(portfolio)
    loaded = time.perf_counter() - started
    base_peak = peak_mb()
    stages: dict = {}
    texts = timed(stages, "text index", lambda: insights.TextIndex(portfolio.papers))
    related = timed(stages, "related papers", lambda: insights.related_papers(portfolio.papers, texts))
    profiles = timed(stages, "author profiles", lambda: insights.author_profiles(portfolio.authors, texts))
    similar = timed(stages, "similar researchers", lambda: insights.similar_authors(portfolio, texts, profiles))
    timed(stages, "radar", lambda: insights.radar(portfolio, texts, profiles))
    timed(stages, "site statistics", lambda: insights.site_statistics(portfolio, site))
    timed(stages, "lab table + CSV", lambda: insights.lab_csv(insights.lab_table(portfolio, lambda a: a.slug)))
    charts = timed(
        stages,
        "author charts + network",
        lambda: [
            insights.author_insights(portfolio, site, a, lambda x: x.slug, similar.get(a.slug))
            for a in portfolio.authors
        ],
    )
    timed(
        stages,
        "CV + JSON Resume",
        lambda: [(insights.cv_data(a, portfolio), insights.json_resume(a, portfolio)) for a in portfolio.authors],
    )
    svg_bytes = [len(str(svg).encode()) for c in charts for svg in (c.output.svg, c.mix.svg, c.network.svg) if svg]
    sample = random.Random(SEED).sample(texts.ids, min(len(texts.ids), SAMPLE_PAIRS // len(texts.ids)))
    recalls, ratios = [], []
    for pid in sample:
        exact = brute_force_scores(portfolio, texts, pid)
        best = sorted(exact, key=lambda o: (-exact[o], o))[:5]
        recalls.append(len({r.paper for r in related[pid]} & set(best)) / max(1, len(best)))
        ratios.append(sum(r.score for r in related[pid]) / (sum(exact[o] for o in best) or 1.0))
    recall, score_ratio = statistics.mean(recalls), statistics.mean(ratios)
    touched = sum(len(texts.postings.get(t, ())) for pid in texts.ids for t in texts.terms[pid][texts.frequent[pid] :])
    return {
        "papers": len(portfolio.papers),
        "authors": len(portfolio.authors),
        "collections": len(portfolio.collections),
        "load_s": loaded,
        "base_peak_mb": base_peak,
        "stages": stages,
        "recall": recall,
        "score_ratio": score_ratio,
        "sample": len(sample),
        "postings_per_paper": touched / max(1, len(texts.ids)),
        "largest_svg": max(svg_bytes, default=0),
        "related_lists_of_5": sum(1 for v in related.values() if len(v) == 5) / max(1, len(related)),
    }


def crossings(positions: dict, edges) -> int:
    """How many pairs of edges without a shared end cross."""

    def ccw(a, b, c):
        return (c[1] - a[1]) * (b[0] - a[0]) - (b[1] - a[1]) * (c[0] - a[0])

    segments = [(positions[a], positions[b], a, b) for a, b in edges]
    count = 0
    for i, (p1, p2, a1, b1) in enumerate(segments):
        for q1, q2, a2, b2 in segments[i + 1 :]:
            if {a1, b1} & {a2, b2}:
                continue
            if ccw(p1, q1, q2) * ccw(p2, q1, q2) < 0 and ccw(p1, p2, q1) * ccw(p1, p2, q2) < 0:
                count += 1
    return count


def spring_layout(nodes, edges):
    """networkx's force-directed layout, seeded, weighted by shared papers, scaled into the unit disc."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in edges.items())
    layout = nx.spring_layout(graph, seed=SEED, weight="weight", center=(0, 0))
    radius = max(math.hypot(*xy) for xy in layout.values()) or 1.0
    return {key: (float(x) / radius, float(y) / radius) for key, (x, y) in layout.items()}


def compare_layouts(corpus: Path | None, seeds: Path | None) -> list[dict]:
    """Our ring layout and networkx's spring layout on the seed authors and the 10 busiest synthetic ones."""
    from generator import load_portfolio
    from generator.index import build_index
    from generator.insights import network, ring_layout
    from generator.model import normalise_name

    rows = []
    for label, folder, pick in (("seeds", seeds, None), ("synthetic", corpus, 10)):
        if folder is None or not folder.is_dir():
            continue
        portfolio = load_portfolio([folder], as_of=AS_OF)
        site = build_index(portfolio)
        authors = sorted(portfolio.authors, key=lambda a: (-len(a.papers), a.slug))[:pick]
        for author in authors:
            for name, layout in (("ring (ours)", ring_layout), ("networkx spring_layout", spring_layout)):
                if name.startswith("networkx"):
                    try:
                        import networkx  # noqa: F401
                        import numpy  # noqa: F401
                    except ImportError:
                        continue
                net = network(portfolio, site, author, layout=layout)
                if not net.shown:
                    continue
                nodes = [normalise_name(author.name)] + [c.key for c in net.shown]  # as network() lays them out
                times = []
                for _ in range(5):
                    started = time.perf_counter()
                    positions = layout(nodes, net.edges)
                    times.append(time.perf_counter() - started)
                again = network(portfolio, site, author, layout=layout).svg
                closest = min(
                    (math.dist(positions[a], positions[b]) for i, a in enumerate(nodes) for b in nodes[i + 1 :]),
                    default=0.0,
                )
                rows.append(
                    {
                        "set": label,
                        "author": author.name,
                        "layout": name,
                        "nodes": len(nodes),
                        "edges": len(net.edges),
                        "ms": statistics.median(times) * 1000,
                        "crossings": crossings(positions, list(net.edges)),
                        "closest": closest,
                        "deterministic": str(again) == str(net.svg),
                        "svg_bytes": len(str(net.svg).encode()),
                    }
                )
    return rows


def write_results(path: Path, runs: dict[int, dict], layouts: list[dict], command: str) -> None:
    lines = [
        "# Insights benchmark",
        "",
        f"`{command}` on {dt.date.today().isoformat()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average at the start {os.getloadavg()[0]:.1f} (the machine is shared: CPU seconds are the steadier figure).",
        "",
        "Corpora: bench/synth.py, seed 1, as of 2026-11-22. Each size in a fresh process; loading the portfolio "
        "is not counted. Seconds are wall clock / CPU; peak memory is the process's after each stage.",
        "",
    ]
    sizes = sorted(runs)
    names = list(runs[sizes[0]]["stages"])
    lines.append(
        "| stage | " + " | ".join(f"{runs[n]['papers']:,} papers: s wall / CPU (peak MB)" for n in sizes) + " |"
    )
    lines.append("|---" * (len(sizes) + 1) + "|")
    for name in names:
        cells = [
            f"{runs[n]['stages'][name]['wall']:.2f} / {runs[n]['stages'][name]['cpu']:.2f} "
            f"({runs[n]['stages'][name]['peak_mb']:.0f})"
            for n in sizes
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    totals = [sum(s["cpu"] for s in runs[n]["stages"].values()) for n in sizes]
    walls = [sum(s["wall"] for s in runs[n]["stages"].values()) for n in sizes]
    lines.append("| **all insights** | " + " | ".join(f"**{w:.2f} / {c:.2f}**" for w, c in zip(walls, totals)) + " |")
    lines += [
        "",
        "| size | authors | collections | memory before insights (MB) | related: postings read per paper | "
        "related: recall of the exact top 5 | related: their summed score over the exact top 5's | papers checked | "
        "papers with 5 related | largest SVG (bytes) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n in sizes:
        r = runs[n]
        lines.append(
            f"| {r['papers']:,} | {r['authors']:,} | {r['collections']:,} | {r['base_peak_mb']:.0f} | "
            f"{r['postings_per_paper']:.0f} | {r['recall']:.3f} | {r['score_ratio']:.3f} | {r['sample']} | "
            f"{r['related_lists_of_5']:.3f} | {r['largest_svg']:,} |"
        )
    if len(sizes) > 1:
        small, big = runs[sizes[0]], runs[sizes[-1]]
        ratio = (big["stages"]["related papers"]["cpu"] / big["papers"]) / (
            small["stages"]["related papers"]["cpu"] / small["papers"]
        )
        lines += [
            "",
            f"Related papers, CPU per paper at {big['papers']:,} over that at {small['papers']:,}: "
            f"{ratio:.2f}x for {big['papers'] / small['papers']:.0f}x the papers (1 = linear; a search over every "
            "pair would be about as many times as there are more papers).",
        ]
    if layouts:
        lines += [
            "",
            "## Co-author layout: ours (ring) against networkx's spring_layout (seed 1, weighted)",
            "",
            "Nodes: the author and their 20 most frequent co-authors. Crossings: pairs of edges that cross; "
            "closest: the smallest distance between two nodes, the drawing's radius being 1.",
            "",
            "| set | author | layout | nodes | edges | ms (median of 5) | crossings | closest | same bytes twice | SVG bytes |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for row in layouts:
            lines.append(
                f"| {row['set']} | {row['author']} | {row['layout']} | {row['nodes']} | {row['edges']} | "
                f"{row['ms']:.2f} | {row['crossings']} | {row['closest']:.3f} | {row['deterministic']} | {row['svg_bytes']:,} |"
            )
        for layout in ("ring (ours)", "networkx spring_layout"):
            chosen = [r for r in layouts if r["layout"] == layout]
            if chosen:
                lines.append(
                    f"\n{layout}: median {statistics.median(r['ms'] for r in chosen):.2f} ms, "
                    f"median crossings {statistics.median(r['crossings'] for r in chosen):.0f}, "
                    f"median closest {statistics.median(r['closest'] for r in chosen):.3f}."
                )
    notes = ""  # what a person wrote under the marker is kept when the tables are written again
    if path.is_file() and NOTES_MARKER in path.read_text("utf-8"):
        notes = NOTES_MARKER + path.read_text("utf-8").split(NOTES_MARKER, 1)[1]
    path.write_text("\n".join(lines) + "\n" + ("\n" + notes if notes else ""), "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    parser.add_argument("--results", type=Path, default=BENCH / "RESULTS-insights.md")
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # a child process: one corpus, JSON out
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one)))
        return 0
    from synth import generate_corpus

    runs = {}
    for n in (int(size) for size in args.sizes.split(",")):
        corpus = args.out / f"insights-{n}"
        if not corpus.is_dir():
            print(f"insights bench: writing {n:,} papers to {corpus}", file=sys.stderr)
            generate_corpus(corpus, n, seed=SEED)
        print(f"insights bench: {n:,} papers", file=sys.stderr)
        child = subprocess.run(
            [sys.executable, __file__, "--one", str(corpus)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        runs[n] = json.loads(child.stdout.splitlines()[-1])
    largest = args.out / f"insights-{max(runs)}"
    layouts = compare_layouts(largest, args.seeds if args.seeds.is_dir() else None)
    command = "python bench/insights_bench.py" + ("" if args.sizes == "1000,5000,20000" else f" --sizes {args.sizes}")
    write_results(args.results, runs, layouts, command)
    print(f"insights bench: wrote {args.results}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
