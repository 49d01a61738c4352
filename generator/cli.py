"""The `portfolio` command: parse, generate, build, serve and scaffold portfolio sites."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from pathlib import Path

from generator import __version__, environment
from generator.diagnostics import Level, error, has_errors
from generator.incremental import rerun
from generator.pipeline import load_portfolio
from generator.progress import Progress, to_stream
from generator.readers.dates import DateError, parse_iso_date

EXIT_OK, EXIT_INPUT_ERROR, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in how the command was called: reported in one line, exit status 2."""


class NothingDone(Exception):
    """A run refused before it changed anything (a source path that names nothing): one line, exit status 1."""


def _as_of(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return parse_iso_date(text)
    except DateError as exc:
        raise UsageError(f"--as-of: {exc}") from None


def _path_argument(text: str) -> Path:
    """A path given on the command line; an empty one is a usage error (Path("") would be the current folder)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path names no file or folder")
    return Path(text)


def _slug_argument(text: str) -> str:
    """An author slug given on the command line; an empty one is a usage error, not a site of every author."""
    if not text.strip():
        raise argparse.ArgumentTypeError("expected an author slug (portfolio parse lists them), got ''")
    return text


def _check_sources(paths: list[Path], outcome: str) -> None:
    """Stop before anything is built or written when a source path given on the command line names nothing or
    holds no source file: a typo must not replace a site with an empty one. `outcome` says what was not done."""
    from generator.readers import find_sources

    for path in paths:
        found, notes = find_sources([path])
        if not found:
            problem = next((note for note in notes if note.level is Level.ERROR), None)
            problem = problem or error(str(path), 0, "holds no source files")
            raise NothingDone(f"{problem}: {outcome}")


def _print_diagnostics(diagnostics, stream=sys.stderr, quiet_info: bool = False) -> None:
    for diagnostic in diagnostics:
        if quiet_info and diagnostic.level is Level.INFO:
            continue
        print(diagnostic, file=stream)


def command_parse(args: argparse.Namespace) -> int:
    """Read source files and print the portfolio model (a summary, or JSON with --json)."""
    from generator.exports.data import portfolio_data

    portfolio = load_portfolio(
        args.paths, _as_of(args.as_of), progress=Progress("reading files", 200, to_stream(), steps=20)
    )
    if args.json:
        json.dump(portfolio_data(portfolio), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_summary(portfolio)
        _print_diagnostics(portfolio.diagnostics)
    return EXIT_INPUT_ERROR if has_errors(portfolio.diagnostics) else EXIT_OK


def _print_summary(portfolio) -> None:
    print(
        f"{len(portfolio.authors)} author(s), {len(portfolio.papers)} paper(s), "
        f"{len(portfolio.collections)} collection(s), as of {portfolio.as_of.isoformat()}"
    )
    for author in portfolio.authors:
        metrics = ", ".join(
            f"{label} {value}"
            for label, value in (
                ("h-index", author.h_index),
                ("citations", author.citations),
                ("novelty", author.novelty),
                ("AI score", author.ai_score),
            )
            if value is not None
        )
        print(f"  author  {author.name} ({author.slug}): {len(author.papers)} papers; {metrics}")
    for collection in portfolio.collections:
        day = collection.date.isoformat() if collection.date else "undated"
        print(f"  collection  {collection.title} ({day}): {len(collection.papers)} papers")
    if portfolio.unmatched_abstracts:
        print(f"  {len(portfolio.unmatched_abstracts)} abstract(s) matched no paper")
    errors = sum(1 for d in portfolio.diagnostics if d.level is Level.ERROR)
    warnings = sum(1 for d in portfolio.diagnostics if d.level is Level.WARNING)
    print(f"  {errors} error(s), {warnings} warning(s)")


def _mkdocs_environment(args: argparse.Namespace) -> None:
    """Hand command-line choices to the plugin (it reads them on every build, serve included)."""
    if getattr(args, "as_of", None):
        _as_of(args.as_of)
    environment.hand_to_plugin(
        getattr(args, "as_of", None),
        getattr(args, "author", None),
        getattr(args, "paths", None),
        getattr(args, "strict", False),
    )


def _config_file(args: argparse.Namespace) -> Path:
    path = Path(args.config_file)
    if not path.is_file():
        raise UsageError(f"no {path} here: run this in your portfolio folder, or create one with 'portfolio new DIR'")
    return path


def _setup_logging(verbose: bool):
    """MkDocs' messages on stderr; returns the recorder of the first error and warning."""
    from generator.output.site_folder import ProblemRecorder

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    recorder = ProblemRecorder()
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler, recorder]
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False
    return recorder


def command_build(args: argparse.Namespace) -> int:
    """Read the profiles, generate the pages and build the site with `mkdocs build --strict`.

    The site is built in a folder beside site_dir and swapped in only when the build succeeds: a
    failed or interrupted build leaves the previous site as it was.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from generator.output.site_folder import SITE, SiteDirError, build_aside, check_output_folder

    config_file = _config_file(args)
    _mkdocs_environment(args)
    problems = _setup_logging(args.verbose)
    site_dir = None
    try:
        config = load_config(
            str(config_file), strict=True, **({"site_dir": str(args.site_dir)} if args.site_dir else {})
        )
        plugin = config.plugins.get("portfolio")
        if plugin is None:
            raise UsageError(f"{config_file} does not enable the portfolio plugin: add '- portfolio' under 'plugins:'")
        site_dir = Path(config.site_dir).resolve()
        project_root = config_file.resolve().parent
        check_output_folder(site_dir, SITE, project_root)  # before anything is read or walked
        _check_sources(args.paths, f"nothing was built, {site_dir} was left as it was")
        digest, sources, previous = _build_inputs(config, config_file, plugin, args, site_dir)
        if not args.force and (done := rerun.unchanged(site_dir, previous, digest)) is not None:
            diagnostics, count = done
            _print_diagnostics(diagnostics, quiet_info=True)
            print(
                f"portfolio: {site_dir} is up to date ({count} generated pages): nothing it is built from changed "
                "since the last build, so nothing was written (--force builds anyway)",
                file=sys.stderr,
            )
            return EXIT_INPUT_ERROR if has_errors(diagnostics) else EXIT_OK

        def build_into(folder: Path) -> None:
            config["site_dir"] = str(folder)
            build(config)

        config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
        try:
            site_dir = build_aside(site_dir, build_into, project_root)
        finally:
            config.plugins.on_shutdown()
    except (Abort, ConfigurationError, PluginError) as exc:
        if site_dir is None:  # mkdocs.yml itself is wrong
            print(f"portfolio: error: {config_file}: {problems.reason(str(exc))}", file=sys.stderr)
        else:
            print(f"portfolio: error: {problems.reason(str(exc))}; {site_dir} was left as it was", file=sys.stderr)
        return EXIT_INPUT_ERROR
    except SiteDirError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"portfolio: error: cannot build the site into {site_dir}: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    errors = [d for d in plugin.portfolio.diagnostics if d.level is Level.ERROR] if plugin.portfolio else []
    if plugin.portfolio is not None:
        rerun.remember(site_dir, digest, sources, plugin.portfolio.diagnostics, "build", len(plugin.generated))
    print(f"portfolio: built {site_dir} ({len(plugin.generated)} generated pages)", file=sys.stderr)
    if errors:
        print(f"portfolio: {len(errors)} source error(s): the pages of what could be read were built", file=sys.stderr)
        return EXIT_INPUT_ERROR
    return EXIT_OK


def _build_inputs(config, config_file: Path, plugin, args: argparse.Namespace, site_dir: Path):
    """What a build depends on, digested (see incremental/rerun.py), the state of its source files, and the last record."""
    from mkdocs.utils import get_build_date

    from generator.pipeline import source_paths

    root = config_file.resolve().parent
    paths = environment.command_line().profiles
    if not paths:
        paths = source_paths((root / plugin.config.profiles).resolve(), plugin.config.examples)[0]
    inputs = [*paths, Path(config.docs_dir), config_file.resolve()]
    if config.theme.custom_dir:
        inputs.append(Path(config.theme.custom_dir))
    choices = {
        "command": "build",
        "site_dir": str(site_dir),
        "environment": environment.portfolio_variables(),
        "build_date": get_build_date(),
        "packages": rerun.installed_packages(),
    }
    previous = rerun.previous_run(site_dir, "build")
    digest, sources = rerun.inputs_digest(inputs, dt.date.today(), choices, previous)
    return digest, sources, previous


def command_serve(args: argparse.Namespace) -> int:
    """Build the site and preview it with live reload; profiles are watched too."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    config_file = _config_file(args)
    _check_sources(args.paths, "nothing was served")
    _mkdocs_environment(args)
    _setup_logging(args.verbose)
    try:
        # Dirty builds keep the site folder between builds, so only what an edit changed is written again
        # (the plugin rebuilds everything when anything all pages share changes; see generator/mkdocs/replay.py).
        serve(config_file=str(config_file), dev_addr=args.dev_addr, livereload=True, build_type="dirty")
    except (Abort, ConfigurationError, PluginError) as exc:
        print(f"portfolio: error: {exc}".rstrip(), file=sys.stderr)
        return EXIT_INPUT_ERROR
    return EXIT_OK


def command_generate(args: argparse.Namespace) -> int:
    """Write the generated Markdown pages into a folder, for engines that build without our plugin."""
    from generator.output.site_folder import PAGES, SiteDirError, check_output_folder
    from generator.pipeline import restrict_to_authors, source_paths

    try:
        check_output_folder(args.out, PAGES)  # before anything is read or walked
    except SiteDirError as exc:
        raise UsageError(str(exc)) from None
    _check_sources(args.paths, f"nothing was written, {args.out} was left as it was")
    paths = args.paths or source_paths(Path("profiles"))[0]
    as_of = _as_of(args.as_of) or dt.date.today()
    if args.engine_config:
        _write_engine_config(args)
    record = rerun.previous_run(args.out)
    choices = {"author": args.author, "directory_urls": not args.no_directory_urls}
    digest, sources = rerun.inputs_digest(paths, as_of, choices, record)
    previous = rerun.unchanged(args.out, record, digest)
    if previous is not None:  # the same inputs as the last run, whose output is untouched
        diagnostics, count = previous
        _print_diagnostics(diagnostics, quiet_info=True)
        print(
            f"portfolio: {args.out}: 0 written, {count} unchanged, 0 removed, 0 hand-written left alone "
            "(up to date: sources, options and files as the last run left them)",
            file=sys.stderr,
        )
        return EXIT_INPUT_ERROR if has_errors(diagnostics) else EXIT_OK
    from generator.exports import build_exports
    from generator.output.pages_folder import EmitError, emit_pages
    from generator.render import RenderOptions, SiteRenderer

    portfolio = load_portfolio(paths, as_of, progress=Progress("reading files", 200, to_stream(), steps=20))
    _print_diagnostics(portfolio.diagnostics, quiet_info=True)
    if args.author:
        try:
            portfolio = restrict_to_authors(portfolio, [args.author])
        except KeyError as exc:
            raise UsageError(exc.args[0]) from None
    options = RenderOptions(home_author=args.author, directory_urls=not args.no_directory_urls)
    try:
        # Citation files, data and feeds go beside the pages: a plain MkDocs build copies them as they are.
        renderer = SiteRenderer(portfolio, options)
        pages = renderer.render_all()
        exports = build_exports(portfolio, options, renderer.citations, renderer.site.bibtex_keys)
        report = emit_pages(args.out, [*pages, *exports, _icon_stylesheet()])
    except (EmitError, OSError) as exc:
        print(f"portfolio: error: cannot write pages to {args.out}: {exc}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    rerun.remember(args.out, digest, sources, portfolio.diagnostics)
    print(
        f"portfolio: {args.out}: {len(report.written)} written, {len(report.unchanged)} unchanged, "
        f"{len(report.removed)} removed, {len(report.skipped)} hand-written left alone",
        file=sys.stderr,
    )
    return EXIT_INPUT_ERROR if has_errors(portfolio.diagnostics) else EXIT_OK


def _icon_stylesheet():
    """The link buttons' icons, from Material's bundled icon set (a build writes the same file; see mkdocs/icons.py)."""
    from mkdocs.theme import Theme

    from generator.exports import ExportFile
    from generator.layout import ICONS_STYLESHEET
    from generator.mkdocs.icons import icon_stylesheet

    return ExportFile(ICONS_STYLESHEET, icon_stylesheet(Theme(name="material").dirs))


def _write_engine_config(args: argparse.Namespace) -> None:
    """Write the copy of mkdocs.yml that other engines (Zensical, ProperDocs) build the pages in --out with."""
    from generator.mkdocs.engine_config import EngineConfigError, write_engine_config

    try:
        written = write_engine_config(
            _config_file(args),
            args.engine_config,
            args.out,
            single_author=bool(args.author),
            directory_urls=not args.no_directory_urls,
        )
    except EngineConfigError as exc:
        raise UsageError(str(exc)) from None
    print(
        f"portfolio: {args.engine_config}: {'written' if written else 'unchanged'} "
        f"(build with 'zensical build -f {args.engine_config}' or 'properdocs build -f {args.engine_config}')",
        file=sys.stderr,
    )


def command_new(args: argparse.Namespace) -> int:
    """Scaffold a new portfolio folder that builds as it is."""
    from generator.starter import ScaffoldError, generator_requirement, scaffold

    try:
        written = scaffold(args.directory, args.name)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot create {args.directory}: {exc.strerror or exc}") from None
    print(
        f"portfolio: created {args.directory} ({len(written)} files). Next:\n"
        f"  cd {args.directory}\n  portfolio serve        # preview on http://127.0.0.1:8000\n"
        f"  put your saved profile pages in profiles/ (the example files there can go)",
        file=sys.stderr,
    )
    print(f"  requirements.txt installs {generator_requirement()} for the GitHub workflows", file=sys.stderr)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `portfolio` command."""
    parser = argparse.ArgumentParser(
        prog="portfolio", description="Turn saved researcher profile pages into a static website."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show full tracebacks of unexpected failures")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    parse = commands.add_parser("parse", help="read source files and print the portfolio model")
    parse.add_argument("paths", nargs="+", type=_path_argument, metavar="PATH", help="source file or folder")
    parse.add_argument(
        "--as-of", metavar="DATE", help="resolve dates without a year as of this day (YYYY-MM-DD; default today)"
    )
    parse.add_argument("--json", action="store_true", help="print the model as JSON")
    parse.set_defaults(run=command_parse)

    def site_command(name: str, run, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument(
            "paths",
            nargs="*",
            type=_path_argument,
            metavar="PATH",
            help="source files or folders (default: the plugin's 'profiles' folder)",
        )
        sub.add_argument("--as-of", metavar="DATE", help="resolve dates without a year as of this day (YYYY-MM-DD)")
        sub.add_argument(
            "--author",
            type=_slug_argument,
            metavar="SLUG",
            help="build a personal site for one author (e.g. deqing-fu)",
        )
        sub.add_argument(
            "-f",
            "--config-file",
            default="mkdocs.yml",
            metavar="FILE",
            help="MkDocs configuration (default mkdocs.yml)",
        )
        sub.add_argument("--strict", action="store_true", help="treat warnings about source files as errors")
        sub.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' debug messages")
        sub.set_defaults(run=run)
        return sub

    build = site_command("build", command_build, "read, generate and build the site into site/ (mkdocs build --strict)")
    build.add_argument("-d", "--site-dir", type=_path_argument, metavar="DIR", help="build into DIR instead of site/")
    build.add_argument("--force", action="store_true", help="build even when nothing changed since the last build")
    serve = site_command("serve", command_serve, "build and preview the site with live reload")
    serve.add_argument(
        "-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT", help="where to serve (default 127.0.0.1:8000)"
    )

    generate = commands.add_parser("generate", help="write the generated Markdown pages into a folder")
    generate.add_argument(
        "paths", nargs="*", type=_path_argument, metavar="PATH", help="source files or folders (default: profiles/)"
    )
    generate.add_argument("--out", type=_path_argument, required=True, metavar="DIR", help="folder for the pages")
    generate.add_argument("--as-of", metavar="DATE", help="resolve dates without a year as of this day (YYYY-MM-DD)")
    generate.add_argument("--author", type=_slug_argument, metavar="SLUG", help="pages for one author's personal site")
    generate.add_argument("--no-directory-urls", action="store_true", help="links for use_directory_urls: false")
    generate.add_argument(
        "--engine-config",
        type=Path,
        metavar="FILE",
        help="also write FILE beside mkdocs.yml: a copy without the portfolio plugin, for engines "
        "that build the pages in --out (zensical build -f FILE, properdocs build -f FILE)",
    )
    generate.add_argument(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        metavar="FILE",
        help="the MkDocs configuration --engine-config copies (default mkdocs.yml)",
    )
    generate.set_defaults(run=command_generate)

    new = commands.add_parser("new", help="create a new portfolio folder (mkdocs.yml, profiles/, docs/, workflows)")
    new.add_argument("directory", type=Path, metavar="DIR", help="folder to create (must be new or empty)")
    new.add_argument("--name", help="the site's name (default: from the folder name)")
    new.set_defaults(run=command_new)
    for sub in commands.choices.values():  # `portfolio build --debug` works as well as `portfolio --debug build`
        sub.add_argument(
            "--debug",
            action="store_true",
            default=argparse.SUPPRESS,
            help="show full tracebacks of unexpected failures",
        )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; every failure a user can cause ends in one line and an exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UsageError as exc:
        print(f"portfolio: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except NothingDone as exc:
        print(exc, file=sys.stderr)
        return EXIT_INPUT_ERROR
    except KeyboardInterrupt:
        print("portfolio: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: no traceback unless asked for
        if args.debug:
            raise
        print(f"portfolio: error: {type(exc).__name__}: {exc} (run with --debug for details)", file=sys.stderr)
        return EXIT_INPUT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
