import sys

from finsamdash.cli import main

sys.exit(main())
