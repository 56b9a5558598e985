"""``python -m terbuka``: see ``cli``."""

from terbuka.cli import main

raise SystemExit(main())
