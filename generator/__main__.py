"""`python -m generator` runs the `portfolio` command."""

import sys

from .cli import main

sys.exit(main())
