"""The floor every other layer stands on: the problem types and the data
contract's schemas, addresses (``urls``), settings, the one gate for written
files (``writes``) and for read ones (``files``), the cache store, people's
formatting, stage timing and constants.

May import: nothing of terbuka outside ``core``.
"""
