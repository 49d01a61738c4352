"""The four real seed files, read as a user would: `portfolio parse --json --as-of 2026-11-22`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def parsed(request):
    from tests.conftest import SEEDS

    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the repository")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "parse", "--json", "--as-of", "2026-11-22", str(SEEDS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def paper(parsed, prefix):
    matches = [p for p in parsed["papers"] if p["title"].startswith(prefix)]
    assert len(matches) == 1, prefix
    return matches[0]


def test_counts(parsed):
    assert len(parsed["authors"]) == 2
    assert len(parsed["papers"]) == 90
    assert len(parsed["collections"]) == 1 and len(parsed["collections"][0]["papers"]) == 30
    assert not [d for d in parsed["diagnostics"] if d["level"] == "error"]


def test_authors(parsed):
    fu, deng = parsed["authors"]
    assert (fu["name"], fu["slug"], len(fu["papers"]), fu["h_index"], fu["citations"]) == (
        "Deqing Fu",
        "deqing-fu",
        18,
        41,
        437,
    )
    assert (fu["novelty"], fu["ai_score"], fu["paper_count"], fu["category"]) == (58, 61, 18, "LG")
    assert (deng["name"], len(deng["papers"]), deng["citations"]) == ("Zhi-Hong Deng", 42, 5576)


def test_collection_is_in_page_order(parsed):
    ids = parsed["collections"][0]["papers"]
    titles = {p["id"]: p["title"] for p in parsed["papers"]}
    assert titles[ids[0]].startswith("TL-Training")
    assert titles[ids[5]].startswith("SofT-GRPO")
    assert titles[ids[-1]].startswith("Diagnose, Localize, Align")
    assert parsed["collections"][0]["date"] == "2026-01-06"


def test_abstract_matching(parsed):
    matched = [p for p in parsed["papers"] if "001_c9612f0849031ed9.txt" in p["sources"]]
    assert len(matched) == 9
    expected = [
        "Resa",
        "Textual Steering",
        "VisualLens",
        "Pre-trained Large Language Models Use Fourier",
        "IsoBench",
        "Transformers Learn Low Sensitivity",
        "DeLLMa",
        "DreamSync",
        "Transformers Learn to Achieve Second-Order",
    ]
    assert sorted(p["title"] for p in matched) == sorted(paper(parsed, e)["title"] for e in expected)
    (unmatched,) = parsed["unmatched_abstracts"]
    assert unmatched["line"] == 4 and "reward model" in unmatched["text"]


def test_spot_values(parsed):
    vase = paper(parsed, "Value-Aware Stochastic KV Cache")
    assert (vase["score"], vase["category"], vase["date"]) == (93.5, "LG", "2026-06-02")
    assert paper(parsed, "Zebra-CoT")["has_code"] is True
    assert paper(parsed, "IsoBench")["org"] == "gatech"
    assert paper(parsed, "SofT-GRPO")["date"] is None
    minimax = paper(parsed, "MiniMax-M1")
    assert (minimax["author_count"], minimax["upvotes"]) == (127, 6)
    assert paper(parsed, "From Next-Token to Next-Block")["org"] == "Peking University"
    assert paper(parsed, "Are LLM Decisions Faithful")["date"] == "2026-01-12"
    scene = paper(parsed, "SCENE")
    assert scene["authors"] == ["Deqing Fu", "Ameya Godbole", "Robin Jia"] and scene["authors_truncated"] is False
    assert paper(parsed, "Resa")["authors"][2] == "Ömer Faruk Akgül"
