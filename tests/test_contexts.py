"""Typed page contexts (issue #28): every template reads only what its
context dataclass holds, or what every page receives; a page is refused
with another context than its template's."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader, meta, nodes
from terbuka.core.formatting import JINJA_FILTERS
from terbuka.generator import SHARED_CONTEXT
from terbuka.pages.base import Page
from terbuka.pages.contexts import TEMPLATES, PageContext, RedirectContext

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "theme" / "templates"
# What the generator gives every page besides its context, and Pelican's own
# variables that base.html reads on Pelican's pages (articles, static pages).
EVERY_PAGE = {*SHARED_CONTEXT, "news", "page_url", "og_image", "urls"}
PELICAN_PAGES = {"article", "page", "section"}


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR))
    env.filters.update(JINJA_FILTERS)
    env.filters.update({"url": str, "kind_word": str})
    return env


def read(env: Environment, name: str) -> nodes.Template:
    return env.parse((TEMPLATES_DIR / f"{name}.html").read_text(encoding="utf-8"))


def used(env: Environment, name: str) -> set[str]:
    """Variables a template reads that it does not set itself (a ``set`` outside
    its blocks reaches them), macros it imports left out."""
    tree = read(env, name)
    targets = [node.target for node in tree.find_all(nodes.Assign)]
    own = {
        n.name for t in targets for n in (t, *t.find_all(nodes.Name)) if isinstance(n, nodes.Name)
    }
    imported = {
        alias if isinstance(alias, str) else alias[1]
        for node in tree.find_all(nodes.FromImport)
        for alias in node.names
    }
    settings = {n for n in meta.find_undeclared_variables(tree) if n.isupper()}
    return meta.find_undeclared_variables(tree) - imported - settings - own


def test_every_template_reads_only_what_its_context_holds() -> None:
    env = environment()
    base = {f.name for f in fields(PageContext)}
    assert used(env, "base") - base - EVERY_PAGE - PELICAN_PAGES == set()
    for template, context in TEMPLATES.items():
        held = {f.name for f in fields(context)}
        unknown = used(env, template) - held - EVERY_PAGE
        assert unknown == set(), (template, context.__name__)


def test_every_data_template_has_its_context() -> None:
    own = {p.stem for p in TEMPLATES_DIR.glob("*.html") if not p.stem.startswith("_")}
    pelican = {"article", "index", "page", "base"}  # Pelican's pages and the frame
    assert own - pelican == set(TEMPLATES)


def test_a_page_with_another_templates_context_is_refused() -> None:
    with pytest.raises(TypeError, match="opd receives UnitContext"):
        Page("opd/x/", "opd", RedirectContext(target="opd/y/"))
