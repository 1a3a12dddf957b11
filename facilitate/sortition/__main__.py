"""Run the sortition command line."""

import sys

from .cli import main

sys.exit(main())
