import sys

from zhiliang.cli import main

sys.exit(main())
