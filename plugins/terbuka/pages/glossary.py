"""The glossary page ``/istilah/``: every term of ``core.terms``, the same
list that explains each term where a page first uses it."""

from __future__ import annotations

from terbuka.core.terms import glossary
from terbuka.core.urls import URLS
from terbuka.pages.base import HOME, Page
from terbuka.pages.contexts import GlossaryContext


def glossary_page() -> Page:
    return Page(
        URLS.glossary(),
        "glossary",
        GlossaryContext(terms=list(glossary()), breadcrumbs=[HOME, ("Istilah", None)]),
    )
