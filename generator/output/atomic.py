"""All-or-nothing writes: files and whole folders are prepared aside and swapped in only when complete.

A failure, Ctrl-C or `kill` while the new output is being prepared leaves the old output untouched;
the swap itself is short and runs with those signals held back until it is over.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import signal
import tempfile
import threading
from pathlib import Path

# The signals a user or a CI runner sends to stop a build; both wait until a swap is finished.
DEFERRED_SIGNALS = (signal.SIGINT, signal.SIGTERM)
NEW_FOLDER = ".portfolio-new-"
OLD_FOLDER = ".portfolio-old-"
SCRATCH = ".portfolio-"  # `.index.md.portfolio-1a2b3c.tmp`: a name no one else uses
SCRATCH_RE = re.compile(r"^\..+\.portfolio-[A-Za-z0-9_]+\.(tmp|bak)$")


@contextlib.contextmanager
def interrupts_deferred():
    """Hold back Ctrl-C and SIGTERM inside the block, then deliver them once it is over."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {number: signal.signal(number, lambda n, _frame: received.append(n)) for number in DEFERRED_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
        for number in dict.fromkeys(received):
            signal.raise_signal(number)


def atomic_write(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old or the new content, never a part."""
    if not path.parent.is_dir():
        path.parent.mkdir(parents=True)
    temporary = stage_file(path, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def scratch_name(path: Path, kind: str) -> Path:
    """A hidden name beside `path` for one of our scratch files (`.tmp` staged, `.bak` kept aside)."""
    return path.with_name(f".{path.name}{SCRATCH}{secrets.token_hex(6)}{kind}")


def scratch_files(root: Path) -> list[Path]:
    """Our scratch files anywhere under `root` (links not followed) that a killed run may have left."""
    found = []
    for folder, _, names in os.walk(root):
        found += [Path(folder) / name for name in names if SCRATCH_RE.match(name)]
    return sorted(path for path in found if path.is_file() and not path.is_symlink())


def stage_file(path: Path, data: bytes) -> Path:
    """Write `data` to a hidden temporary file beside `path` (same folder, so a rename can swap it in)."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}{SCRATCH}", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def keep_aside(path: Path, backup: Path) -> None:
    """Give an existing file a second, hidden name, so it can be put back if a swap fails."""
    try:
        os.link(path, backup)
    except FileExistsError:
        raise  # the name is taken: never copy over a file
    except OSError:  # no hard links on this file system: copy instead
        shutil.copy2(path, backup)


def sibling_folder(target: Path, kind: str) -> Path:
    """A new, empty, hidden folder beside `target` (same file system, so renames are atomic)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}{kind}", dir=target.parent))


def leftovers(target: Path) -> list[Path]:
    """Folders an interrupted run left beside `target`, newest first."""
    if not target.parent.is_dir():
        return []
    found = [
        p
        for p in target.parent.iterdir()
        if p.is_dir()
        and not p.is_symlink()
        and p.name.startswith((f".{target.name}{NEW_FOLDER}", f".{target.name}{OLD_FOLDER}"))
    ]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def recover_folder(target: Path) -> None:
    """Undo what a killed run may have left: put a set-aside old folder back, drop unfinished new ones."""
    for folder in leftovers(target):
        if folder.name.startswith(f".{target.name}{OLD_FOLDER}") and not os.path.lexists(target):
            os.replace(folder, target)  # killed between the two renames of a swap
        else:
            shutil.rmtree(folder, ignore_errors=True)


def replace_folder(new: Path, target: Path) -> None:
    """Put the finished folder `new` where `target` is, as one step; the old one is removed after.

    Hidden entries of the old folder (the `.git` of a gh-pages worktree, a `.nojekyll`) move into the
    new one, as MkDocs keeps them when it cleans a site folder.
    """
    old, moved = None, []
    with interrupts_deferred():
        try:
            if os.path.lexists(target):
                for name in sorted(os.listdir(target)):
                    if name.startswith(".") and not os.path.lexists(new / name):
                        os.rename(target / name, new / name)
                        moved.append(name)
                old = target.with_name(f".{target.name}{OLD_FOLDER}{secrets.token_hex(6)}")
                os.rename(target, old)
            os.replace(new, target)
        except BaseException:
            if old is not None and os.path.lexists(old):
                os.replace(old, target)
            for name in moved:
                os.rename(new / name, target / name)
            raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
