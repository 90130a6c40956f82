"""The course-wide rules for lessons, as functions of a notebook's JSON (used by test_notebooks.py).

* **Prose numbers are printed numbers.** A number with two or more decimals in a markdown
  cell must be shown by the executed lesson: some code cell's source or text output holds a
  number that rounds to it (the rule of ``../shared/tools/prose_numbers.py``, which this
  re-implements). Exempt: a value cited from the literature with its source beside it (an
  author and year, or a link, in the same sentence), a setting (``lr 0.025``, ``α = 0.75``,
  ``sample 1e-3``), and arXiv identifiers.
* **Reading time.** The first cell says ``*Reading time: about N minutes.*``.
* **Folded cells define nothing that visible cells use.** A name a visible code cell reads
  must be defined by a visible cell (at or before it), not only by a folded one.
"""

from __future__ import annotations

import ast
import builtins
import re

# (a number may end a sentence: "… is 0.39." — the shared tool's pattern missed those)
QUOTED = re.compile(r"(?<![\w./])[−-]?\d+\.\d{2,}(?![\w/]|\.\w)")
PRINTED = re.compile(r"[−-]?\d+\.\d+")
ARXIV = re.compile(r"^\d{4}\.\d{4,5}$")  # arXiv identifiers are not measurements
LINK_TARGET = re.compile(r"\]\([^)]*\)")
# A citation beside a number: "Author 2017", "Author et al. 2016", "Author & Other 2014",
# "Author, Other & Third (2015)", or a link to the source.
CITATION = re.compile(
    r"[A-Z][\w'-]+(?: et al\.| & [A-Z][\w'-]+|, [A-Z][\w'-]+)*(?: & [A-Z][\w'-]+)?,? \(?(?:19|20)\d\d"
    r"|\]\(https?://"
)
# A setting: the number follows the name of a training setting (lr 0.025, α = 0.75, …).
SETTING = re.compile(
    r"(?:\blr|learning rate|\bstep(?: size)? of|\balpha|α|η|\bsample|\bsubsample|threshold"
    r"|power(?: of)?|\bexponent|min_alpha)[\s=:`$\\{}a-z_]{0,8}$",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z*(\[])|\n\s*\n|\n[-*] ")
READING_TIME = re.compile(r"\*Reading time: about (\d+) minutes?\.\*")


def _text(value) -> str:
    return value if isinstance(value, str) else "".join(value)


def markdown(nb: dict) -> list[str]:
    return [_text(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def shown_text(nb: dict) -> str:
    """Everything a reader can find a number in: code cells' source and text outputs."""
    shown = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        shown.append(_text(cell["source"]))
        for out in cell.get("outputs", []):
            shown.append(_text(out.get("text") or out.get("data", {}).get("text/plain", "")))
    return "\n".join(shown)


def _sentences(text: str) -> list[str]:
    return SENTENCE_END.split(text)


def _exempt(sentence: str, start: int) -> bool:
    """A cited literature value, or a setting, at position ``start`` of ``sentence``."""
    return bool(CITATION.search(sentence)) or bool(SETTING.search(sentence[:start]))


def quoted_numbers(nb: dict) -> list[str]:
    """The numbers with 2+ decimals quoted in the prose, minus citations, settings and arXiv ids."""
    quoted = set()
    for cell in markdown(nb):
        for sentence in _sentences(LINK_TARGET.sub("]", cell)):
            for match in QUOTED.finditer(sentence):
                number = match.group().replace("−", "").lstrip("-")
                if not ARXIV.match(number) and not _exempt(sentence, match.start()):
                    quoted.add(number)
    return sorted(quoted)


def unshown_numbers(nb: dict) -> list[str]:
    """Quoted numbers that no code source or text output shows (after rounding)."""
    values = [abs(float(x.replace("−", "-"))) for x in PRINTED.findall(shown_text(nb))]

    def is_shown(q: str) -> bool:
        decimals, v = len(q.split(".")[1]), float(q)
        return any(abs(round(x, decimals) - v) < 1e-12 for x in values)

    return [q for q in quoted_numbers(nb) if not is_shown(q)]


def reading_minutes(nb: dict) -> int | None:
    """N from the first cell's ``*Reading time: about N minutes.*``, or None."""
    first = nb["cells"][0]
    match = (
        READING_TIME.search(_text(first["source"])) if first["cell_type"] == "markdown" else None
    )
    return int(match.group(1)) if match else None


# ---------------------------------------------------------------------------------------------
# Names that a folded cell defines and a visible cell uses

_BUILTINS = set(dir(builtins)) | {"display", "get_ipython", "In", "Out", "_", "__", "___"}
_SCOPES = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Lambda,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
    ast.ClassDef,
)


def _python(source: str) -> str:
    """Cell source without IPython magics and shell escapes (lines starting % or !)."""
    return "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )


def _stored(node: ast.AST) -> set[str]:
    """Names bound directly in ``node``'s own scope (not inside nested functions or classes)."""
    names: set[str] = set()

    def visit(n: ast.AST, top: bool) -> None:
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store | ast.Del):
            names.add(n.id)
        elif isinstance(n, ast.NamedExpr):
            names.add(n.target.id)
        elif isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(n.name)
        elif isinstance(n, ast.Import | ast.ImportFrom):
            for alias in n.names:
                names.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(n, ast.ExceptHandler) and n.name:
            names.add(n.name)
        elif isinstance(n, ast.arguments):
            for a in n.posonlyargs + n.args + n.kwonlyargs + [n.vararg, n.kwarg]:
                if a is not None:
                    names.add(a.arg)
        if isinstance(n, _SCOPES) and not top:
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef):
                for d in n.decorator_list + n.args.defaults + n.args.kw_defaults:
                    if d is not None:
                        visit(d, False)
            return  # a nested scope's own names are not bound here
        for child in ast.iter_child_nodes(n):
            visit(child, False)

    if isinstance(node, _SCOPES):
        for child in ast.iter_child_nodes(node):
            visit(child, False)
    else:
        visit(node, True)
    return names


def defined_names(source: str) -> set[str]:
    """Names a cell binds at the notebook's top level."""
    return _stored(ast.parse(_python(source)))


def free_names(source: str) -> set[str]:
    """Names a cell reads that it does not bind itself (in the scope where they are read)."""
    tree = ast.parse(_python(source))
    free: set[str] = set()

    def visit(n: ast.AST, local: set[str]) -> None:
        if isinstance(n, _SCOPES):
            local = local | _stored(n)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id not in local:
            free.add(n.id)
        for child in ast.iter_child_nodes(n):
            visit(child, local)

    visit(tree, set())
    # a name the cell binds at top level before (or after: the cell re-runs) reading it is its own
    return free - defined_names(source) - _BUILTINS


def is_folded(cell: dict) -> bool:
    return bool(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"))


def names_from_folded_cells(nb: dict) -> list[tuple[int, str, int]]:
    """(visible cell, name, folded cell): a visible cell reads a name only a folded cell defined.

    "Only": no visible cell up to and including the reading cell binds the name.
    """
    visible: set[str] = set()
    folded_by: dict[str, int] = {}
    found = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = _text(cell["source"])
        try:
            defined = defined_names(source)
            reads = free_names(source)
        except SyntaxError:
            continue  # test_lesson_executes reports a cell that does not parse
        if is_folded(cell):
            for name in defined - visible:
                folded_by.setdefault(name, i)
            continue
        for name in sorted(reads - visible):
            if name in folded_by:
                found.append((i, name, folded_by[name]))
        visible |= defined
    return found
