"""`python -m generator` runs the `portfolio` command."""

import sys

from generator.cli import main

sys.exit(main())
