"""Generated pages that did not change since the last build of a `mkdocs serve` session are not built again.

Under `mkdocs serve` every change rebuilds the whole site; on a site of thousands of papers nearly all
of that time goes into MkDocs rendering the theme around pages that did not change and writing them
out again. A generated page is a pure function of its front matter and body (both ours) and of what
every page shares: the configuration, the theme, the hand-written pages (hence the navigation) and the
site's labels and links (`context_digest`). When all of those are as in the last build, the page's HTML
is that of the last build:

- In a dirty build (`portfolio serve`, `mkdocs serve --dirty`) the site folder is kept between builds,
  so MkDocs simply skips such pages (`is_modified` answers False once every page was read, so the tags
  plugin still sees them all) and unchanged export files; `stale_outputs` names the files of pages and
  exports that are gone, for deleting, and a changed context empties the folder for a full build.
- In a clean build (plain `mkdocs serve`) the folder is emptied every time, so the page's stored HTML
  is written again: it is rendered with an empty template (`TEMPLATE`), and the first on_post_page puts
  the stored HTML back, so every other plugin sees the same HTML as before.

The site's search index is made from the model, not from the pages (generator/search/), so it needs
nothing kept here. Nothing is kept when a plugin we do not know is enabled: it could make a page depend
on anything.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from mkdocs.utils import get_build_date

from generator.environment import portfolio_variables
from generator.incremental.memo import digest
from generator.mkdocs import internals

TEMPLATE = "portfolio/replay.html"


@dataclass(frozen=True)
class Finished:
    """One generated page as the last build finished it."""

    context: str  # digest of everything pages share
    body: str
    meta: dict
    html: bytes | None  # clean builds only: zlib-compressed UTF-8 (thousands of pages of tens of kilobytes)


class PageReplay:
    """Keeps finished generated pages from build to build."""

    def __init__(self, dirty: bool):
        self.dirty = dirty
        self.finished: dict[str, Finished] = {}  # src path -> the generated page as the last build left it
        self.outputs: set[str] = set()  # dirty builds: the files our pages and exports left in the site folder
        self.context = ""
        self._reset()

    def _reset(self) -> None:
        self.candidates: dict[str, tuple[str, dict]] = {}  # this build's generated pages: src path -> (body, meta)
        self.replaying: set[str] = set()
        self.built: dict[str, Finished] = {}

    def start(self, config, site_digest: str, known_plugins: bool) -> bool:
        """Before this build's files are added: True when the last build's pages can be kept (never with a plugin
        we do not know: see config.KNOWN_PLUGINS). A dirty build whose context changed gets an empty site
        folder, so that MkDocs builds everything."""
        self._reset()
        context = context_digest(config, site_digest) if known_plugins else ""
        usable = bool(context) and context == self.context
        self.context = context
        if not usable:
            self.finished = {}
            if self.dirty and os.path.isdir(config.site_dir):
                from mkdocs.utils import clean_directory

                clean_directory(config.site_dir)
                self.outputs = set()
        return usable

    def stale_outputs(self, current: set[str]) -> list[str]:
        """Dirty builds: files our pages and exports wrote in the last build that this build does not make."""
        stale = sorted(self.outputs - current)
        self.outputs = current
        return stale

    def prepare(self, files, env, candidates: dict[str, tuple[str, dict]]) -> set[str]:
        """Once every page was read: the generated pages to keep as the last build left them."""
        self.candidates = candidates
        internals.add_template(env, TEMPLATE, "")
        if not self.context:
            return set()
        for path, (body, meta) in candidates.items():
            known = self.finished.get(path)
            file = files.get_file_from_path(path)
            if (
                known is None
                or file is None
                or file.page is None
                or known.context != self.context
                or not (known.body is body or known.body == body)
                or known.meta != meta
            ):
                continue
            if self.dirty:
                if not os.path.isfile(file.abs_dest_path):
                    continue
            else:  # rendered with an empty template; page_output puts the stored HTML back
                file.page.meta = {**file.page.meta, "template": TEMPLATE, "search": {"exclude": True}}
                file.page.content = ""  # nothing reads it now
            self.replaying.add(path)
        return self.replaying

    def before_context(self, context, page, tags_variable: str | None) -> None:
        """Before other plugins see a replayed page's context (clean builds): the tags plugin need not work
        out its tag links (it skips a context that has them), which only the theme template would show."""
        if tags_variable and page.file.src_uri in self.replaying:
            context.setdefault(tags_variable, [])

    def page_output(self, output: str, page) -> str:
        """The page's HTML: the stored one for a replayed page (clean builds); a new generated page is noted."""
        path = page.file.src_uri
        if path in self.replaying:
            return zlib.decompress(self.finished[path].html).decode("utf-8", "surrogatepass")
        if self.context and path in self.candidates:
            body, meta = self.candidates[path]
            html = None if self.dirty else zlib.compress(output.encode("utf-8", "surrogatepass"), 1)
            self.built[path] = Finished(self.context, body, meta, html)
        return output

    def finish(self) -> None:
        """Keep this build's pages for the next one."""
        finished = {path: self.finished[path] for path in self.replaying}
        finished.update(self.built)
        self.finished = finished
        self._reset()


def context_digest(config, site_digest: str) -> str:
    """What every generated page's HTML depends on besides its own front matter and body: the configuration
    (and so the navigation, with the hand-written pages), the theme, the day of the build, the site's labels."""
    config_file = Path(config.config_file_path) if config.config_file_path else None
    environment = portfolio_variables()
    return digest(
        version("mkdocs"),
        version("mkdocs-material"),
        config_file.read_bytes() if config_file and config_file.is_file() else b"",
        config.site_url,
        config.use_directory_urls,
        environment,
        get_build_date(),
        site_digest,
        _tree(config.theme.custom_dir),
        _tree(config.docs_dir),
    )


def _tree(folder: str | None) -> list:
    """Every file under `folder` with its size and modification time."""
    if not folder or not os.path.isdir(folder):
        return []
    found = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            stat = os.stat(os.path.join(root, name))
            found.append((os.path.relpath(os.path.join(root, name), folder), stat.st_size, stat.st_mtime_ns))
    return found
