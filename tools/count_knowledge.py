"""Count the knowledge still written as Python code (issue #13), by walking the syntax trees.

1. Word collections: set, list, tuple and dict literals in ``detente/extract/*.py`` holding
   8 or more English words (string constants of lower-case letters, spaces, hyphens or
   apostrophes; a dict's keys and string values both count). The target is at most 5, each
   justified in a comment. Collections of spaCy dependency labels ("nsubj", "dobj") are
   grammar, not English words, and are counted apart.
2. PLOVER type literals: string constants equal to a PLOVER type ("ASSAULT", ...) anywhere in
   ``detente/`` except the type table (``detente/types.py``) and ``detente/eval/``. The
   target is at most 20.

    python tools/count_knowledge.py            # both counts and where they are
    python tools/count_knowledge.py --quiet    # the two counts only
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "detente"
PLOVER_TYPES = frozenset({
    "ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE",
    "MOBILIZE", "PROTEST", "REJECT", "REQUEST", "RETREAT", "SANCTION", "SUPPORT", "THREATEN",
})
TYPE_TABLE_EXEMPT = ("detente/types.py", "detente/eval/")
MIN_WORDS = 8
# The ClearNLP dependency labels of spaCy's English parser: not words of the language.
DEPENDENCY_LABELS = frozenset({
    "acl", "acomp", "advcl", "advmod", "agent", "amod", "appos", "attr", "aux", "auxpass",
    "case", "cc", "ccomp", "compound", "conj", "csubj", "csubjpass", "dative", "dep", "det",
    "dobj", "expl", "intj", "mark", "meta", "neg", "nmod", "npadvmod", "nsubj", "nsubjpass",
    "nummod", "oprd", "parataxis", "pcomp", "pobj", "poss", "preconj", "predet", "prep",
    "prt", "punct", "quantmod", "relcl", "xcomp"
})
_WORD = re.compile(r"^[a-z][a-z' -]*$")


def _is_word(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(
        _WORD.match(node.value))


def _strings_in(node: ast.AST) -> list[ast.AST | None]:
    if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
        return list(node.elts)
    if isinstance(node, ast.Dict):
        return [*node.keys, *node.values]
    return []


def word_collections(path: Path) -> list[tuple[int, int, bool]]:
    """(line, words, only parser labels) of every literal collection of MIN_WORDS or more
    words."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        words = [e for e in _strings_in(node) if _is_word(e)]
        if len(words) >= MIN_WORDS:
            labels = all(isinstance(e, ast.Constant) and e.value in DEPENDENCY_LABELS
                         for e in words)
            found.append((getattr(node, "lineno", 0), len(words), labels))
    return found


def type_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and node.value in PLOVER_TYPES]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    found = [(path, line, n, labels) for path in sorted((PACKAGE / "extract").glob("*.py"))
             for line, n, labels in word_collections(path)]
    collections = [(path, line, n) for path, line, n, labels in found if not labels]
    label_sets = [(path, line, n) for path, line, n, labels in found if labels]
    literals: Counter[str] = Counter()
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if not relative.startswith(TYPE_TABLE_EXEMPT):
            literals.update(f"{relative}:{line}" for line, _ in type_literals(path))
    if not args.quiet:
        for path, line, n in collections:
            print(f"  {path.relative_to(ROOT)}:{line}: {n} words")
        for path, line, n in label_sets:
            print(f"  {path.relative_to(ROOT)}:{line}: {n} dependency labels")
        for where, n in sorted(literals.items()):
            print(f"  {where}: {n} type literal{'s' if n > 1 else ''}")
    words = sum(n for _, _, n in collections)
    print(f"word collections (>= {MIN_WORDS} words) in detente/extract/*.py: "
          f"{len(collections)} holding {words} words (and {len(label_sets)} of dependency "
          "labels)")
    print(f"PLOVER type literals in detente/ outside the type table and eval/: "
          f"{sum(literals.values())} in {len({w.split(':')[0] for w in literals})} modules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
