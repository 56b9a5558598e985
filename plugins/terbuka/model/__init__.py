"""The city as typed tables and their aggregates, the SPBE index computed,
what changed between releases, and ``load``: read, check and model in one.

May import: ``core``, ``inputs``, ``checks``.
"""
