"""Releases frozen and signed, the hash chain and its published anchor,
redirects of old addresses, and the atomic publish to a server.

May import: ``core``, ``inputs``, ``checks``, ``model``.
"""
