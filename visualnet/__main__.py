import sys

from visualnet.cli import main

sys.exit(main())
