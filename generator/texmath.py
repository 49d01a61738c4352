r"""The LaTeX math we accept: one allow-list for the site's MathML, the BibTeX downloads and plain text.

A formula (`$...$` in a title or abstract) is typeset as math only when `math_problem` finds nothing
wrong with it: every command is on the lists below, braces are balanced and shallow, and it holds
none of the characters TeX would act on (`%` starts a comment, `#` is a macro parameter, `^^5c` is a
backslash to TeX even inside math, `&` only separates the cells of an allowed environment). Any other
formula is shown as the text it is, on the site and in BibTeX alike. The lists hold commands that
only typeset: symbols, function names, fonts, accents, fractions, roots, delimiters, fixed spaces
and a few matrix environments. Left out on purpose: whatever reads or writes files or runs programs
(`\input`, `\openout`, `\write18`), defines or changes meanings (`\def`, `\newcommand`, `\catcode`,
`\csname`), takes a length, box, colour or character code (`\hspace`, `\rule`, `\color`, `\unicode`,
the `array` environment's column repeats), or is a link or HTML styling (`\href`, `\style`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MAX_MATH_DEPTH = 16  # deeper than any real formula: refused well before TeX's own limits


def _readings(table: str) -> dict[str, str]:
    """`name char  name char ...` as a dict."""
    words = table.split()
    return dict(zip(words[::2], words[1::2]))


# Commands that stand for one symbol, with the character a plain-text reader sees for each.
SYMBOLS: dict[str, str] = _readings("""
ldotp .  colon :  lbrack [  rbrack ]  lbrace {  lvert |  mid |  rvert |  vert |  rbrace }  yen ¥
S §  lnot ¬  neg ¬  circledR ®  pm ±  cdot ·  cdotp ·  times ×  eth ð  div ÷  imath ı
jmath ȷ  Gamma Γ  Delta Δ  Theta Θ  Lambda Λ  Xi Ξ  Pi Π  Sigma Σ  Upsilon Υ  Phi Φ  Psi Ψ
Omega Ω  alpha α  beta β  gamma γ  delta δ  varepsilon ε  zeta ζ  eta η  theta θ  iota ι
kappa κ  lambda λ  mu μ  nu ν  xi ξ  pi π  rho ρ  varsigma ς  sigma σ  tau τ  upsilon υ
varphi φ  chi χ  psi ψ  omega ω  vartheta ϑ  phi ϕ  varpi ϖ  digamma ϝ  varkappa ϰ
varrho ϱ  epsilon ϵ  backepsilon ϶  Vert ‖  lVert ‖  rVert ‖  dagger †  ddagger ‡
bullet •  dots …  dotsc …  dotso …  ldots …  prime ′  backprime ‵  hbar ℏ  hslash ℏ
Im ℑ  ell ℓ  wp ℘  Re ℜ  mho ℧  Finv Ⅎ  aleph ℵ  beth ℶ  gimel ℷ  daleth ℸ
gets ←  leftarrow ←  uparrow ↑  rightarrow →  to →  downarrow ↓  leftrightarrow ↔
updownarrow ↕  nwarrow ↖  nearrow ↗  searrow ↘  swarrow ↙  nleftarrow ↚  nrightarrow ↛
twoheadleftarrow ↞  twoheadrightarrow ↠  leftarrowtail ↢  rightarrowtail ↣  mapsto ↦
hookleftarrow ↩  hookrightarrow ↪  looparrowleft ↫  looparrowright ↬  leftrightsquigarrow ↭
nleftrightarrow ↮  Lsh ↰  Rsh ↱  curvearrowleft ↶  curvearrowright ↷  circlearrowleft ↺
circlearrowright ↻  leftharpoonup ↼  leftharpoondown ↽  upharpoonright ↾  upharpoonleft ↿
rightharpoonup ⇀  rightharpoondown ⇁  downharpoonright ⇂  downharpoonleft ⇃
rightleftarrows ⇄  leftrightarrows ⇆  leftleftarrows ⇇  upuparrows ⇈  rightrightarrows ⇉
downdownarrows ⇊  leftrightharpoons ⇋  rightleftharpoons ⇌  nLeftarrow ⇍  nLeftrightarrow ⇎
nRightarrow ⇏  Leftarrow ⇐  Uparrow ⇑  Rightarrow ⇒  implies ⇒  Downarrow ⇓
Leftrightarrow ⇔  iff ⇔  Updownarrow ⇕  Lleftarrow ⇚  Rrightarrow ⇛  rightsquigarrow ⇝
dashleftarrow ⇠  dashrightarrow ⇢  forall ∀  complement ∁  partial ∂  exists ∃
nexists ∄  emptyset ∅  varnothing ∅  nabla ∇  in ∈  notin ∉  ni ∋  owns ∋  prod ∏
coprod ∐  sum ∑  mp ∓  dotplus ∔  setminus ∖  smallsetminus ∖  ast ∗  circ ∘
surd √  propto ∝  infty ∞  angle ∠  measuredangle ∡  sphericalangle ∢  nmid ∤
parallel ∥  nparallel ∦  land ∧  wedge ∧  lor ∨  vee ∨  cap ∩  cup ∪  int ∫
iint ∬  iiint ∭  oint ∮  therefore ∴  because ∵  sim ∼  backsim ∽  wr ≀  nsim ≁
eqsim ≂  simeq ≃  cong ≅  ncong ≇  approx ≈  approxeq ≊  asymp ≍  Bumpeq ≎
bumpeq ≏  doteq ≐  Doteq ≑  fallingdotseq ≒  risingdotseq ≓  eqcirc ≖  circeq ≗
triangleq ≜  ne ≠  neq ≠  equiv ≡  le ≤  leq ≤  ge ≥  geq ≥  leqq ≦  geqq ≧
lneqq ≨  gneqq ≩  ll ≪  gg ≫  between ≬  nless ≮  ngtr ≯  nleq ≰  ngeq ≱
lesssim ≲  gtrsim ≳  lessgtr ≶  gtrless ≷  prec ≺  succ ≻  preccurlyeq ≼
succcurlyeq ≽  precsim ≾  succsim ≿  nprec ⊀  nsucc ⊁  subset ⊂  supset ⊃  subseteq ⊆
supseteq ⊇  nsubseteq ⊈  nsupseteq ⊉  subsetneq ⊊  supsetneq ⊋  uplus ⊎  sqsubset ⊏
sqsupset ⊐  sqsubseteq ⊑  sqsupseteq ⊒  sqcap ⊓  sqcup ⊔  oplus ⊕  ominus ⊖  otimes ⊗
oslash ⊘  odot ⊙  circledcirc ⊚  circledast ⊛  circleddash ⊝  boxplus ⊞  boxminus ⊟
boxtimes ⊠  vdash ⊢  dashv ⊣  top ⊤  bot ⊥  perp ⊥  models ⊧  vDash ⊨  Vdash ⊩
Vvdash ⊪  nvdash ⊬  nvDash ⊭  nVdash ⊮  nVDash ⊯  vartriangleleft ⊲  vartriangleright ⊳
trianglelefteq ⊴  trianglerighteq ⊵  multimap ⊸  intercal ⊺  veebar ⊻  barwedge ⊼
bigwedge ⋀  bigvee ⋁  bigcap ⋂  bigcup ⋃  diamond ⋄  star ⋆  divideontimes ⋇
bowtie ⋈  ltimes ⋉  rtimes ⋊  leftthreetimes ⋋  rightthreetimes ⋌  backsimeq ⋍
curlyvee ⋎  curlywedge ⋏  Subset ⋐  Supset ⋑  Cap ⋒  Cup ⋓  pitchfork ⋔  lessdot ⋖
gtrdot ⋗  lll ⋘  ggg ⋙  lesseqgtr ⋚  gtreqless ⋛  curlyeqprec ⋞  curlyeqsucc ⋟
npreceq ⋠  nsucceq ⋡  lnsim ⋦  gnsim ⋧  precnsim ⋨  succnsim ⋩  ntriangleleft ⋪
ntriangleright ⋫  ntrianglelefteq ⋬  ntrianglerighteq ⋭  vdots ⋮  cdots ⋯  dotsb ⋯
dotsi ⋯  dotsm ⋯  ddots ⋱  lceil ⌈  rceil ⌉  lfloor ⌊  rfloor ⌋  ulcorner ⌜
urcorner ⌝  llcorner ⌞  lrcorner ⌟  frown ⌢  smile ⌣  square □  triangle △  Diamond ◇
lozenge ◊  Box ◻  bigstar ★  spadesuit ♠  heartsuit ♡  diamondsuit ♢  clubsuit ♣
flat ♭  natural ♮  sharp ♯  checkmark ✓  maltese ✠  langle ⟨  rangle ⟩  lgroup ⟮
rgroup ⟯  longleftarrow ⟵  longrightarrow ⟶  longleftrightarrow ⟷  Longleftarrow ⟸
impliedby ⟸  Longrightarrow ⟹  Longleftrightarrow ⟺  longmapsto ⟼  blacklozenge ⧫
bigodot ⨀  bigoplus ⨁  bigotimes ⨂  biguplus ⨄  bigsqcup ⨆  Join ⨝  amalg ⨿
doublebarwedge ⩞  leqslant ⩽  geqslant ⩾  lessapprox ⪅  gtrapprox ⪆  lneq ⪇  gneq ⪈
lnapprox ⪉  gnapprox ⪊  lesseqqgtr ⪋  gtreqqless ⪌  eqslantless ⪕  eqslantgtr ⪖
preceq ⪯  succeq ⪰  precapprox ⪷  succapprox ⪸  precnapprox ⪹  succnapprox ⪺
subseteqq ⫅  supseteqq ⫆  subsetneqq ⫋  supsetneqq ⫌  Bbbk 𝕜  backslash ⧵
bigtriangleup △  bigtriangledown ▽  triangleleft ◁  triangleright ▷  lhd ◁  rhd ▷  unlhd ⊴  unrhd ⊵
leadsto ⤳  blacksquare ∎  blacktriangle ▴  blacktriangledown ▾  blacktriangleleft ◀  blacktriangleright ▶
vartriangle △  triangledown ▿  smallfrown ⌢  smallsmile ⌣  shortmid ∣  nshortmid ∤  nshortparallel ∦
thicksim ∼  thickapprox ≈  varsubsetneq ⊊  varsubsetneqq ⫋  varsupsetneq ⊋  varsupsetneqq ⫌  circledS Ⓢ
gvertneqq ≩  lvertneqq ≨  ngeqq ≱  ngeqslant ≱  nleqslant ≰  nsubseteqq ⊈  precneqq ⪵  succneqq ⪶
varpropto ∝  doteqdot ≑  restriction ↾  bigcirc ◯  Game ⅁  diagup ╱  diagdown ╲  smallint ∫  iiiint ⨌
centerdot ⬝  boxdot ⊡  lt <  gt >  degree °  pounds £
""")
# Function names, set upright: a plain-text reader sees the name itself.
FUNCTIONS = frozenset(
    """
arccos arcsin arctan cos cosh cot coth csc deg det dim exp gcd hom inf ker lg lim liminf limsup ln
log max min Pr sec sin sinh sup tan tanh argmax argmin injlim projlim bmod
""".split()
)
# Commands whose one braced argument is what is read: fonts, text boxes, accents, operator names.
KEEP_ARGUMENT = frozenset(
    """
mathbf mathit mathrm mathcal mathbb mathfrak mathscr mathsf mathtt mathnormal boldsymbol bm
text textbf textit textrm textsf texttt textnormal textup textmd emph mbox operatorname
hat widehat bar overline underline tilde widetilde vec dot ddot dddot check breve acute grave mathring
overbrace underbrace overrightarrow overleftarrow overleftrightarrow underrightarrow underleftarrow
boxed mathop mathbin mathrel mathord pmb smash operatornamewithlimits xrightarrow xleftarrow
underleftrightarrow
""".split()
)
FRACTIONS = frozenset({"frac", "dfrac", "tfrac", "cfrac"})
ROOTS = frozenset({"sqrt"})
# Commands of two braced arguments that are neither fractions nor roots.
TWO_ARGUMENTS = frozenset({"binom", "dbinom", "tbinom", "overset", "underset", "stackrel"})
SPACES = frozenset({"quad", "qquad", "enspace", "thinspace", "medspace", "thickspace", "space", "nobreakspace"})
# Commands that only size, space back or switch fonts: they leave nothing to read.
SILENT = frozenset(
    """
left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr displaystyle textstyle
scriptstyle scriptscriptstyle limits nolimits mathstrut strut phantom hphantom vphantom negthinspace
negmedspace negthickspace rm bf it sf tt cal
""".split()
)
# Commands of structure: `\begin{pmatrix}`, `\not=`, `\substack{...}`, `\pmod{p}`.
STRUCTURE = frozenset({"begin", "end", "not", "substack", "pmod", "mod"})
ENVIRONMENTS = frozenset({"matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "cases"})
# Control symbols (a backslash and one character), with what a plain-text reader sees for each.
CHARACTER_COMMANDS: dict[str, str] = {
    ",": " ",
    ";": " ",
    ":": " ",
    ">": " ",
    " ": " ",
    "!": "",
    "\\": " ",
    "|": "‖",
    "{": "{",
    "}": "}",
    "%": "%",
    "&": "&",
    "#": "#",
    "_": "_",
    "$": "$",
}
# Every command a formula may hold: the one allow-list.
MATH_COMMANDS = (
    frozenset(SYMBOLS) | FUNCTIONS | KEEP_ARGUMENT | FRACTIONS | ROOTS | TWO_ARGUMENTS | SPACES | SILENT | STRUCTURE
)

_TOKEN = re.compile(r"\\(?:([A-Za-z]+)|(\s)|(.)|$)|([{}%#&])|(\^\^)|(\n\s*\n)", re.DOTALL)
_ENVIRONMENT = re.compile(r"\s*\{([A-Za-z]+)\}")
# Characters TeX acts on or rejects: controls (`^^M` ends the line, `^^L` is active), format
# characters, line and paragraph separators, surrogates, private use and unassigned code points.
_UNPRINTABLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


@lru_cache(maxsize=4096)
def math_problem(latex: str) -> str | None:
    """Why a formula (without its dollars) may not be typeset as math, or None when it may."""
    for char in latex:
        if char not in "\t\n" and unicodedata.category(char) in _UNPRINTABLE:
            return f"the character U+{ord(char):04X}"
    depth, environments, position = 0, [], 0
    while match := _TOKEN.search(latex, position):
        position = match.end()
        name, _space, symbol, special, carets, blank_line = match.groups()
        if carets or blank_line:
            return "^^, a character code to TeX" if carets else "a blank line"
        if match[0] == "\\":
            return "a lone backslash at the end"
        if name in ("begin", "end"):
            environment = _ENVIRONMENT.match(latex, position)
            if environment is None or environment[1] not in ENVIRONMENTS:
                return f"\\{name} of an environment not on the list"
            position = environment.end()
            if name == "begin":
                environments.append(environment[1])
            elif not environments or environments.pop() != environment[1]:
                return f"\\end{{{environment[1]}}} without its \\begin"
        elif name is not None and name not in MATH_COMMANDS:
            return f"\\{name} is not on the list of math commands"
        elif symbol is not None and symbol not in CHARACTER_COMMANDS:
            return f"\\{symbol} is not on the list of math commands"
        elif special == "{":
            depth += 1
            if depth > MAX_MATH_DEPTH:
                return f"braces nested deeper than {MAX_MATH_DEPTH}"
        elif special == "}":
            depth -= 1
            if depth < 0:
                return "a closing brace before its opening one"
        elif special in ("%", "#"):
            return f"a bare {special}"
        elif special == "&" and not environments:
            return "& outside a matrix"
    if depth:
        return "an opening brace without its closing one"
    if environments:
        return f"\\begin{{{environments[-1]}}} without its \\end"
    return None
