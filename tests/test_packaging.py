"""The installable app: the per-user install script, and the frozen build itself.

The install-script tests run on a stand-in bundle (the real resources/ plus a
tiny shell script as the binary), so they are fast. The frozen-build tests
build the real bundle from this checkout with packaging/build.py into a temp
folder (about a minute here) and then use it the way a user does: --version,
importing a vCard with a photo and non-ASCII text, list --json, and the GUI,
which must stay up without printing anything.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import netkeeper

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
INSTALLER = ROOT / "packaging" / "install-linux.sh"
BUILD = ROOT / "packaging" / "build.py"
VCARD = ROOT / "tests" / "data" / "frozen-import.vcf"
APP_ID = netkeeper.APP_ID
MIB = 1024 * 1024
# Qt's offscreen platform plugin prints this for any QMainWindow with a central
# widget (reproduced with a bare PySide6 QMainWindow, no NetKeeper code): it is
# the plugin saying it has no window manager to pass size hints to. Under Xvfb
# (test_frozen_gui_under_xvfb) nothing at all may be printed.
OFFSCREEN_NOISE = {"This plugin does not support propagateSizeHints()"}

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux packaging")


# --- install-linux.sh -------------------------------------------------------------------


def _tree(root: Path) -> dict[str, str]:
    """Every path under root with its kind, to compare a prefix before and after."""
    kinds = {}
    for path in sorted(root.rglob("*")):
        kind = "link" if path.is_symlink() else "dir" if path.is_dir() else "file"
        kinds[str(path.relative_to(root))] = kind
    return kinds


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """What build.py leaves in dist/NetKeeper, with a shell script standing in for the binary."""
    folder = tmp_path / "dist" / "NetKeeper"
    shutil.copytree(RESOURCES, folder / "_internal" / "resources")
    binary = folder / "netkeeper"
    binary.write_text("#!/bin/sh\necho stand-in for NetKeeper\n", encoding="utf-8")
    binary.chmod(0o755)
    shutil.copy2(INSTALLER, folder / INSTALLER.name)
    return folder


@pytest.fixture
def prefix(tmp_path: Path) -> Path:
    """A ~/.local that already holds someone else's files, which must survive."""
    root = tmp_path / "home" / ".local"
    (root / "share" / "applications").mkdir(parents=True)
    (root / "share" / "applications" / "other.desktop").write_text("x", encoding="utf-8")
    (root / "bin").mkdir()
    (root / "bin" / "other-tool").write_text("x", encoding="utf-8")
    return root


def _run_installer(
    bundle: Path, prefix: Path, *args: str, shell: str = "bash"
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [shell, str(bundle / INSTALLER.name), "--prefix", str(prefix), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@linux_only
def test_install_puts_everything_where_a_desktop_looks(bundle: Path, prefix: Path) -> None:
    result = _run_installer(bundle, prefix)
    assert result.returncode == 0, result.stderr

    link = prefix / "bin" / "netkeeper"
    assert link.is_symlink()
    assert link.resolve() == (prefix / "lib" / "netkeeper" / "netkeeper").resolve()
    ran = subprocess.run([str(link)], capture_output=True, text=True, check=True)
    assert ran.stdout == "stand-in for NetKeeper\n"

    desktop = prefix / "share" / "applications" / f"{APP_ID}.desktop"
    lines = desktop.read_text(encoding="utf-8").splitlines()
    assert f"Exec={link}" in lines  # a full path: ~/.local/bin is not always on PATH
    assert f"TryExec={link}" in lines
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True)
        assert check.returncode == 0, check.stdout

    icons = prefix / "share" / "icons" / "hicolor"
    for png in (RESOURCES / "icons" / "png").glob("netkeeper-*.png"):
        size = png.stem.split("-")[1]
        installed = icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert installed.read_bytes() == png.read_bytes()
    assert (icons / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (prefix / "share" / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()


@linux_only
def test_uninstall_removes_exactly_what_was_installed(bundle: Path, prefix: Path) -> None:
    before = _tree(prefix)
    assert _run_installer(bundle, prefix).returncode == 0
    assert len(_tree(prefix)) > len(before) + 10

    # The installed copy of the script, so the unpacked tarball can be long gone.
    shutil.rmtree(bundle)
    result = _run_installer(prefix / "lib" / "netkeeper", prefix, "--uninstall")

    assert result.returncode == 0, result.stderr
    assert _tree(prefix) == before  # incl. folders it created, and nothing of anyone else's


@linux_only
def test_reinstall_replaces_the_previous_install(bundle: Path, prefix: Path) -> None:
    before = _tree(prefix)
    assert _run_installer(bundle, prefix).returncode == 0
    installed = _tree(prefix)

    again = _run_installer(bundle, prefix)

    assert again.returncode == 0, again.stderr
    assert _tree(prefix) == installed
    assert _run_installer(bundle, prefix, "--uninstall").returncode == 0
    assert _tree(prefix) == before


@linux_only
def test_installer_started_with_sh_still_works(bundle: Path, prefix: Path) -> None:
    """Users type `sh install-linux.sh`; on Debian sh is dash, which lacks what bash has."""
    before = _tree(prefix)
    installed = _run_installer(bundle, prefix, shell="sh")
    assert installed.returncode == 0, installed.stderr
    removed = _run_installer(bundle, prefix, "--uninstall", shell="sh")
    assert removed.returncode == 0, removed.stderr
    assert _tree(prefix) == before


@linux_only
def test_install_refuses_to_overwrite_a_file_it_did_not_write(bundle: Path, prefix: Path) -> None:
    pip_script = prefix / "bin" / "netkeeper"  # e.g. from `pip install --user netkeeper`
    pip_script.write_text("#!/bin/sh\n", encoding="utf-8")
    before = _tree(prefix)

    result = _run_installer(bundle, prefix)

    assert result.returncode == 2
    assert str(pip_script) in result.stderr
    assert _tree(prefix) == before
    assert pip_script.read_text(encoding="utf-8") == "#!/bin/sh\n"


@linux_only
def test_uninstall_without_an_install_says_so(bundle: Path, prefix: Path) -> None:
    before = _tree(prefix)
    result = _run_installer(bundle, prefix, "--uninstall")
    assert result.returncode == 2
    assert "nothing to uninstall" in result.stderr
    assert _tree(prefix) == before


# --- the frozen build -------------------------------------------------------------------


def _build_module():  # type: ignore[no-untyped-def]
    import importlib.util

    spec = importlib.util.spec_from_file_location("netkeeper_build", BUILD)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_refuses_a_pyside6_the_pins_rule_out() -> None:
    """A venv upgraded by hand to an affected PySide6 must not become a bundle (issue 9)."""
    build = _build_module()
    pin = "PySide6-Essentials>=6.8,<6.12; python_version < '3.12'"
    versions = {"PySide6-Essentials": "6.12.0"}
    problems = build.unmet_requirements([pin], version_of=versions.__getitem__)
    if sys.version_info < (3, 12):
        assert problems == ["PySide6-Essentials 6.12.0 is installed, need <6.12,>=6.8"]
    else:  # the marker does not apply
        assert problems == []
    versions["PySide6-Essentials"] = "6.11.3"
    assert build.unmet_requirements([pin], version_of=versions.__getitem__) == []
    # This venv, with the real pyproject.toml, builds.
    assert build.unmet_requirements() == []


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/NetKeeper built from this checkout into a temp folder by packaging/build.py."""
    out = tmp_path_factory.mktemp("frozen")
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(BUILD), "--dist", str(out / "dist"), "--work", str(out / "work")],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    print(result.stdout, f"build.py took {time.monotonic() - started:.0f} s", sep="\n")
    bundle = out / "dist" / netkeeper.APP_NAME
    assert (bundle / "netkeeper").is_file()
    assert list((out / "dist").glob(f"NetKeeper-{netkeeper.__version__}-linux-*.tar.gz"))
    return bundle


@pytest.fixture
def frozen_env(tmp_path: Path) -> dict[str, str]:
    """The user's environment (HOME etc. are already isolated by conftest), own data folder."""
    env = dict(os.environ)
    env["NETKEEPER_DATA_DIR"] = str(tmp_path / "data")
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _run(bundle: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bundle / "netkeeper"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


@linux_only
@pytest.mark.slow
def test_frozen_build_stays_small(frozen: Path) -> None:
    size = sum(p.stat().st_size for p in frozen.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"dist/NetKeeper: {size / MIB:.1f} MiB")
    assert size < 250 * MIB  # the limit; the target is 150 MB
    internal = frozen / "_internal"
    assert (internal / "resources" / f"{APP_ID}.desktop").is_file()
    # What the spec leaves out must stay out (each would add megabytes).
    assert not (internal / "PySide6" / "Qt" / "translations").exists()
    assert not list(internal.rglob("libqgtk3.so"))
    assert not list(internal.rglob("libQt6Qml.so*"))
    assert not list(internal.rglob("geodata"))


def _source_modules() -> set[str]:
    package = ROOT / "netkeeper"
    names = set()
    for path in package.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


@linux_only
@pytest.mark.slow
def test_frozen_bundle_has_every_netkeeper_module(frozen: Path) -> None:
    """Views imported by name (importlib) are invisible to PyInstaller's scanner."""
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(frozen / "netkeeper")).open_embedded_archive("PYZ.pyz")
    frozen_modules = {name for name in archive.toc if name.split(".")[0] == "netkeeper"}
    assert _source_modules() - frozen_modules - {"netkeeper.__main__"} == set()


@linux_only
@pytest.mark.slow
def test_frozen_version(frozen: Path, frozen_env: dict[str, str]) -> None:
    result = _run(frozen, frozen_env, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{netkeeper.APP_NAME} {netkeeper.__version__}\n"
    assert result.stderr == ""


@linux_only
@pytest.mark.slow
def test_frozen_imports_a_vcard_and_lists_it(frozen: Path, frozen_env: dict[str, str]) -> None:
    if "import" not in _run(frozen, frozen_env, "--help").stdout:
        pytest.skip("this build has no `import` sub-command (it arrives with the vCard issue)")

    imported = _run(frozen, frozen_env, "import", str(VCARD))
    assert imported.returncode == 0, imported.stderr
    assert imported.stderr == ""

    listed = _run(frozen, frozen_env, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    contacts = {c["full_name"]: c for c in json.loads(listed.stdout)}
    assert set(contacts) == {"Zoë Ångström-Nørgaard", "山田 太郎"}
    zoe = contacts["Zoë Ångström-Nørgaard"]
    assert zoe["organization"] == "Café Übersee GmbH"
    assert zoe["photo"]  # the embedded JPEG survived the frozen vobject and base64
    assert contacts["山田 太郎"]["organization"] == "株式会社ネット"
    assert (Path(frozen_env["NETKEEPER_DATA_DIR"]) / "netkeeper.db").is_file()


@linux_only
@pytest.mark.slow
def test_frozen_add_and_list_json_in_the_default_data_folder(
    frozen: Path, frozen_env: dict[str, str]
) -> None:
    """No override: the frozen app must pick the same data folder as the source install."""
    from netkeeper import paths

    del frozen_env["NETKEEPER_DATA_DIR"]  # conftest points XDG_DATA_HOME at a temp home
    added = _run(frozen, frozen_env, "add", "Ngozi Ọkọnkwọ")
    assert added.returncode == 0, added.stderr

    listed = _run(frozen, frozen_env, "list", "--json")

    assert listed.returncode == 0, listed.stderr
    assert [c["full_name"] for c in json.loads(listed.stdout)] == ["Ngozi Ọkọnkwọ"]
    assert paths.default_db_path().is_file()  # computed here, by the unfrozen code


@linux_only
@pytest.mark.slow
def test_frozen_tarball_installs_and_runs_from_the_menu_link(frozen: Path, tmp_path: Path) -> None:
    """The user's path: unpack the tarball, run its installer, start the linked binary."""
    (tarball,) = frozen.parent.glob("NetKeeper-*.tar.gz")
    with tarfile.open(tarball) as archive:
        archive.extractall(tmp_path / "unpacked", filter="tar")
    unpacked = tmp_path / "unpacked" / netkeeper.APP_NAME
    prefix = tmp_path / "home" / ".local"

    installed = _run_installer(unpacked, prefix)
    assert installed.returncode == 0, installed.stderr
    shutil.rmtree(tmp_path / "unpacked")  # the installed copy must not need it
    version = subprocess.run(
        [str(prefix / "bin" / "netkeeper"), "--version"], capture_output=True, text=True
    )
    assert version.stdout == f"{netkeeper.APP_NAME} {netkeeper.__version__}\n", version.stderr

    removed = _run_installer(prefix / "lib" / "netkeeper", prefix, "--uninstall")
    assert removed.returncode == 0, removed.stderr
    assert not prefix.exists()  # it created ~/.local here, so it removes it too


def _run_gui_for(bundle: Path, env: dict[str, str], seconds: float) -> tuple[int | None, str]:
    """Start the desktop app, let it run, stop it; (exit code while running, stderr)."""
    process = subprocess.Popen(
        [str(bundle / "netkeeper")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(seconds)
        early_exit = process.poll()
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=20)
    return early_exit, err


@linux_only
@pytest.mark.slow
def test_frozen_gui_starts_offscreen_quietly(frozen: Path, frozen_env: dict[str, str]) -> None:
    assert _run(frozen, frozen_env, "import", str(VCARD)).returncode == 0  # a photo to paint

    early_exit, err = _run_gui_for(frozen, frozen_env, 3.0)

    assert early_exit is None, f"the app quit by itself: {err}"
    assert [line for line in err.splitlines() if line not in OFFSCREEN_NOISE] == []


@pytest.fixture
def xvfb() -> Iterator[str]:
    """A private X server; yields its DISPLAY."""
    if shutil.which("Xvfb") is None or shutil.which("xdotool") is None:
        pytest.skip("Xvfb and xdotool are needed (Debian: xvfb xdotool)")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        number = pipe.readline().strip()
    try:
        assert number, "Xvfb did not report a display"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@linux_only
@pytest.mark.slow
def test_frozen_gui_under_xvfb(frozen: Path, frozen_env: dict[str, str], xvfb: str) -> None:
    """On a real X server (xcb): the window appears with its title and icon, nothing is printed."""
    env = dict(frozen_env, DISPLAY=xvfb, QT_QPA_PLATFORM="xcb")
    process = subprocess.Popen(
        [str(frozen / "netkeeper")], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        window = ""
        deadline = time.monotonic() + 20
        while not window and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.3)
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", netkeeper.APP_NAME],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            window = found.stdout.strip()
        assert window, "no visible NetKeeper window"
        if shutil.which("xprop"):  # the icon came from the bundle's resources/ via QtSvg
            icon = subprocess.run(
                ["xprop", "-id", window.split()[0], "_NET_WM_ICON"],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            assert "Icon (16 x 16)" in icon.stdout, icon.stdout + icon.stderr
        time.sleep(1.0)
        assert process.poll() is None
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=20)
    assert err.decode() == ""
