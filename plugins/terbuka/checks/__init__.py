"""From read cells to the contract's typed tables, and the rules they must
pass: schema-driven validation, the cross-file rules, the clerk's column map,
a SIPD export derived into units, programs and kegiatan, economic classes.

May import: ``core``, ``inputs``.
"""
