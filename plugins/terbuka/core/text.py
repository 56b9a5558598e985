"""Characters that matter in text from files: controls, direction marks, the
replacement character a failed decoding leaves; and names compared as people
read them."""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Bidirectional embeddings, overrides and isolates: shown isolated, warned about.
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
UNREADABLE = "\ufffd"


def plain(name: str) -> str:
    """A name as compared: case and runs of spaces ignored ("Dinas  Satu " = "dinas satu")."""
    return " ".join(name.lower().split())
