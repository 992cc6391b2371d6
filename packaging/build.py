"""Build the installable app in one command:

    python packaging/build.py   # dist/NetKeeper/ + dist/NetKeeper-<version>-<os>-<arch>.tar.gz

It runs PyInstaller on packaging/netkeeper.spec with the Python that runs this
script (so use the venv that has NetKeeper's dependencies and pyinstaller),
puts install-linux.sh beside the binary so the tarball is self-contained, packs
the folder and prints the build time and the sizes, which the issue asks to
keep in sight (target: the unpacked folder under 150 MB).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "netkeeper.spec"
INSTALLER = ROOT / "packaging" / "install-linux.sh"
MIB = 1024 * 1024


def _identity() -> tuple[str, str]:
    """(APP_NAME, __version__) read from the package source, without importing its dependencies."""
    sys.path.insert(0, str(ROOT))
    try:
        import netkeeper
    finally:
        sys.path.pop(0)
    return netkeeper.APP_NAME, netkeeper.__version__


def tree_size(folder: Path) -> int:
    """Bytes in regular files under folder; symlinks count as links, not as their targets."""
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(dirpath, name)
            if not path.is_symlink():
                total += path.stat().st_size
    return total


def unmet_requirements(
    requirements: list[str] | None = None,
    version_of: Callable[[str], str] = importlib.metadata.version,
) -> list[str]:
    """The project's dependencies that the building Python does not satisfy, one line each.

    PyInstaller freezes whatever is installed. A venv that was upgraded by hand
    (say to PySide6 6.12.0 on Python 3.11, which aborts the app: see the pin in
    pyproject.toml) must not turn into a bundle, so the pins are checked here
    with the markers evaluated for this Python. `packaging` comes with PyInstaller.
    """
    from packaging.requirements import Requirement

    if requirements is None:
        project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        requirements = project["project"]["dependencies"]
    problems = []
    for line in requirements:
        req = Requirement(line)
        if req.marker is not None and not req.marker.evaluate():
            continue
        try:
            installed = version_of(req.name)
        except importlib.metadata.PackageNotFoundError:
            problems.append(f"{req.name} is not installed (need {req.specifier})")
            continue
        if not req.specifier.contains(installed, prereleases=True):
            problems.append(f"{req.name} {installed} is installed, need {req.specifier}")
    return problems


def platform_tag() -> str:
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower().replace("amd64", "x86_64")
    return f"{system}-{machine}"


def _normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
    # Owner and group of the builder mean nothing on the user's machine.
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    return info


def make_tarball(bundle: Path, target: Path) -> None:
    """gzip level 6: within a few percent of 9 at a fraction of the time on 120 MB."""
    tmp = target.with_suffix(".part")
    with tarfile.open(tmp, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=bundle.name, filter=_normalise)
    os.replace(tmp, target)


def build(dist: Path, work: Path, *, clean: bool, tarball: bool) -> int:
    app_name, version = _identity()
    problems = unmet_requirements()
    if problems:
        for problem in problems:
            print(f"build.py: {problem}", file=sys.stderr)
        print("build.py: run `pip install -e .` in this venv first", file=sys.stderr)
        return 2
    started = time.monotonic()
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(SPEC),
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
    ]
    if clean:
        command.append("--clean")
    print("$ " + " ".join(command), flush=True)
    result = subprocess.run(command, cwd=ROOT, check=False)
    if result.returncode != 0:
        print(f"PyInstaller failed with exit code {result.returncode}", file=sys.stderr)
        return result.returncode
    built = time.monotonic()

    bundle = dist / app_name
    if sys.platform.startswith("linux"):
        shutil.copy2(INSTALLER, bundle / INSTALLER.name)
    size = tree_size(bundle)
    print(f"built {bundle} in {built - started:.1f} s: {size / MIB:.1f} MiB ({size} bytes)")

    if tarball:
        archive = dist / f"{app_name}-{version}-{platform_tag()}.tar.gz"
        make_tarball(bundle, archive)
        packed = archive.stat().st_size
        print(
            f"packed {archive} in {time.monotonic() - built:.1f} s: "
            f"{packed / MIB:.1f} MiB ({packed} bytes)"
        )
    print(f"total {time.monotonic() - started:.1f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller work folder")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    parser.add_argument("--no-tarball", action="store_true", help="skip the .tar.gz")
    args = parser.parse_args(argv)
    return build(
        args.dist.resolve(), args.work.resolve(), clean=args.clean, tarball=not args.no_tarball
    )


if __name__ == "__main__":
    sys.exit(main())
