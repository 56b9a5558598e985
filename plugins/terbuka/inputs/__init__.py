"""Reading what a city hands over: CSV and XLSX exports as cells with their
line numbers, Indonesian numbers, the boundary file and the SPBE frameworks.

May import: ``core``.
"""
