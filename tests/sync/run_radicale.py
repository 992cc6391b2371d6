"""Start Radicale as the tests want it: `python -m tests.sync.run_radicale ROOT PORT [CERT KEY]`.

As Radicale's own tests do, the configuration is built in process so that the
private `_filesystem_fsync` switch can be turned off: an fsync per write is
most of what a PUT costs, and test storage does not have to survive a power cut.
With a certificate and its key it serves https (Radicale's `[server] ssl`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from radicale import config, server


def main() -> None:
    root, port = Path(sys.argv[1]), sys.argv[2]
    server_section = {"hosts": f"127.0.0.1:{port}"}
    if len(sys.argv) == 5:
        server_section.update({"ssl": "True", "certificate": sys.argv[3], "key": sys.argv[4]})
    configuration = config.load()
    configuration.update(
        {
            "server": server_section,
            "storage": {"filesystem_folder": str(root / "storage"), "_filesystem_fsync": "False"},
            "auth": {
                "type": "htpasswd",
                "htpasswd_filename": str(root / "users"),
                "htpasswd_encryption": "plain",
                "delay": "0",
            },
            "rights": {"type": "owner_only"},
            "logging": {"level": "error"},
        },
        "test",
        privileged=True,
    )
    server.serve(configuration)


if __name__ == "__main__":
    main()
