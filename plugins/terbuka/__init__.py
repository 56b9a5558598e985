"""Terbuka: turns a city's CSV exports into a public transparency site.

The code stands in layers, each a package that imports only the ones below
it (``tests/test_layers.py`` holds this): ``core`` -> ``inputs`` ->
``checks`` -> ``model`` -> ``publishing`` -> ``outputs`` -> ``pages``, and at
the top this package's ``generator`` (hands the pages to Pelican), ``plugin``
(Pelican's hooks) and ``cli`` (what ``make`` calls). An export flows up the
same way: read, checked, modelled, drawn and written, paged.
docs/architecture.md has the map.

Nothing is imported here: ``python -m terbuka build`` answers "nothing
changed" without loading Pelican, pandas or matplotlib.
"""


def register() -> None:
    """Pelican's entry point for the plugin: connects the hooks in ``plugin``."""
    from terbuka.plugin import register as connect

    connect()
