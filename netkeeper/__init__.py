"""NetKeeper: keep a professional network alive.

This module is the one place that names the application. Everything else
(packaging, the .desktop file's id, QSettings, the data folder) reads these
constants, so a rename or a version bump is a one-line change.
"""

APP_NAME = "NetKeeper"
APP_ID = "io.netkeeper.NetKeeper"
ORG_NAME = "NetKeeper"
ORG_DOMAIN = "netkeeper.io"
__version__ = "0.1.0"

__all__ = ["APP_ID", "APP_NAME", "ORG_DOMAIN", "ORG_NAME", "__version__"]
