"""``python3 -m runbook_lab``: the lab's command line (the same one ``runbook lab`` runs)."""

import sys

from .cli import main

sys.exit(main())
