"""The Cite downloads carry no TeX that runs on the reader's machine.

Titles, names and abstracts reach BibTeX as text that TeX prints, except `$...$` math made only of the
allow-listed commands (generator/texmath.py), the same list the site's MathML accepts. The slow test
compiles the `.bib` files of the hostile corpus with pdflatex + bibtex + pdflatex and watches what TeX
reads and writes; the others check the escaping field by field and read the entries back with the
parsers reference managers use.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import texmath
from generator.exports import cite
from generator.exports.data import portfolio_data
from generator.latex import math_text, plain_latex
from generator.markup import UnsafeMath, latex_to_mathml, plain_text, rich_text, split_math
from generator.model import Paper
from generator.model.citekeys import assign_bibtex_keys
from generator.pipeline import load_portfolio
from tests.conftest import AS_OF, run_portfolio
from tests.hostile_corpus import HOSTILE, write_corpus
from tests.test_exports import bibtex_names, bibtex_text, check_bibtex_entry
from tests.test_properties import EXAMPLES

TEX_PAYLOADS = HOSTILE / "profile_tex.txt"
SECRET_MARKER = "7305196284"  # digits only: no ligature or kern splits it in the PDF's text
# Files the payloads of profile_tex.txt try to create (`\openout`, `\write18`).
PLANTED_NAMES = ("tex13-openout-pwned", "tex13-shell-pwned")
TEX_RUN_SECONDS = 120  # a hang guard, not a speed check: one run takes about a second
# Debian's TeX installation; other installations are asked of kpsewhich below.
TEX_ROOTS = ["/usr/share/texlive", "/usr/share/texmf", "/var/lib/texmf", "/etc/texmf", "/usr/share/fonts"]
TEX_VARIABLES = [
    "TEXMFROOT",
    "TEXMFDIST",
    "TEXMFMAIN",
    "TEXMFLOCAL",
    "TEXMFSYSVAR",
    "TEXMFSYSCONFIG",
    "TEXMFVAR",
    "TEXMFCONFIG",
]
# What our escaping itself writes outside math: nothing else may look like a command there.
ESCAPE_WORDS = {"textbackslash", "textasciitilde", "textasciicircum", "textbraceleft", "textbraceright"}
ESCAPE_SYMBOLS = set("{}&%#_$")
DANGEROUS = [
    "input",
    "include",
    "openin",
    "read",
    "openout",
    "write",
    "immediate",
    "def",
    "edef",
    "gdef",
    "xdef",
    "let",
    "futurelet",
    "catcode",
    "csname",
    "endcsname",
    "expandafter",
    "noexpand",
    "string",
    "scantokens",
    "special",
    "jobname",
    "endinput",
    "newcommand",
    "renewcommand",
    "providecommand",
    "DeclareMathOperator",
    "newenvironment",
    "href",
    "url",
    "unicode",
    "verb",
    "style",
    "class",
    "color",
    "hspace",
    "hskip",
    "kern",
    "rule",
    "raise",
    "lower",
    "errmessage",
    "show",
    "batchmode",
    "loop",
    "the",
    "relax",
    "usepackage",
    "documentclass",
    "makeatletter",
    "uppercase",
    "lowercase",
    "romannumeral",
    "char",
    "mathchar",
]


# The allow-list ----------------------------------------------------------------------------------


def sample_formula(name: str) -> str:
    """A small formula that uses the allow-listed command `name` the way it is meant."""
    if name in texmath.KEEP_ARGUMENT | texmath.ROOTS or name in (
        "phantom",
        "hphantom",
        "vphantom",
        "substack",
        "pmod",
        "mod",
    ):
        return rf"\{name}{{x}}"
    if name in texmath.FRACTIONS | texmath.TWO_ARGUMENTS:
        return rf"\{name}{{a}}{{b}}"
    if name in ("left", "right", "middle"):
        return r"\left( x \middle| y \right)"
    if name.startswith(("big", "Big")):
        return rf"\{name}( x"
    if name in ("limits", "nolimits"):
        return rf"\sum\{name}_{{i}} x_i"
    if name in ("begin", "end"):
        return r"\begin{pmatrix} a & b \end{pmatrix}"
    if name == "not":
        return r"a \not= b"
    return rf"a \{name} b"


@pytest.mark.parametrize("name", sorted(texmath.MATH_COMMANDS))
def test_every_allowed_command_renders_as_mathml(name):
    formula = sample_formula(name)
    assert texmath.math_problem(formula) is None
    fragment = BeautifulSoup(latex_to_mathml(formula), "html.parser")
    assert fragment.select_one("math") is not None
    assert fragment.select_one("annotation").get_text() == formula


@pytest.mark.parametrize("environment", sorted(texmath.ENVIRONMENTS))
def test_every_allowed_environment_renders_as_mathml(environment):
    formula = rf"\begin{{{environment}}} a & b \\ c & d \end{{{environment}}}"
    assert texmath.math_problem(formula) is None
    assert "<mtable" in latex_to_mathml(formula)


@pytest.mark.parametrize("symbol", sorted(texmath.CHARACTER_COMMANDS))
def test_every_allowed_control_symbol_renders_as_mathml(symbol):
    assert "<math" in latex_to_mathml(f"a \\{symbol} b")


@pytest.mark.parametrize("name", DANGEROUS)
def test_commands_that_run_read_write_or_define_are_off_the_list(name):
    assert name not in texmath.MATH_COMMANDS
    for formula in (rf"\{name}", rf"x \{name}{{y}}", rf"\mathbf{{\{name}}}", rf"\text{{\{name} x}}"):
        assert texmath.math_problem(formula) == rf"\{name} is not on the list of math commands"
        with pytest.raises(UnsafeMath):
            latex_to_mathml(formula)


@pytest.mark.parametrize(
    "formula, problem",
    [
        ("^^5cinput{x}", "^^, a character code to TeX"),
        ("x^^5c", "^^, a character code to TeX"),
        ("x % comment", "a bare %"),
        ("#1", "a bare #"),
        ("a & b", "& outside a matrix"),
        ("x}", "a closing brace before its opening one"),
        ("\\frac{a}{b", "an opening brace without its closing one"),
        ("{" * 17 + "x" + "}" * 17, "braces nested deeper than 16"),
        ("\\begin{document}", "\\begin of an environment not on the list"),
        ("\\end{thebibliography}", "\\end of an environment not on the list"),
        ("\\begin{array}{*{99999}c} x \\end{array}", "\\begin of an environment not on the list"),
        ("\\begin{cases} a \\end{pmatrix}", "\\end{pmatrix} without its \\begin"),
        ("\\begin{cases} a", "\\begin{cases} without its \\end"),
        ("\\~{x}", "\\~ is not on the list of math commands"),
        ("x\\", "a lone backslash at the end"),
        ("a\x0cb", "the character U+000C"),
        ("a\rb", "the character U+000D"),
        ("a\n\nb", "a blank line"),
    ],
)
def test_formulas_tex_would_act_on_are_refused(formula, problem):
    assert texmath.math_problem(formula) == problem
    assert "<math" not in str(rich_text(f"see ${formula}$ here"))


@pytest.mark.parametrize(
    "formula",
    [
        "^3",
        "\\mathcal{O}(n^2)",
        "\\alpha \\leq \\mathbb{R}^n",
        "\\left\\{ x \\right.",
        "50\\%",
        "a \\# b",
        "\\begin{cases} 1 & x > 0 \\\\ 0 & \\text{else} \\end{cases}",
        "\\operatorname*{arg\\,max}_x f",
        "x\\ y",
        "{" * 16 + "x" + "}" * 16,
        "\\sqrt[3]{x}",
        "\\not= \\neq",
    ],
)
def test_real_math_is_accepted(formula):
    assert texmath.math_problem(formula) is None
    assert "<math" in str(rich_text(f"see ${formula}$ here"))


def fixture_formulas() -> list[str]:
    return [piece for is_math, piece in split_math(TEX_PAYLOADS.read_text("utf-8")) if is_math]


def test_the_site_and_bibtex_take_the_same_formulas_as_math():
    """A formula is MathML on the site exactly when it is math in BibTeX."""
    formulas = fixture_formulas()
    assert len(formulas) > 40
    for formula in formulas:
        in_bibtex = cite.bibtex_title(f"t ${formula}$") == f"t ${cite.bibtex_formula(formula)}$"
        on_site = "<math" in str(rich_text(f"t ${formula}$"))
        assert on_site == in_bibtex == (texmath.math_problem(formula) is None), formula
    assert sum(texmath.math_problem(f) is None for f in formulas) >= 10  # the fixture's real math stays math


# Escaping, field by field -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, escaped",
    [
        ("\\input{/etc/passwd}", "\\textbackslash{}input\\{/etc/passwd\\}"),
        ("\\def\\x{\\x}\\x", "\\textbackslash{}def\\textbackslash{}x\\{\\textbackslash{}x\\}\\textbackslash{}x"),
        ("^^5cinput", "\\textasciicircum{}\\textasciicircum{}5cinput"),
        ("# % & ~ _ ^ $", "\\# \\% \\& \\textasciitilde{} \\_ \\textasciicircum{} \\$"),
        ("a } b { c", "a \\textbraceright{} b \\textbraceleft{} c"),
        ("{{{ open", "\\textbraceleft{}\\textbraceleft{}\\textbraceleft{} open"),
        ("{ {x} }", "\\{ \\{x\\} \\}"),
        ("} {x} {", "\\textbraceright{} \\{x\\} \\textbraceleft{}"),
        ("line\nbreak\rand\x0cform\tfeed", "line break and form feed"),
        ("nul\x00 del\x7f c1\x85", "nul del c1"),
        ("--8<-- ``q''", "-{}-8<-{}- `{}`q'{}'"),
        ("Café ½", "Café ½"),
    ],
)
def test_bibtex_escape_makes_every_active_character_print(text, escaped):
    assert cite.bibtex_escape(text) == escaped


@pytest.mark.parametrize(
    "title, field",
    [
        ("G$^3$SR", "G$^3$SR"),
        ("Leak $\\input{/etc/passwd}$ paper", "Leak \\$\\textbackslash{}input\\{/etc/passwd\\}\\$ paper"),
        (
            "Loops $\\def\\x{\\x}\\x$",
            "Loops \\$\\textbackslash{}def\\textbackslash{}x\\{\\textbackslash{}x\\}\\textbackslash{}x\\$",
        ),
        ("Hex $x^^5cinput{a}$", "Hex \\$x\\textasciicircum{}\\textasciicircum{}5cinput\\{a\\}\\$"),
        ("Brace $x}$ math", "Brace \\$x\\textbraceright{}\\$ math"),
        ("Ends $\\end{document}$", "Ends \\$\\textbackslash{}end\\{document\\}\\$"),
        (
            "Sets $\\{x\\}$ and $\\left\\{ x \\right.$ and $\\{x$",
            "Sets $\\{x\\}$ and $\\left\\lbrace x \\right.$ and $\\lbrace x$",
        ),
        ("Costs \\$5 and $5 and a lone $ sign", "Costs \\$5 and \\$5 and a lone \\$ sign"),
        (
            "Real $\\mathcal{O}(n^2)$ and $\\begin{pmatrix} a & b \\end{pmatrix}$",
            "Real $\\mathcal{O}(n^2)$ and $\\begin{pmatrix} a & b \\end{pmatrix}$",
        ),
    ],
)
def test_bibtex_title_keeps_allowed_math_and_escapes_the_rest(title, field):
    assert cite.bibtex_title(title) == field


def test_every_field_of_an_entry_is_escaped():
    paper = Paper(
        title="T $\\input{x}$",
        authors=["Mallory \\input{x} Reader", "Bob } and { Alice", "Eve #1%"],
        org="\\immediate\\write18{touch x} Lab",
        date=dt.date(2024, 1, 2),
        id="t",
        note="\\input{x} note",
        venue="Proc. \\write18{x} & Co",
        pub_type="conference",
        keywords=["a#b", "\\def\\x{y}"],
    )
    entry = cite.bibtex_entry(paper, "reader2024t", "cs.LG", "https://x.test/papers/t/")
    [parsed] = bibtexparser.parse_string(entry).entries
    assert parsed["title"] == "{T \\$\\textbackslash{}input\\{x\\}\\$}"
    assert parsed["author"] == (
        "Mallory \\textbackslash{}input\\{x\\} Reader and "
        "{Bob \\textbraceright{} and \\textbraceleft{} Alice} and Eve \\#1\\%"
    )
    assert "organization" not in parsed.fields_dict  # an affiliation is no BibTeX field (organization names a venue)
    assert parsed["note"] == "\\textbackslash{}input\\{x\\} note"
    assert parsed["booktitle"] == "Proc. \\textbackslash{}write18\\{x\\} \\& Co"
    assert parsed["keywords"] == "a\\#b, \\textbackslash{}def\\textbackslash{}x\\{y\\}"
    assert bibtex_text(parsed["booktitle"]) == paper.venue and bibtex_text(parsed["note"]) == paper.note
    assert bibtex_names(parsed["author"]) == paper.authors


def bibtex_balanced(text: str) -> bool:
    """BibTeX's view: every `{` and `}` counts, escaped or not, and they must nest."""
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def read_field(field: str) -> tuple[list[str], str, list[str]]:
    """A BibTeX field as TeX reads it: the commands outside math, the text outside math, the formulas."""
    commands, text, formulas, formula = [], [], [], None
    for token in re.findall(r"\\(?:[A-Za-z]+|.)|\$|[^\\$]+|\\", field, re.DOTALL):
        if token == "$" and formula is None:
            formula = ""
        elif token == "$":
            formulas.append(formula)
            formula = None
        elif formula is not None:
            formula += token
        else:
            text.append(token)
            commands += [token[1:]] if token.startswith("\\") else []
    assert formula is None, f"a formula without its closing dollar in {field!r}"
    return commands, "".join(t for t in text if not t.startswith("\\")), formulas


# Pieces of TeX, TeX-active characters and plain letters, in any order.
tex_text = st.lists(
    st.sampled_from(
        [
            *"\\{}$^_#%&~ aQ1`'-!\n",
            "input",
            "def",
            "^^5c",
            "\\x",
            "\\alpha",
            "\\frac{a}{b}",
            "\\{",
            "\\}",
            "\\begin{cases}",
            "\\end{cases}",
            "\\text{",
            "\\\\",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.one_of(tex_text, st.text(max_size=60)))
def test_any_title_becomes_a_field_tex_only_prints(title):
    field = cite.bibtex_title(title)
    assert bibtex_balanced(field)
    assert "^^" not in field and not re.search(r"(?<!\\)[#%&]", field)  # inside math too
    commands, text, formulas = read_field(field)
    assert {c for c in commands if len(c) > 1} <= ESCAPE_WORDS
    assert {c for c in commands if len(c) == 1} <= ESCAPE_SYMBOLS
    assert not re.search(r"[~^_{}]", text.replace("{}", ""))  # only our own `\textbackslash{}` braces
    for formula in formulas:
        assert texmath.math_problem(formula.replace("\\lbrace", "\\{").replace("\\rbrace", "\\}")) is None


# Text as the readers hand it on: no control characters (the escaping of those is checked above);
# U+02C6 aside, which `bibtex_text` takes for pylatexenc's reading of `\textasciicircum`.
reader_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u02c6"), max_size=60
)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.one_of(tex_text, reader_text))
def test_any_name_becomes_text_bibtexparser_and_pylatexenc_read_back(name):
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    escaped = cite.bibtex_escape(name)
    assert bibtex_balanced(escaped)
    commands, _, formulas = read_field(escaped)
    assert formulas == [] and {c for c in commands if len(c) > 1} <= ESCAPE_WORDS
    assert {c for c in commands if len(c) == 1} <= ESCAPE_SYMBOLS
    [entry] = bibtexparser.parse_string("@misc{k,\n  organization = {" + escaped + "}\n}\n").entries
    assert bibtex_text(entry["organization"]) == name


def test_the_payload_entries_read_back_as_the_text_the_site_shows():
    portfolio = load_portfolio([TEX_PAYLOADS], AS_OF)
    papers = portfolio_data(portfolio)["papers"]
    assert len(papers) == 12
    keys = assign_bibtex_keys(list(portfolio.papers.values()))
    for data in papers:
        paper = portfolio.papers[data["id"]]
        [entry] = bibtexparser.parse_string(cite.bibtex_entry(paper, keys[paper.id])).entries
        check_bibtex_entry(entry, data)  # title (with its math as `$...$`), authors and year
        for name in ("note", "keywords"):
            if name in entry.fields_dict:
                assert "\\input" not in bibtex_text(entry[name]) or "\\textbackslash" in entry[name]


# The plain-text exports -------------------------------------------------------------------------


def control_words(text: str) -> Counter:
    return Counter(re.findall(r"\\[A-Za-z]+", text))


def typed_outside_math(source: str) -> Counter:
    """The control words a source holds outside its formulas: text the site shows as typed."""
    return control_words("".join(plain_text(piece) for is_math, piece in split_math(source) if not is_math))


def test_ris_csl_and_plain_citations_carry_no_command_from_a_formula():
    """Formulas become their plain reading; only a backslash the source typed outside `$...$` is left, as text."""
    portfolio = load_portfolio([TEX_PAYLOADS], AS_OF)
    formulas = [
        piece
        for paper in portfolio.papers.values()
        for value in (paper.title, paper.abstract or "")
        for is_math, piece in split_math(value)
        if is_math
    ]
    assert formulas and all("\\" not in math_text(formula) for formula in formulas)
    for paper in portfolio.papers.values():
        [record] = rispy.loads(cite.ris_entry(paper, "k", "cs.LG"))
        item = cite.csl_item(paper, "k", "cs.LG")
        for source, outputs in (
            (paper.title, [record["title"], item["title"]]),
            (paper.abstract or "", [record.get("abstract", ""), item.get("abstract", "")]),
        ):
            for output in outputs:
                assert output == " ".join(plain_latex(source).split())
                assert control_words(output) <= typed_outside_math(source), (source, output)
        citation = cite.plain_citation(paper, "cs.LG")
        names = sum((control_words(name) for name in paper.authors or []), Counter())
        assert control_words(citation) <= typed_outside_math(paper.title) + names, citation


# pdflatex + bibtex on the hostile corpus -------------------------------------------------------


def tex_roots() -> list[Path]:
    """Where the TeX installation keeps what pdflatex may read: Debian's folders and kpsewhich's."""
    roots = [Path(root) for root in TEX_ROOTS]
    for variable in TEX_VARIABLES:
        result = subprocess.run(["kpsewhich", f"-var-value={variable}"], capture_output=True, text=True, check=False)
        roots += [Path(value) for value in re.split(r"[:;{},!]+", result.stdout.strip()) if value.startswith("/")]
    return [root.resolve() for root in roots if len(root.parts) >= 3]  # never a whole `/` or `/usr`


def recorded_files(fls: Path) -> dict[str, set[Path]]:
    """INPUT and OUTPUT paths of a `pdflatex -recorder` file list, made absolute."""
    lines = fls.read_text("utf-8", errors="replace").splitlines()
    pwd = Path(next(line[4:] for line in lines if line.startswith("PWD ")))
    files: dict[str, set[Path]] = {"INPUT": set(), "OUTPUT": set()}
    for line in lines:
        kind, _, path = line.partition(" ")
        if kind in files:
            files[kind].add((pwd / path).resolve())
    return files


def run_tex(command: list[str], job: Path, env: dict[str, str]) -> subprocess.CompletedProcess | None:
    """One TeX run in the job folder, or None when it never ended (a TeX loop from the input)."""
    try:
        return subprocess.run(
            command,
            cwd=job,
            env=env,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=TEX_RUN_SECONDS,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return None


def tex_document(databases: list[str]) -> str:
    """A reader's paper citing every entry of `databases`, with amsmath and amssymb for the math."""
    return (
        "\\pdfcompresslevel=0 \\pdfobjcompresslevel=0\n\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n"
        "\\begin{document}\n\\nocite{*}\n\\bibliographystyle{plain}\n"
        f"\\bibliography{{{','.join(databases)}}}\n\\end{{document}}\n"
    )


@pytest.fixture(scope="module")
def hostile_bib_files(tmp_path_factory) -> tuple[Path, Path]:
    """The hostile corpus generated once: (its output folder, the folder its payloads look for secrets in)."""
    if not (shutil.which("pdflatex") and shutil.which("bibtex") and shutil.which("kpsewhich")):
        pytest.skip("pdflatex, bibtex and kpsewhich are not installed (Debian: apt-get install texlive-latex-base)")
    base = tmp_path_factory.mktemp("tex")
    outside = base / "outside"
    write_corpus(base / "profiles", outside)
    (outside / "secret.tex").write_text(f"SECRET {SECRET_MARKER}\n", "utf-8")
    out = base / "generated"
    result = run_portfolio("generate", "--as-of", AS_OF.isoformat(), "--out", out, base / "profiles", check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr  # the corpus' bad files are reported
    return out, outside


def without_repeated_keys(files: list[Path]) -> list[list[Path]]:
    """`.bib` files in groups whose entries' keys differ (BibTeX calls a key met twice an error)."""
    groups: list[tuple[list[Path], set[str]]] = []
    for path in files:
        keys = {entry.key for entry in bibtexparser.parse_file(str(path)).entries}
        group = next((g for g in groups if not g[1] & keys), None)
        if group is None:
            groups.append(group := ([], set()))
        group[0].append(path)
        group[1].update(keys)
    return [paths for paths, _ in groups]


def compile_bibliography(job: Path, databases: list[str]) -> list[str]:
    """pdflatex + bibtex + pdflatex of a paper citing every entry of `databases`: what went wrong."""
    (job / "reader.tex").write_text(tex_document(databases), "utf-8")
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("TEXINPUTS", "TEXMFOUTPUT", "BIBINPUTS"))
    }
    # The most trusting reader: TeX may open any file for reading and writing. Shell escape stays off,
    # so a `\write18` that reached TeX shows as `runsystem(...)...disabled` in the log, not as a process.
    env.update(openin_any="a", openout_any="a", shell_escape="f")
    pdflatex = ["pdflatex", "-interaction=nonstopmode", "-recorder", "-no-shell-escape", "reader.tex"]
    problems = []
    for step, command in (("pdflatex", pdflatex), ("bibtex", ["bibtex", "reader"]), ("pdflatex again", pdflatex)):
        result = run_tex(command, job, env)
        if result is None:
            problems.append(f"{step} still ran after {TEX_RUN_SECONDS} s: the .bib made TeX loop")
            break
        if step == "bibtex" and result.returncode > 1:  # 0: clean, 1: warnings (a paper without a year)
            problems.append("bibtex: " + " | ".join(line for line in result.stdout.splitlines() if "---" in line))
    log = (job / "reader.log").read_text("utf-8", errors="replace")
    # pdflatex has no glyph for a few characters of the corpus (a zero-width joiner): that error alone is allowed.
    problems += [
        f"TeX error {line}" for line in log.splitlines() if line.startswith("! ") and "Unicode character" not in line
    ]
    problems += ["a \\write18 reached TeX"] * ("runsystem" in log)
    if (job / "reader.bbl").is_file():
        entries = sum(len(bibtexparser.parse_file(str(job / f"{name}.bib")).entries) for name in databases)
        if (bibitems := (job / "reader.bbl").read_text("utf-8", errors="replace").count("\\bibitem")) != entries:
            problems.append(f"{bibitems} entries typeset of {entries}")
    if (job / "reader.fls").is_file():
        files, roots = recorded_files(job / "reader.fls"), tex_roots()
        problems += [
            f"read {p}"
            for p in sorted(files["INPUT"])
            if not p.is_relative_to(job) and not any(p.is_relative_to(root) for root in roots)
        ]
        problems += [
            f"wrote {p}"
            for p in sorted(files["OUTPUT"])
            if p.parent != job or p.name not in ("reader.aux", "reader.log", "reader.pdf")
        ]
    pdf = (job / "reader.pdf").read_bytes() if (job / "reader.pdf").is_file() else b""
    problems += ["no PDF"] * (not pdf) + ["the secret is in the PDF"] * (SECRET_MARKER.encode() in pdf)
    problems += ["the secret is in the log"] * (SECRET_MARKER in log)
    return [f"{job.name}: {problem}" for problem in problems]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["papers", "authors"])
def test_pdflatex_and_bibtex_read_write_and_run_nothing_from_the_bib_files(hostile_bib_files, kind):
    out, outside = hostile_bib_files
    base = outside.parent
    groups = without_repeated_keys(sorted((out / kind).glob("*.bib")))
    assert sum(map(len, groups)) > (20 if kind == "papers" else 10)
    assert any("input" in path.read_text("utf-8") for group in groups for path in group)
    problems = []
    for number, group in enumerate(groups):
        job = base / f"job-{kind}-{number}"  # beside `outside`: the payloads' `../outside/secret` is the planted one
        (job / kind).mkdir(parents=True)
        for path in group:
            shutil.copy(path, job / kind / path.name)
        problems += compile_bibliography(job, [f"{kind}/{path.stem}" for path in group])
    planted = [p for p in base.rglob("*") if p.name.startswith(PLANTED_NAMES)]
    planted += [p for p in Path.cwd().iterdir() if p.name.startswith(PLANTED_NAMES)]
    problems += [f"{p} was created" for p in planted]
    assert problems == [], "\n".join(problems)
