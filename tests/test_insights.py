"""generator.insights: charts, trajectory, network, similarity, lab table, CV and JSON Resume, checked against
numbers recomputed from the model, parsed as other tools parse them (BeautifulSoup, csv, jsonschema)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import itertools
import json
import math
import random
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from generator import insights
from generator.index import build_index
from generator.insights.charts import slots_of, stacked_chart
from generator.insights.cv import cv_data, json_resume
from generator.insights.network import MAX_COAUTHORS, network, ring_layout
from generator.insights.text import TextIndex, content_terms, related_papers
from generator.insights.trajectory import trajectory
from generator.latex import plain_latex
from generator.layout import Urls
from generator.model import Author, Collection, Paper, Portfolio, normalise_name
from generator.render import PageContext, RenderOptions, make_environment
from tests.conftest import AS_OF, ROOT

SCHEMA = ROOT / "schemas" / "json-resume.schema.json"
HOSTILE = [
    "<script>window.__pwned=1</script>",
    '"onload="alert(1)',
    "{{x}}",
    "{% raw %}",
    "</svg><img src=x onerror=alert(1)>",
    "a & b ' c",
    "${7*7}",
]


@pytest.fixture(scope="module")
def seeded(seeds):
    from generator import load_portfolio

    portfolio = load_portfolio([seeds], as_of=AS_OF)
    return portfolio, build_index(portfolio)


def author_named(portfolio, name):
    return next(a for a in portfolio.authors if a.name == name)


def svg_of(markup) -> BeautifulSoup:
    return BeautifulSoup(str(markup), "html.parser")


def link(author: Author) -> str:
    return f"../../authors/{author.slug}/"


# --- small model builders ------------------------------------------------------------------------------


def paper(
    pid, title=None, year=2020, category="LG", authors=("Ada Lovelace",), abstract=None, upvotes=None, score=None
):
    return Paper(
        title=title or pid.replace("-", " "),
        authors=list(authors) if authors is not None else None,
        category=category,
        date=dt.date(year, 6, 1) if year else None,
        abstract=abstract,
        id=pid,
        upvotes=upvotes,
        score=score,
    )


def portfolio_of(papers, authors, collections=()):
    return Portfolio(
        authors=list(authors), papers={p.id: p for p in papers}, collections=list(collections), as_of=AS_OF
    )


# --- output over time ----------------------------------------------------------------------------------


def bars_of(svg) -> dict[str, dict[str, int]]:
    """From the drawing alone: slot -> series -> count."""
    bars = {}
    for bar in svg_of(svg).select("g.pf-bar"):
        counts = Counter()
        for segment in bar.select("rect[data-series]"):
            counts[segment["data-series"]] += int(segment["data-count"])
        bars[bar["data-slot"]] = counts
    return bars


def test_deng_output_bars_add_up_to_his_papers_and_categories(seeded):
    portfolio, site = seeded
    deng = author_named(portfolio, "Zhi-Hong Deng")
    result = insights.author_insights(portfolio, site, deng, link)
    bars = bars_of(result.output.svg)
    papers = portfolio.papers_of(deng)
    assert sum(sum(c.values()) for c in bars.values()) == len(papers) == 42
    by_category = Counter(p.category for p in papers)
    drawn = Counter()
    for counts in bars.values():
        drawn.update(counts)
    assert dict(drawn) == dict(by_category)  # every category has its own series: 5 < 7
    assert {slot: sum(c.values()) for slot, c in bars.items()} == dict(Counter(str(p.year) for p in papers))
    # each bar's total label and accessible name say the same numbers
    for bar in svg_of(result.output.svg).select("g.pf-bar"):
        total = int(bar["data-total"])
        assert bar.select_one("text.pf-bar__total").get_text() == str(total)
        assert bar.find("title").get_text().startswith(f"{bar['data-slot']}: {total} paper")
        assert bar["tabindex"] == "0" and bar["role"] == "img"


def test_the_table_beside_the_chart_holds_the_same_numbers(seeded):
    portfolio, site = seeded
    deng = author_named(portfolio, "Zhi-Hong Deng")
    result = insights.author_insights(portfolio, site, deng, link)
    html = render_macro("author_insights", page_context(site, "authors/zhi-hong-deng.md"), result)
    soup = BeautifulSoup(html, "html.parser")
    table = soup.select_one("section.pf-insight--output table")
    headings = [th.get_text() for th in table.select("thead th")]
    assert headings[0] == "Year" and headings[-1] == "Total"
    bars = bars_of(result.output.svg)
    series_keys = [s.key for s in result.output.series]
    for row in table.select("tbody tr"):
        year = row.th.get_text()
        cells = [int(td.get_text()) for td in row.select("td")]
        assert cells[-1] == sum(cells[:-1])
        assert cells[:-1] == [bars.get(year, Counter()).get(key, 0) for key in series_keys]
    assert [int(td.get_text()) for td in table.select("tfoot td")][-1] == 42
    figure = soup.select_one("section.pf-insight--output figure svg")
    assert figure["role"] == "group"
    labelled = figure["aria-labelledby"].split()
    assert all(figure.find(id=i) is not None and figure.find(id=i).get_text() for i in labelled)


def test_years_without_papers_are_drawn_as_gaps_and_undated_papers_last():
    papers = [paper("a", year=2010), paper("b", year=2013), paper("c", year=None)]
    chart = stacked_chart(papers, "t", "T")
    assert [bar.slot.label for bar in chart.bars] == ["2010", "2011", "2012", "2013", "Undated"]
    assert [bar.total for bar in chart.bars] == [1, 0, 0, 1, 1]
    assert set(bars_of(chart.svg)) == {"2010", "2013", "Undated"}


def test_long_careers_are_grouped_into_periods_that_cover_every_year():
    slots = slots_of(range(1951, 2027), 30)
    assert len(slots) <= 30
    covered = [year for slot in slots for year in range(slot.first, slot.last + 1)]
    assert covered == list(range(covered[0], 2027)) and covered[0] <= 1951


def test_more_categories_than_colours_share_one_other_series():
    codes = ["LG", "CV", "CL", "AI", "IR", "RO", "NE", "CR", "DS", "SD"]
    papers = [paper(f"p{i}-{j}", category=code, year=2000 + j) for i, code in enumerate(codes) for j in range(i + 1)]
    papers.append(paper("none", category=None))
    chart = stacked_chart(papers, "t", "T")
    assert len(chart.series) == 7
    assert chart.series[-1].key == "" and "or none" in chart.series[-1].label
    other = chart.series_total("")
    assert other == len(papers) - sum(chart.series_total(s.key) for s in chart.series[:-1])
    # colour and hatching both differ between every two series
    assert len({s.colour for s in chart.series}) == len({s.pattern for s in chart.series}) == 7


def big_author(years=60, coauthors=60):
    codes = ["LG", "CV", "CL", "AI", "IR", "RO", "NE", "CR", "DS", "SD", "math.OC", "stat.ML"]
    people = [f"Person Number{i} Withaverylongsurname" for i in range(coauthors)]
    papers = []
    for i in range(400):
        authors = ["Grace Hopper", people[i % coauthors], people[(i * 7) % coauthors], people[(i * 13) % coauthors]]
        papers.append(paper(f"p{i}", year=1966 + i % years, category=codes[i % len(codes)], authors=authors))
    author = Author("Grace Hopper", papers=[p.id for p in papers], slug="grace-hopper")
    return portfolio_of(papers, [author]), author


def test_every_chart_stays_under_30_kb_for_a_long_busy_career():
    portfolio, author = big_author()
    site = build_index(portfolio)
    result = insights.author_insights(portfolio, site, author, link)
    for svg in (result.output.svg, result.mix.svg, result.network.svg):
        assert len(str(svg).encode("utf-8")) < 30_000
    assert len(result.network.shown) == MAX_COAUTHORS and result.network.hidden == 40
    assert sum(sum(c.values()) for c in bars_of(result.output.svg).values()) == 400


# --- trajectory ----------------------------------------------------------------------------------------


def test_a_shift_is_stated_with_its_years_and_counts():
    papers = (
        [paper(f"a{i}", year=2018 + i % 4, category="CL") for i in range(6)]
        + [paper("x", year=2019, category="LG")]
        + [paper(f"b{i}", year=2022 + i % 3, category="LG") for i in range(7)]
        + [paper("y", year=2023, category="CL")]
    )
    path = trajectory(papers)
    assert path.shifted
    assert path.sentence == (
        "Mostly Computation and Language (cs.CL) until 2021 (6 of 7 papers), "
        "mostly Machine Learning (cs.LG) since 2022 (7 of 8)."
    )


def test_no_shift_when_one_field_dominates_throughout_or_nothing_dominates():
    steady = [paper(f"a{i}", year=2015 + i, category="LG" if i % 3 else "CV") for i in range(9)]
    path = trajectory(steady)
    assert not path.shifted and path.sentence.startswith("Mostly Machine Learning (cs.LG) from 2015 to 2023 (6 of 9")
    mixed = [paper(f"m{i}", year=2015 + i // 4, category=code) for i, code in enumerate(["LG", "CV", "CL", "AI"] * 3)]
    assert trajectory(mixed).sentence is None
    assert trajectory([paper("one", year=2020)]).sentence is None  # too few papers to say anything


def test_a_tie_at_the_top_is_not_mostly_anything():
    papers = [paper(f"a{i}", year=2010, category="CL") for i in range(3)] + [
        paper(f"b{i}", year=2010, category="LG") for i in range(3)
    ]
    papers += [paper(f"c{i}", year=2020, category="CV") for i in range(6)]
    assert not trajectory(papers).shifted  # before 2020 is a CL/LG tie


def test_seed_trajectories_follow_the_rule(seeded):
    portfolio, _ = seeded
    for author in portfolio.authors:
        path = trajectory(portfolio.papers_of(author))
        if path.shifted:  # recompute both sides from the model
            papers = [p for p in portfolio.papers_of(author) if p.year and p.category]
            before = Counter(p.category for p in papers if p.year <= path.before.last)
            since = Counter(p.category for p in papers if p.year >= path.since.first)
            assert before.most_common(1)[0] == (path.before.category, path.before.count)
            assert since.most_common(1)[0] == (path.since.category, path.since.count)
            assert path.before.count >= 0.4 * sum(before.values()) and path.since.count >= 0.4 * sum(since.values())
            assert path.before.category != path.since.category
    deng = trajectory(portfolio.papers_of(author_named(portfolio, "Zhi-Hong Deng")))
    assert deng.sentence and "since" in deng.sentence


# --- co-author network ---------------------------------------------------------------------------------


def test_network_edges_are_shared_papers_recomputed_from_the_model(seeded):
    portfolio, site = seeded
    deng = author_named(portfolio, "Zhi-Hong Deng")
    net = network(portfolio, site, deng, link)
    own = normalise_name(deng.name)
    papers = portfolio.papers_of(deng)
    counts = Counter(k for p in papers for k in {normalise_name(n) for n in p.authors or []} - {own})
    assert [(c.key, c.papers) for c in net.coauthors] == sorted(
        counts.items(), key=lambda kv: (-kv[1], site.coauthors[kv[0]].label.casefold(), kv[0])
    )
    assert net.shown == net.coauthors[:MAX_COAUTHORS]
    soup = svg_of(net.svg)
    for line in soup.select("line.pf-edge"):
        a, b = line.find("title").get_text().split(": ")[0].split(" and ")
        weight = int(line["data-weight"])
        keys = {normalise_name(a), normalise_name(b)} - {own}  # the author is on every paper of theirs, listed or not
        assert weight == sum(1 for p in papers if keys <= {normalise_name(n) for n in p.authors or []})
    nodes = soup.select(".pf-node")
    assert len(nodes) == len(net.shown) + 1


def test_profiled_coauthors_are_links_to_their_pages(seeded):
    portfolio, site = seeded
    fu = author_named(portfolio, "Deqing Fu")
    deng = author_named(portfolio, "Zhi-Hong Deng")
    fu_paper = paper("shared", authors=["Deqing Fu", "Zhi-Hong Deng"])
    joined = dataclasses.replace(
        portfolio,
        papers={**portfolio.papers, "shared": fu_paper},
        authors=[dataclasses.replace(fu, papers=fu.papers + ["shared"]), deng],
    )
    net = network(joined, build_index(joined), joined.authors[0], link, most=100)
    anchors = svg_of(net.svg).select("a.pf-node--profiled")
    assert [(a["href"], a.find("text").get_text()) for a in anchors] == [
        ("../../authors/zhi-hong-deng/", "Zhi-Hong Deng")
    ]


def test_ring_layout_puts_people_who_write_together_side_by_side():
    nodes = ["me", "a", "b", "c", "d", "e", "f"]
    edges = {("a", "d"): 3, ("b", "e"): 3, ("c", "f"): 2, **{("me", x) if "me" < x else (x, "me"): 1 for x in "abcdef"}}
    at = ring_layout(nodes, edges)
    assert at["me"] == (0.0, 0.0)
    side = 2 * math.sin(math.pi / 6)  # neighbours on a ring of six
    for x, y in (("a", "d"), ("b", "e"), ("c", "f")):
        assert math.dist(at[x], at[y]) == pytest.approx(side)


# --- related papers and similar researchers ------------------------------------------------------------


def test_the_two_fourier_addition_papers_point_at_each_other(seeded):
    portfolio, _ = seeded
    related = related_papers(portfolio.papers)
    addition = next(
        p.id for p in portfolio.papers.values() if p.title.startswith("Pre-trained Large Language Models Use Fourier")
    )
    fone = next(p.id for p in portfolio.papers.values() if p.title.startswith("FoNE"))
    assert related[addition][0].paper == fone and related[fone][0].paper == addition
    reason = related[addition][0]
    assert any("fourier" in term for term in reason.terms)
    assert set(reason.coauthors) == {"Deqing Fu", "Tianyi Zhou"}
    assert "Shared terms:" in reason.reason and "shared authors: " in reason.reason


def brute_force_scores(portfolio, texts):
    """Every pair scored the slow way (the definition the fast search must agree with)."""
    from generator.insights.text import AUTHOR_WEIGHT

    def names(p):
        return {normalise_name(n) for n in p.authors or []}

    scores = {}
    for a, b in itertools.permutations(texts.ids, 2):
        va, vb = texts.vectors[a], texts.vectors[b]
        cosine = sum(w * vb.get(t, 0.0) for t, w in va.items())
        na, nb = names(portfolio.papers[a]), names(portfolio.papers[b])
        overlap = AUTHOR_WEIGHT * len(na & nb) / math.sqrt(len(na) * len(nb)) if na and nb else 0.0
        scores[a, b] = cosine + overlap
    return scores


def test_related_papers_are_the_best_scored_and_their_scores_are_exact(seeded):
    portfolio, _ = seeded
    texts = TextIndex(portfolio.papers)
    related = related_papers(portfolio.papers, texts)
    scores = brute_force_scores(portfolio, texts)
    assert all(len(entries) == 5 for entries in related.values())
    agree = 0
    for pid, entries in related.items():
        for entry in entries:
            assert entry.score == pytest.approx(scores[pid, entry.paper], abs=1e-5)
            assert entry.terms or entry.coauthors
        assert [e.score for e in entries] == sorted((e.score for e in entries), reverse=True)
        best = sorted((o for o in texts.ids if o != pid), key=lambda o: (-round(scores[pid, o], 6), o))[:5]
        agree += [e.paper for e in entries] == best
    assert agree == len(related)  # on the seeds, candidate search misses nothing


def test_reason_terms_are_meaningful_words_not_function_words():
    counts = content_terms("We show that the Fourier features of the model are used in 2024 by $x$ and LLMs.")
    assert "fourier features" in counts and "llms" in counts
    assert not {"we", "the", "of the", "show", "2024", "x", "that the"} & set(counts)


def test_similar_researchers_share_terms(seeded):
    portfolio, _ = seeded
    similar = insights.similar_authors(portfolio)
    fu, deng = similar["deqing-fu"], similar["zhi-hong-deng"]
    assert [s.slug for s in fu] == ["zhi-hong-deng"] and [s.slug for s in deng] == ["deqing-fu"]
    assert fu[0].similarity == deng[0].similarity > 0.05 and len(fu[0].terms) == 3


def test_similar_researchers_on_a_small_lab():
    vision = "convolutional image segmentation with vision transformers for medical image segmentation"
    language = "machine translation of low-resource languages with multilingual language models"
    papers = [paper(f"v{i}", abstract=f"{vision} variant {i}") for i in range(3)]
    papers += [paper(f"w{i}", abstract=f"{vision} benchmark {i}", authors=["Bea"]) for i in range(3)]
    papers += [paper(f"l{i}", abstract=f"{language} study {i}", authors=["Cy"]) for i in range(3)]
    # terms in most papers are not scored (matching.COMMON_TERM_SHARE): a lab writes about more than one thing
    papers += [
        paper(f"x{i}", abstract=f"unrelated topic number {i} about {word}")
        for i, word in enumerate(["bees", "rivers", "glaciers", "opera", "chess", "tides", "ferns", "comets"])
    ]
    authors = [
        Author("Ada", papers=["v0", "v1", "v2"], slug="ada"),
        Author("Bea", papers=["w0", "w1", "w2"], slug="bea"),
        Author("Cy", papers=["l0", "l1", "l2"], slug="cy"),
    ]
    similar = insights.similar_authors(portfolio_of(papers, authors))
    assert [s.slug for s in similar["ada"]] == ["bea"] and "image segmentation" in similar["ada"][0].terms
    assert similar["cy"] == []


def test_radar_ranks_by_similarity_then_votes_and_finds_coauthors():
    topic = "sparse attention kernels for long context language model inference on accelerators"
    own = [paper(f"own{i}", abstract=f"{topic} part {i}", authors=["Ada", "Bo Chen"]) for i in range(3)]
    other = [
        paper(f"other{i}", abstract=f"protein folding with diffusion models study {i}", authors=["Zed"])
        for i in range(3)
    ]
    feed = [
        paper("f-close-few-votes", abstract=f"{topic} again", authors=None, upvotes=1),
        paper("f-close-many-votes", abstract=f"{topic} again", authors=None, upvotes=9),
        paper("f-by-coauthor", abstract="a survey of gardening", authors=["Bo Chen", "Someone"], upvotes=0),
        paper("f-far", abstract="the history of medieval castles", authors=["Nobody"], upvotes=50),
    ]
    authors = [
        Author("Ada", papers=[p.id for p in own], slug="ada"),
        Author("Zed", papers=[p.id for p in other], slug="zed"),
    ]
    sections = insights.radar(
        portfolio_of(own + other + feed, authors, [Collection("Daily", papers=[p.id for p in feed], slug="d")])
    )
    ada = next(s for s in sections if s.slug == "ada")
    assert [e.paper for e in ada.entries] == ["f-close-many-votes", "f-close-few-votes", "f-by-coauthor"]
    assert ada.entries[2].by == ("Bo Chen",) and ada.entries[2].reason.startswith("By Bo Chen")
    assert all(e.paper != "f-far" for s in sections for e in s.entries)


def test_radar_reads_only_the_newest_feeds():
    topic = "sparse attention kernels for long context language model inference on accelerators"
    own = [paper(f"own{i}", abstract=f"{topic} part {i}") for i in range(3)]
    fillers = [
        paper(f"x{i}", abstract=f"unrelated {word} notes") for i, word in enumerate(["bees", "opera", "tides", "ferns"])
    ]
    old, new = paper("old-feed-paper", abstract=f"{topic} old"), paper("new-feed-paper", abstract=f"{topic} new")
    feeds = [
        Collection("Daily", dt.date(2026, 1, 1), [old.id], slug="a"),
        Collection("Daily", dt.date(2026, 2, 1), [new.id], slug="b"),
    ]
    portfolio = portfolio_of(own + fillers + [old, new], [Author("Ada", papers=[p.id for p in own], slug="ada")], feeds)
    assert [e.paper for e in insights.radar(portfolio, feeds=1)[0].entries] == ["new-feed-paper"]
    assert {e.paper for e in insights.radar(portfolio, feeds=2)[0].entries} == {"new-feed-paper", "old-feed-paper"}


# --- determinism ---------------------------------------------------------------------------------------


def everything(portfolio):
    """Every output of the package for a portfolio, as text."""
    site = build_index(portfolio)
    si = insights.SiteInsights(portfolio, site)
    parts = [
        repr(sorted((k, v) for k, v in si.related.items())),
        repr(sorted(si.similar.items())),
        repr(sorted(si.radar, key=lambda section: section.slug)),
    ]  # sections come in site order: compare by author
    for author in sorted(portfolio.authors, key=lambda a: a.slug):
        result = si.author(author, link)
        parts += [result.output.svg, result.mix.svg, str(result.network.svg), repr(result.trajectory)]
        parts.append(json.dumps(insights.json_resume(author, portfolio), sort_keys=False))
    parts += [si.statistics.per_year.svg, si.statistics.per_category.svg, insights.lab_csv(si.lab(link))]
    return "\n".join(map(str, parts))


def test_output_is_byte_identical_across_runs_and_input_orders(seeded):
    portfolio, _ = seeded
    first = everything(portfolio)
    assert everything(portfolio) == first
    shuffled_ids = list(portfolio.papers)
    random.Random(7).shuffle(shuffled_ids)
    shuffled = dataclasses.replace(
        portfolio,
        papers={pid: portfolio.papers[pid] for pid in shuffled_ids},
        authors=list(reversed(portfolio.authors)),
        collections=list(reversed(portfolio.collections)),
    )
    assert everything(shuffled) == first


# --- hostile text --------------------------------------------------------------------------------------


def test_hostile_names_and_titles_stay_text_everywhere():
    papers = [
        paper(
            f"h{i}",
            title=f"{bad} title",
            category=None if i % 2 else "LG",
            year=2020 + i,
            authors=["Eve " + bad, bad, "Mallory"],
            abstract=f"{bad} payload shared words here {bad}",
        )
        for i, bad in enumerate(HOSTILE)
    ]
    author = Author(HOSTILE[0], papers=[p.id for p in papers], slug="eve", category="LG")
    friend = Author(HOSTILE[1], papers=[papers[0].id], slug="friend")
    portfolio = portfolio_of(papers, [author, friend], [Collection(HOSTILE[2], papers=[papers[1].id], slug="c")])
    site = build_index(portfolio)
    si = insights.SiteInsights(portfolio, site)
    result = si.author(author, link)
    context = page_context(site, "authors/eve.md")
    env = make_environment()
    macros = env.get_template("insights/_macros.html.j2").module
    html = "\n".join(
        str(x)
        for x in (
            macros.author_insights(context, result),
            macros.related_papers(context, si.related[papers[0].id]),
            macros.radar(context, si.radar),
            macros.statistics(context, si.statistics),
            macros.lab_table(context, si.lab(link)),
            env.get_template("insights/cv.html.j2").render(
                p=context, cv=si.cv(author, {"name": HOSTILE[4], "affiliation": HOSTILE[3]})
            ),
        )
    )
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find("script") and not soup.find("img")
    for tag in soup.find_all(True):
        assert not any(name.startswith("on") for name in tag.attrs), tag
    text = soup.get_text()
    for bad in HOSTILE:
        assert bad in text  # shown as written, not interpreted (Jinja syntax included)
    assert "{{x}}" in text and "49" not in text.replace("2049", "")
    spreadsheet = Author('=HYPERLINK("http://evil.example")', papers=[papers[0].id], slug="formula")
    csv_rows = list(
        csv.DictReader(
            io.StringIO(
                insights.lab_csv(
                    insights.lab_table(dataclasses.replace(portfolio, authors=[author, friend, spreadsheet]))
                )
            )
        )
    )
    assert {row["Name"] for row in csv_rows} == {HOSTILE[0], HOSTILE[1], "'" + spreadsheet.name}
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in csv_rows for cell in row.values())


# --- lab table -----------------------------------------------------------------------------------------


def test_lab_table_numbers_come_from_the_model(seeded):
    portfolio, site = seeded
    table = insights.lab_table(portfolio, link)
    assert [r.name for r in table.rows] == sorted((a.name for a in portfolio.authors), key=str.casefold)
    since = AS_OF.replace(year=AS_OF.year - 1)
    for row in table.rows:
        author = portfolio.author_by_slug(row.slug)
        papers = portfolio.papers_of(author)
        assert (row.h_index, row.citations, row.novelty, row.ai_score) == (
            author.h_index,
            author.citations,
            author.novelty,
            author.ai_score,
        )
        assert row.papers == author.paper_count and row.citations_per_paper == pytest.approx(
            author.citations / author.paper_count
        )
        assert row.recent == sum(1 for p in papers if p.date and since < p.date <= AS_OF)
        assert row.href == link(author) and row.field == "Machine Learning (cs.LG)"
    rows = list(csv.DictReader(io.StringIO(insights.lab_csv(table))))
    deng = next(r for r in rows if r["slug"] == "zhi-hong-deng")
    assert (deng["Citations"], deng["Papers"], deng["Citations per paper"], deng["Primary field code"]) == (
        "5576",
        "42",
        f"{5576 / 42:.2f}",
        "cs.LG",
    )


def test_lab_table_markup_is_sorted_by_name_and_says_so(seeded):
    portfolio, site = seeded
    html = render_macro(
        "lab_table", page_context(site, "authors/index.md"), insights.lab_table(portfolio, link), "lab.csv"
    )
    soup = BeautifulSoup(html, "html.parser")
    table = soup.select_one("table[data-pf-sortable]")
    headings = table.select("thead th")
    assert [th.get("aria-sort") for th in headings] == ["ascending"] + [None] * 8
    assert all(th["data-kind"] in ("text", "number") for th in headings)
    names = [row.th.get_text() for row in table.select("tbody tr")]
    assert names == sorted(names, key=str.casefold)
    assert soup.select_one("a[download]")["href"] == "lab.csv"


def test_papers_of_the_last_12_months_need_the_portfolios_day():
    author = Author("Ada", papers=["a"], slug="ada")
    portfolio = dataclasses.replace(portfolio_of([paper("a", year=2026)], [author]), as_of=None)
    assert insights.lab_table(portfolio).rows[0].recent is None


# --- site statistics -----------------------------------------------------------------------------------


def test_site_statistics_recompute(seeded):
    portfolio, site = seeded
    stats = insights.site_statistics(portfolio, site)
    assert stats.per_year.total == stats.papers == len(portfolio.papers)
    assert {e.key: n for e, n in stats.categories} == dict(
        Counter(p.category for p in portfolio.papers.values() if p.category)
    )
    drawn = {rect.find("title").get_text() for rect in svg_of(stats.per_category.svg).select("rect")}
    assert {f"{label}: {count:,}" for label, count in stats.per_category.rows} == drawn
    pairs = Counter()
    for p in portfolio.papers.values():
        for a, b in itertools.combinations(sorted({normalise_name(n) for n in p.authors or []}), 2):
            pairs[a, b] += 1
    top = stats.collaborations[0]
    assert top.papers == max(pairs.values()) == pairs[tuple(sorted((top.first.key, top.second.key)))]
    assert (
        stats.organisations[0][0].key == Counter(p.org for p in portfolio.papers.values() if p.org).most_common(1)[0][0]
    )


# --- CV and JSON Resume --------------------------------------------------------------------------------


def resume_validator():
    import jsonschema

    schema = json.loads(SCHEMA.read_text("utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def test_the_vendored_schema_is_json_resumes():
    schema = json.loads(SCHEMA.read_text("utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert {"basics", "work", "publications", "skills", "meta"} <= set(schema["properties"])
    assert (ROOT / "schemas" / "json-resume.LICENSE.md").read_text("utf-8").startswith("The MIT License")
    bad = {"basics": {"name": 3}, "publications": [{"releaseDate": "June 2024"}]}
    assert len(list(resume_validator().iter_errors(bad))) == 2  # the validator does reject


def test_json_resume_validates_and_lists_every_paper(seeded):
    portfolio, _ = seeded
    validator = resume_validator()
    settings = {
        "affiliation": "Somewhere University",
        "email": "fu@example.org",
        "url": "https://example.org/fu",
        "links": [
            {"label": "Scholar", "url": "https://scholar.example.org/fu"},
            {"label": "Bad", "url": "javascript:alert(1)"},
        ],
        "summary": "Works on  language models.",
    }
    for author in portfolio.authors:
        resume = json_resume(author, portfolio, settings, paper_url=lambda p: f"https://site.example/papers/{p.id}/")
        validator.validate(resume)
        assert json.loads(json.dumps(resume)) == resume
        assert len(resume["publications"]) == len(author.papers)
        assert {p["name"] for p in resume["publications"]} == {
            " ".join(plain_latex(portfolio.papers[i].title).split()) for i in author.papers
        }
        assert resume["basics"]["profiles"] == [{"network": "Scholar", "url": "https://scholar.example.org/fu"}]
        assert resume["basics"]["summary"] == "Works on language models."
        assert resume["work"] == [{"name": "Somewhere University", "position": "Researcher"}]
        validator.validate(json_resume(author, portfolio))  # and without settings


def test_cv_lists_selected_papers_then_every_paper_by_year(seeded):
    portfolio, site = seeded
    fu = author_named(portfolio, "Deqing Fu")
    fone = next(p for p in portfolio.papers_of(fu) if p.title.startswith("FoNE"))
    cv = cv_data(
        fu, portfolio, {"selected_papers": [fone.title.upper(), "no such paper"], "links": {"Home": "ftp://x"}}
    )
    assert [e.paper for e in cv.selected] == [fone] and cv.links == []
    assert [year for year, _ in cv.by_year] == sorted({str(p.year) for p in portfolio.papers_of(fu)}, reverse=True)
    assert sum(len(entries) for _, entries in cv.by_year) == 18
    assert dict(cv.metrics)["h-index"] == "41" and dict(cv.metrics)["Citations"] == "437"
    automatic = cv_data(fu, portfolio)
    scores = [e.paper.score for e in automatic.selected]
    assert scores == sorted(scores, reverse=True) and len(scores) <= 5
    html = (
        make_environment()
        .get_template("insights/cv.html.j2")
        .render(p=page_context(site, "authors/deqing-fu/cv.md"), cv=cv, resume_href="x.resume.json")
    )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.h1.get_text() == "Deqing Fu"
    assert [h.get_text() for h in soup.select("h2")] == ["Selected papers", "Papers"]
    assert len(soup.select(".pf-cv__all li")) == 18
    assert soup.select_one(".pf-no-print a")["href"] == "x.resume.json"


def test_print_styles_hide_navigation_and_break_between_sections():
    css = (ROOT / "theme_overrides" / "assets" / "stylesheets" / "insights.css").read_text("utf-8")
    starter = ROOT / "generator" / "starter" / "theme_overrides" / "assets" / "stylesheets" / "insights.css"
    assert starter.read_text("utf-8") == css
    print_block = css[css.index("@media print") :]
    for selector in (".md-header", ".md-tabs", ".md-sidebar", ".md-footer", "button"):
        assert selector in print_block.split("display: none")[0]
    assert "break-before: page" in print_block


# --- helpers for rendering partials --------------------------------------------------------------------


def page_context(site, here: str) -> PageContext:
    return PageContext(here, Urls(True), site, RenderOptions())


def render_macro(name: str, *args) -> str:
    return str(getattr(make_environment().get_template("insights/_macros.html.j2").module, name)(*args))


def test_partials_render_every_section(seeded):
    portfolio, site = seeded
    si = insights.SiteInsights(portfolio, site)
    fu = author_named(portfolio, "Deqing Fu")
    context = page_context(site, "authors/deqing-fu.md")
    soup = BeautifulSoup(render_macro("author_insights", context, si.author(fu, context.author)), "html.parser")
    assert [h.get_text() for h in soup.select("h2")] == [
        "Output over time",
        "Research trajectory",
        "Co-author network",
        "Similar researchers",
    ]
    assert soup.select_one(".pf-trajectory__sentence").get_text() == si.author(fu).trajectory_sentence
    assert soup.select_one(".pf-similar a")["href"] == "../../authors/zhi-hong-deng/"
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))  # three charts on one page: no id twice
    paper_context = page_context(site, "papers/x.md")
    fone = next(p for p in portfolio.papers.values() if p.title.startswith("FoNE"))
    related = BeautifulSoup(render_macro("related_papers", paper_context, si.related[fone.id]), "html.parser")
    items = related.select("ol.pf-related > li")
    assert len(items) == 5 and items[0].a["href"].startswith("../") and items[0].select_one(".pf-reason").get_text()


def test_a_serve_memo_reuses_what_an_edit_did_not_change_and_recomputes_the_rest(seeds):
    from generator import load_portfolio

    memo: dict = {}
    first_portfolio = load_portfolio([seeds], as_of=AS_OF)
    first = insights.SiteInsights(first_portfolio, build_index(first_portfolio), memo)
    related, similar, radar = first.related, first.similar, first.radar
    # the same sources again, and a metric changed: nothing is computed again
    again_portfolio = load_portfolio([seeds], as_of=AS_OF)
    again_portfolio.authors[0].h_index = (again_portfolio.authors[0].h_index or 0) + 1
    again = insights.SiteInsights(again_portfolio, build_index(again_portfolio), memo)
    assert again.related is related and again.similar is similar and again.radar is radar
    # an abstract changed: everything made from the texts is made again, and equals a build without a memo
    edited = load_portfolio([seeds], as_of=AS_OF)
    paper = next(p for p in edited.papers.values() if p.abstract)
    paper.abstract = "Fourier features of number embeddings explain how language models add numbers."
    after = insights.SiteInsights(edited, build_index(edited), memo)
    fresh = insights.SiteInsights(edited, build_index(edited))
    assert after.related is not related and after.related == fresh.related
    assert after.similar == fresh.similar and after.radar == fresh.radar


def test_fingerprints_of_pages_that_show_the_same_things_stay_the_same_when_a_paper_is_added(seeds):
    """Adding a paper moves every TF-IDF score a little: pages whose related papers and reasons stay the same keep
    their fingerprint, so that `portfolio serve` does not render every page again."""
    from generator import load_portfolio
    from generator.incremental.memo import Fingerprints
    from generator.layout import SiteOptions

    def prints(portfolio):
        site = build_index(portfolio)
        return site, Fingerprints(site, SiteOptions(), insights.SiteInsights(portfolio, site))

    before = load_portfolio([seeds], as_of=AS_OF)
    site, old = prints(before)
    after = load_portfolio([seeds], as_of=AS_OF)
    # by a seed author, in a year and category the site has: no new index entry, no new label anywhere
    extra = paper(
        "an-unrelated-note",
        "Tide Tables of a Small Harbour",
        year=2024,
        authors=("Deqing Fu",),
        abstract="Tide tables for a small harbour, measured by hand over one winter.",
    )
    after.papers[extra.id] = extra
    new_site, new = prints(after)
    same = [pid for pid in before.papers if old.paper(before.papers[pid]) == new.paper(after.papers[pid])]
    assert len(same) >= len(before.papers) * 0.8, f"{len(before.papers) - len(same)} of {len(before.papers)} changed"
