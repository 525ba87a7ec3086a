"""Build the handouts: `python build.py --help` lists the commands."""

import sys
from pathlib import Path

from handouts.cli import main

if __name__ == "__main__":
    sys.exit(main(root=Path(__file__).resolve().parent))
