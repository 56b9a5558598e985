"""``python -m terbuka``: see ``cli``."""

from .cli import main

raise SystemExit(main())
