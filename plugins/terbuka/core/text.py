"""Characters that matter in text from files: controls, direction marks, and
the replacement character a failed decoding leaves."""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Bidirectional embeddings, overrides and isolates: shown isolated, warned about.
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
UNREADABLE = "\ufffd"
