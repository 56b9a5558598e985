"""Everything made from the model besides pages: charts, the data files
(XLSX, Parquet, CSV, JSON, SQLite, ZIP), the static API, the search index, the city's
look (logo, colours), the page cache.

May import: ``core``, ``inputs``, ``checks``, ``model``, ``publishing``.
"""
