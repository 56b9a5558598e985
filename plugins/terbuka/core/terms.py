"""The glossary's terms: one list (``reference/istilah.csv``), shown as the
page ``/istilah/`` and explained where each term is first used on every other
page: an abbreviation in ``<abbr>`` with its expansion, every term linked to
its entry. The list is the project's, not the city's: it explains the words
the site itself prints."""

from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GLOSSARY_FILE = Path(__file__).resolve().parents[1] / "reference" / "istilah.csv"
# Templates whose pages are not marked: a chart inside another site's frame
# (a link would open there), a redirect, and the glossary itself.
UNMARKED = frozenset({"chart_embed", "redirect", "glossary"})
# Text inside these is never marked: links and code keep their own meaning,
# a heading, a label of a figure (dt, th) or a folding summary stays plain, and
# form text is not prose.
_SKIP = frozenset(
    {"a", "abbr", "code", "pre", "script", "style", "title", "textarea", "option", "select",
     "button", "summary", "h1", "h2", "h3", "svg", "label", "caption", "dt", "th"}
)  # fmt: skip
_TAG = re.compile(r"(<[^>]*>)")
_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
_VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col"})


@dataclass(frozen=True)
class Term:
    key: str  # the entry's anchor on /istilah/
    name: str
    expansion: str  # what an abbreviation stands for ("" for a word)
    meaning: str
    forms: tuple[str, ...]  # how pages write it: marked at the first of them

    @property
    def anchor(self) -> str:
        return f"istilah-{self.key}"


@cache
def glossary() -> tuple[Term, ...]:
    with GLOSSARY_FILE.open(encoding="utf-8", newline="") as fh:
        return tuple(
            Term(
                r["kunci"], r["istilah"], r["kepanjangan"], r["arti"], tuple(r["bentuk"].split("|"))
            )
            for r in csv.DictReader(fh)
        )


@cache
def _pattern() -> tuple[re.Pattern[str], dict[str, Term]]:
    """One pattern for every form (longest first, so "APBD murni" wins over
    "APBD"); abbreviations match as written, words in any case."""
    by_form = {form.casefold(): term for term in glossary() for form in term.forms}
    parts = []
    for term in glossary():
        for form in term.forms:
            text = re.escape(form)
            parts.append((len(form), text if form.isupper() else f"(?i:{text})"))
    alternatives = "|".join(p for _, p in sorted(parts, key=lambda p: -p[0]))
    return re.compile(rf"(?<![\w.-])(?:{alternatives})(?![\w-])"), by_form


def explain_terms(page_html: str, glossary_href: str) -> str:
    """``page_html`` with the first use of each term inside ``<main>`` linked to
    its glossary entry (``glossary_href`` is the glossary page's address as
    this page links it); an abbreviation wrapped in ``<abbr title>``."""
    start, end = page_html.find("<main"), page_html.rfind("</main>")
    if start < 0 or end < start:
        return page_html
    pattern, by_form = _pattern()
    used: set[str] = set()
    skipped = 0
    pieces = _TAG.split(page_html[start:end])
    for i, piece in enumerate(pieces):
        if piece.startswith("<"):
            found = _NAME.match(piece)
            if found is None:
                continue
            closing, name = found.group(1) == "/", found.group(2).lower()
            if name in _SKIP and name not in _VOID and not piece.endswith("/>"):
                skipped += -1 if closing else 1
            continue
        if skipped == 0 and piece.strip():
            pieces[i] = _mark(piece, pattern, by_form, used, glossary_href)
    return page_html[:start] + "".join(pieces) + page_html[end:]


def _mark(
    text: str, pattern: re.Pattern[str], by_form: dict[str, Term], used: set[str], href: str
) -> str:
    out, last = [], 0
    for match in pattern.finditer(text):
        term = by_form[match.group(0).casefold()]
        if term.key in used:
            continue
        used.add(term.key)
        word = match.group(0)
        if term.expansion:
            word = f'<abbr title="{html.escape(term.expansion)}">{word}</abbr>'
        out += [
            text[last : match.start()],
            f'<a class="istilah" href="{href}#{term.anchor}">{word}</a>',
        ]
        last = match.end()
    return "".join(out) + text[last:] if out else text
