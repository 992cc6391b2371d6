"""`python -m netkeeper`, and the PyInstaller entry point (absolute imports only)."""

import sys

from netkeeper.cli import main

if __name__ == "__main__":
    sys.exit(main())
