"""Rebuilds under `mkdocs serve` redo only what an edit changed, and give exactly the site a build from nothing gives.

A serve session is run inside this process the way `mkdocs serve` runs it (one plugin instance kept
from build to build, the serve address as site_url), in both of its modes: dirty builds, which keep the
site folder (`portfolio serve`), and clean ones (plain `mkdocs serve`). After every edit the served
folder is compared file by file with `mkdocs build` run from nothing in another process.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.incremental.memo import render_with_memo
from generator.pipeline import load_portfolio
from generator.render import RenderOptions, SiteRenderer
from tests.conftest import AS_OF, ROOT, SOURCES
from tests.projects import make_project, tree_hashes, working_directory

sys.path.insert(0, str(ROOT / "bench"))
from synth import generate_corpus  # noqa: E402

pytestmark = pytest.mark.slow

SERVE_URL = "http://127.0.0.1:8000/"
ENVIRONMENT = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000", "PORTFOLIO_AS_OF": AS_OF.isoformat()}


def replace_text(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def remove_block(path: Path, title: str) -> None:
    """Delete one paper of a profile: its header line, title, authors and abstract, and count one paper less
    (a profile listing more papers than it holds is taken for a file cut off half way)."""
    lines = path.read_text("utf-8").split("\n")
    at = lines.index(title)
    del lines[at - 1 : at + 6]
    listed = next(i for i, line in enumerate(lines) if line.endswith(" Papers"))
    lines[listed] = f"{int(lines[listed].split()[0]) - 1} Papers"
    path.write_text("\n".join(lines), "utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = make_project(
        tmp_path_factory.mktemp("incremental") / "lab",
        [
            SOURCES / name
            for name in ("profile_basic.txt", "profile_coauthor.txt", "feed_basic.txt", "abstracts_basic.txt")
        ],
    )
    generate_corpus(root / "profiles" / "synthetic", 120, seed=5)
    config = (root / "mkdocs.yml").read_text("utf-8")
    (root / "mkdocs.yml").write_text(f"site_url: {SERVE_URL}\n" + config, "utf-8")
    return root


class Session:
    """`mkdocs serve` inside this process: the same plugin instances for every build, as serve keeps them."""

    def __init__(self, project: Path, dirty: bool):
        self.project, self.dirty = project, dirty
        self.site = project.parent / f"served-{'dirty' if dirty else 'clean'}"
        with self._environment():
            self.plugins = self._config().plugins
            self.plugins.on_startup(command="serve", dirty=dirty)

    def _environment(self):
        patch = mock.patch.dict(os.environ, ENVIRONMENT)
        patch.start()
        for name in ("PORTFOLIO_AUTHORS", "PORTFOLIO_PROFILES", "PORTFOLIO_STRICT"):
            os.environ.pop(name, None)
        return _Both(patch, working_directory(self.project))

    def _config(self):
        return load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.site))

    def build(self) -> tuple[dict[str, str], dict]:
        """Build; returns every file of the served folder with its hash, and what the plugin kept."""
        with self._environment():
            config = self._config()
            config.site_url = SERVE_URL
            config.plugins = self.plugins
            plugin = self.plugins["portfolio"]
            kept = {}
            replay = plugin.session.replay
            original = replay.prepare

            def prepare(*args, **kwargs):
                found = original(*args, **kwargs)
                kept["pages"] = len(found)
                return found

            replay.prepare = prepare
            try:
                build(config, serve_url=SERVE_URL, dirty=self.dirty)
                if plugin.session.search is not None:
                    plugin.session.search.wait(timeout=300)  # under serve the index follows the build
            finally:
                del replay.prepare
            kept["generated"] = len(plugin.source.candidates) or len(replay.finished)
        return tree_hashes(self.site), kept

    def close(self) -> None:
        self.plugins.on_startup(command="build", dirty=False)  # later tests in this process build from nothing


class _Both:
    def __init__(self, patch, directory):
        self.patch, self.directory = patch, directory

    def __enter__(self):
        self.directory.__enter__()

    def __exit__(self, *exc):
        self.directory.__exit__(*exc)
        self.patch.stop()


def served_copy(project: Path, tmp_path: Path, dirty: bool) -> tuple[Path, Session]:
    """A copy of the project, and a serve session of it."""
    root = tmp_path / "lab"
    shutil.copytree(project, root, ignore=shutil.ignore_patterns("served-*", "reference*"))
    return root, Session(root, dirty)


def export_times(site: Path) -> dict[str, int]:
    """The modification time of every export file of a built site (JSON, BibTeX, RIS, CSL, CSV, feeds)."""
    return {
        path.relative_to(site).as_posix(): path.stat().st_mtime_ns
        for path in site.rglob("*")
        if path.suffix in (".json", ".bib", ".ris", ".csv", ".xml")
        and not path.name.startswith("sitemap")
        and "pagefind" not in path.parts
    }


BUILT: dict[str, dict[str, str]] = {}  # a digest of a project's inputs -> the site a build from nothing gives


def from_nothing(project: Path):
    """Start `mkdocs build` of the project in a new process, into a new folder; returns a function that waits for
    it and gives every file of the built site with its hash. The dirty and the clean runs make the same edits, so
    each state of the inputs is built once."""
    inputs = {name: digest for name, digest in tree_hashes(project).items() if not name.startswith(".cache/")}
    key = hashlib.sha256(repr(sorted(inputs.items())).encode()).hexdigest()
    if key in BUILT:
        return lambda: BUILT[key]
    site = project.parent / f"reference-{key[:12]}"
    shutil.rmtree(site, ignore_errors=True)
    env = {**os.environ, **ENVIRONMENT}
    for name in ("PORTFOLIO_AUTHORS", "PORTFOLIO_PROFILES", "PORTFOLIO_STRICT"):
        env.pop(name, None)
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=project, env=env)

    def built() -> dict[str, str]:
        assert process.wait() == 0, "mkdocs build failed"
        BUILT[key] = tree_hashes(site)
        return BUILT[key]

    return built


# Each edit, and whether what every page shares (configuration, theme, hand-written pages, the site's labels
# and link targets) stays as it was, so that nearly every page is kept.
EDITS = [
    (
        "the h-index in one profile",
        True,
        lambda root: replace_text(root / "profiles/profile_basic.txt", "h-index12", "h-index13"),
    ),
    (
        "a paper's title",
        True,
        lambda root: replace_text(
            root / "profiles/profile_basic.txt",
            "Counting Ducks in Aerial Photographs",
            "Counting Geese in Aerial Photographs",
        ),
    ),
    # Its co-author is listed nowhere else: an index entry goes, so every page is built again.
    (
        "a paper removed",
        False,
        lambda root: remove_block(root / "profiles/profile_basic.txt", "Counting Geese in Aerial Photographs"),
    ),
    # Kept as it last read: the served site stays as it was (a build from nothing has no last version).
    ("a half-saved (empty) profile", None, lambda root: (root / "profiles/profile_coauthor.txt").write_bytes(b"")),
    (
        "the profile saved again",
        True,
        lambda root: shutil.copy(SOURCES / "profile_coauthor.txt", root / "profiles/profile_coauthor.txt"),
    ),
    ("a profile deleted", False, lambda root: (root / "profiles/profile_coauthor.txt").unlink()),
    (
        "a hand-written page edited",
        False,
        lambda root: replace_text(root / "docs/about.md", "A hand-written page.", "A hand-written page, edited."),
    ),
    (
        "the site name changed",
        False,
        lambda root: replace_text(root / "mkdocs.yml", "site_name: Research portfolio", "site_name: Our lab"),
    ),
]


@pytest.mark.parametrize("dirty", [True, False], ids=["dirty", "clean"])
def test_every_rebuild_is_the_site_a_build_from_nothing_gives(project, tmp_path, dirty):
    root, session = served_copy(project, tmp_path, dirty)
    try:
        reference = from_nothing(root)  # built beside the session's build, on the other core
        served, kept = session.build()
        assert served == reference()
        assert kept["pages"] == 0
        for what, shared_unchanged, edit in EDITS:
            before, times = served, export_times(session.site)
            edit(root)
            pending = None if shared_unchanged is None else from_nothing(root)
            served, kept = session.build()
            reference = before if pending is None else pending()
            if dirty and shared_unchanged:
                # an export whose text did not change is not written again (at 5,000 papers: 11,000 files a rebuild)
                same_text = [name for name in times if served.get(name) == before[name]]
                now = export_times(session.site)
                assert len(same_text) > 100, (what, same_text)
                assert [name for name in same_text if now[name] != times[name]] == [], what
            assert served.keys() == reference.keys(), (what, sorted(served.keys() ^ reference.keys())[:10])
            assert [name for name in served if served[name] != reference[name]] == [], what
            if shared_unchanged is False:
                assert kept["pages"] == 0, (what, kept)
            else:  # nearly every page was kept: only the edited author's and papers' pages were built
                assert kept["pages"] > 0.9 * kept["generated"], (what, kept)
    finally:
        session.close()


def test_under_serve_cycles_are_collected_once_the_build_and_its_index_are_done(project, tmp_path):
    # A full collection over all a serve session keeps costs 0.4 s at 5,000 papers: none runs during a rebuild.
    import gc

    root, session = served_copy(project, tmp_path, dirty=True)
    replay = session.plugins["portfolio"].session.replay
    during = []

    def prepare(*args, original=type(replay).prepare.__get__(replay), **kwargs):
        during.append(gc.isenabled())
        return original(*args, **kwargs)

    try:
        for _ in range(2):
            replay.prepare = prepare  # (the session's build removes it when done)
            session.build()  # waits for the index
            assert gc.isenabled()
        assert during == [True, False]  # the first build collects as usual, rebuilds do not
    finally:
        session.close()
        gc.enable()


def test_rendering_with_a_memo_gives_the_pages_rendering_afresh_gives(tmp_path):
    generate_corpus(tmp_path / "profiles", 150, seed=9)
    for name in ("profile_basic.txt", "profile_coauthor.txt", "feed_basic.txt", "abstracts_basic.txt"):
        shutil.copy(SOURCES / name, tmp_path / "profiles" / name)
    memo: dict = {}
    profile = tmp_path / "profiles/profile_basic.txt"
    synthetic = sorted((tmp_path / "profiles").glob("profile_0*.txt"))[0]
    edits = [
        lambda: None,
        lambda: replace_text(profile, "1,234citations", "1,240citations"),
        lambda: replace_text(profile, "Pavel Dvořák", "Pavel Dvořák, Ines Abara"),  # a new co-author
        lambda: replace_text(profile, "orchid-lab", "lotus-lab"),  # a new organisation
        lambda: remove_block(profile, "Leap-Day Regularisers for Sparse Models"),
        lambda: synthetic.unlink(),
    ]
    for edit in edits:
        edit()
        portfolio = load_portfolio([tmp_path / "profiles"], AS_OF)
        memoised, _ = render_with_memo(SiteRenderer(portfolio, RenderOptions()), memo)
        fresh = SiteRenderer(load_portfolio([tmp_path / "profiles"], AS_OF), RenderOptions()).render_all()
        assert [(p.path, p.meta, p.body) for p in memoised] == [(p.path, p.meta, p.body) for p in fresh]
        assert set(memo) == {p.path for p in fresh if p.path in memo}


def test_an_unknown_plugin_turns_keeping_pages_off(tmp_path):
    from generator.mkdocs.config import KNOWN_PLUGINS
    from generator.mkdocs.replay import PageReplay

    class Config(dict):
        plugins = {"search": None, "portfolio": None, "some-plugin": None}
        config_file_path = None
        site_dir = str(tmp_path)

    replay = PageReplay(dirty=True)
    assert "some-plugin" not in KNOWN_PLUGINS
    assert replay.start(Config(), "digest", known_plugins=set(Config.plugins) <= KNOWN_PLUGINS) is False
    assert replay.context == ""
