"""The MkDocs side: read the profiles on every build and hand MkDocs the generated pages and files.

The plugin only routes MkDocs' events: the work is done by a page source chosen once per build
(`sources.py`), the options are declared and resolved in `config.py`, and the navigation is made in
`navigation.py`. Pages reach MkDocs as in-memory files, never written into `docs/` during a build (that
would make `mkdocs serve` rebuild in a loop); a hand-written page at the same path wins.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority

from generator.mkdocs import internals
from generator.mkdocs.config import PortfolioConfig, settings
from generator.mkdocs.files import claim_site_dir
from generator.mkdocs.navigation import navigation
from generator.mkdocs.sources import PageSource, ServeSession, start
from generator.timing import StageTimer


class PortfolioPlugin(BasePlugin[PortfolioConfig]):
    """Generates author, paper, index and collection pages from saved profile pages."""

    def __init__(self):
        self.session: ServeSession | None = None  # under `mkdocs serve`: what builds keep for the next one
        self.source: PageSource | None = None  # this build's pages
        self.watched: list = []  # the source folders and files `mkdocs serve` watches
        self.timer = StageTimer()  # this build's parse, model, render and write times

    @property
    def portfolio(self):
        """The portfolio of the last build (None before one)."""
        return self.source.portfolio if self.source else None

    @property
    def generated(self) -> list[str]:
        """The paths of the pages the last build generated."""
        return self.source.generated if self.source else []

    def load_config(self, options, config_file_path=None):
        """MkDocs' validation of our options, with an unknown name an error: a typo must not fall back to a default."""
        errors, warnings = super().load_config(options, config_file_path)
        unknown = [w for w in warnings if isinstance(w, tuple) and w[1].startswith("Unrecognised configuration name")]
        return [*errors, *unknown], [w for w in warnings if w not in unknown]

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this plugin alive across `mkdocs serve` rebuilds, so it can remember
        # the last good version of each source file while the user edits, and redo only what an edit changed.
        self.session = ServeSession(dirty) if command == "serve" else None
        if self.session is not None and dirty:
            internals.quiet_dirty_build_warning()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.timer = StageTimer()
        chosen = settings(self.config, config)
        self.watched = chosen.watched
        self.source = start(chosen, config, self.session, self.timer)
        if self.config.navigation and config.nav is None:
            config.nav = navigation(Path(config.docs_dir), one_author=len(chosen.authors) == 1)
        self.source.begin(config)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        claim_site_dir(config)  # before MkDocs empties site_dir: refuse a folder that is not ours, mark ours

    def on_files(self, files, config: MkDocsConfig):
        self.source.add_files(files, config)
        return files

    def on_nav(self, nav, config: MkDocsConfig, files):
        self.source.on_nav(nav, config, files)
        return nav

    def on_env(self, env, *, config: MkDocsConfig, files):
        self.source.on_env(env, config, files)
        return env

    @event_priority(100)  # before the tags plugin
    def on_page_context(self, context, *, page, config: MkDocsConfig, nav):
        self.source.before_context(context, page)
        return context

    @event_priority(100)  # first: other plugins see the same HTML whether the page was built or replayed
    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        return self.source.page_output(output, page)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.source.finish(config)

    def on_build_error(self, *, error: Exception) -> None:
        if self.source is not None:
            self.source.stop()

    def on_shutdown(self) -> None:
        if self.source is not None:
            self.source.stop()

    def on_serve(self, server, config: MkDocsConfig, builder):
        # Folders and files alike: `portfolio serve FILE...` watches the files it was given.
        for path in self.watched:
            if path.exists():
                server.watch(os.fspath(path))
        return server
