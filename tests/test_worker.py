"""A build that renders in a worker process gives the same site as one that renders in its own process,
also when the worker fails part way; and an interrupted build leaves no worker behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.pipeline import load_portfolio
from generator.render import RenderOptions, SiteRenderer, early_meta
from tests.conftest import AS_OF, FIXTURES, ROOT, SEEDS, SOURCES
from tests.projects import make_project, tree_hashes

sys.path.insert(0, str(ROOT / "bench"))
from synth import generate_corpus  # noqa: E402

pytestmark = pytest.mark.slow

ENVIRONMENT = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}


def build(project: Path, worker: str, site: str, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, **ENVIRONMENT, "PORTFOLIO_WORKER": worker, **(env or {})}
    for name in ("PORTFOLIO_AS_OF", "PORTFOLIO_AUTHORS", "PORTFOLIO_PROFILES", "PORTFOLIO_STRICT"):
        environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", "--force", "--as-of", AS_OF.isoformat(), "-d", site, *extra],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """Our fixtures, the hostile corpus, the seeds (when here) and a synthetic corpus, with a hand-written
    page and a hand-written export at generated paths."""
    sources = [
        *SOURCES.glob("*.txt"),
        *(FIXTURES / "hostile").glob("*.txt"),
        *(SEEDS.glob("*.txt") if SEEDS.is_dir() else []),
    ]
    root = make_project(tmp_path_factory.mktemp("worker") / "lab", sources)
    generate_corpus(root / "profiles" / "synthetic", 200, seed=4)
    (root / "docs" / "robots.txt").write_text("User-agent: *\nDisallow: /drafts/\n", "utf-8")
    return root


def test_the_worker_builds_the_site_the_build_would_build_itself(project):
    alone = build(project, "off", "site-alone")
    assert alone.returncode == 1, alone.stderr  # the fixtures hold a broken file: reported, the rest built
    helped = build(project, "on", "site-worker")
    assert helped.returncode == 1, helped.stderr
    assert "rendering process failed" not in helped.stderr
    assert tree_hashes(project / "site-worker") == tree_hashes(project / "site-alone")
    assert (project / "site-worker/robots.txt").read_text("utf-8").endswith("Disallow: /drafts/\n")  # hand-written wins
    # The same problems are reported, matching warnings included (the worker matched the abstract lists).
    problems = lambda stderr: sorted(
        line for line in stderr.splitlines() if ": warning: " in line or ": error: " in line
    )  # noqa: E731
    assert problems(helped.stderr) == problems(alone.stderr) and any("abstract" in p for p in problems(alone.stderr))


@pytest.mark.parametrize("when", ["at once", "half way"])
def test_a_worker_that_dies_is_replaced_by_the_build_itself(project, when):
    # A sitecustomize that kills the worker (the child of the build) as it renders its first or a later page.
    hook = project.parent / f"hook-{when.replace(' ', '-')}"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(
        f"""
import os
import generator.mkdocs.worker as worker
original = worker.RenderWorker._write
count = [0]
def write(self, value):
    count[0] += 1
    if count[0] > {1 if when == "at once" else 150}:
        os._exit(9)
    return original(self, value)
worker.RenderWorker._write = write
""",
        "utf-8",
    )
    site = f"site-{when.replace(' ', '-')}"
    result = build(project, "on", site, env={"PYTHONPATH": os.pathsep.join([str(hook), str(ROOT)])})
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "the rendering process failed" in result.stderr
    if not (project / "site-alone").is_dir():
        build(project, "off", "site-alone")
    assert tree_hashes(project / site) == tree_hashes(project / "site-alone")


def test_the_early_front_matter_is_the_part_of_the_front_matter_read_early(project):
    portfolio = load_portfolio([project / "profiles"], AS_OF)
    renderer = SiteRenderer(portfolio, RenderOptions())
    jobs = renderer.jobs()
    full = {job.path: job.render().meta for job in jobs}
    assert {job.path: job.early() for job in jobs} == {path: early_meta(meta) for path, meta in full.items()}


def test_ctrl_c_during_a_build_leaves_no_worker_and_no_site(tmp_path):
    project = make_project(tmp_path / "lab")
    generate_corpus(project / "profiles", 2500, seed=2)
    environment = {**os.environ, **ENVIRONMENT, "PORTFOLIO_WORKER": "on"}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--as-of", AS_OF.isoformat()],
        cwd=project,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines = []
    for line in process.stdout:  # wait until MkDocs builds pages: the worker is rendering then
        lines.append(line)
        if "built pages" in line:
            break
    children = _children(process.pid)
    assert children, "".join(lines)
    os.kill(process.pid, signal.SIGINT)
    process.wait(timeout=60)
    assert process.returncode == 130, "".join(lines) + process.stdout.read()
    deadline = time.monotonic() + 10
    while [pid for pid in children if _alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in children if _alive(pid)]
    assert not (project / "site").exists() and not [p for p in project.iterdir() if p.name.startswith(".site")]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
