#!/usr/bin/env bash
# Install the NetKeeper build for the current user, or remove it again.
#
#   ./install-linux.sh [--prefix DIR] [BUNDLE]     install (BUNDLE: the NetKeeper/ folder;
#                                                  default: the folder this script is in,
#                                                  else dist/NetKeeper of the checkout)
#   ./install-linux.sh [--prefix DIR] --uninstall  remove exactly what the install wrote
#
# DIR defaults to ~/.local. What goes where (the freedesktop.org places a desktop
# looks in for one user, so no root and no system files are touched):
#   DIR/lib/netkeeper/                 a copy of the bundle (the tarball can be deleted)
#   DIR/bin/netkeeper                  a link to the binary
#   DIR/share/applications/io.netkeeper.NetKeeper.desktop   the menu entry
#   DIR/share/icons/hicolor/*/apps/io.netkeeper.NetKeeper.{png,svg}
#   DIR/share/metainfo/io.netkeeper.NetKeeper.metainfo.xml  for software centres
# Every path written, and every folder created, is recorded in
# DIR/lib/netkeeper/.install-manifest; --uninstall removes those and nothing else.
# Your contacts live in ~/.local/share/NetKeeper and are never touched by either.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi  # started as `sh install-linux.sh`
set -euo pipefail

APP_ID=io.netkeeper.NetKeeper
PREFIX="$HOME/.local"
UNINSTALL=0
BUNDLE=""

die() { echo "install-linux.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || die "--prefix needs a folder"; PREFIX="$2"; shift 2 ;;
        --prefix=*) PREFIX="${1#--prefix=}"; shift ;;
        --uninstall) UNINSTALL=1; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        -*) die "unknown option $1 (try --help)" ;;
        *) [ -z "$BUNDLE" ] || die "only one bundle folder, please"; BUNDLE="$1"; shift ;;
    esac
done

APP_DIR="$PREFIX/lib/netkeeper"
BIN_LINK="$PREFIX/bin/netkeeper"
SHARE="$PREFIX/share"
MANIFEST="$APP_DIR/.install-manifest"

remove_recorded() {  # remove_recorded MANIFEST: undo what a manifest lists
    # Lines are "KIND<TAB>PATH": file (a file or link), tree (a folder we copied whole),
    # dir (a folder we created). Read it all first: it may live inside a tree.
    local kind path lines=() trees=() dirs=()
    mapfile -t lines < "$1"
    for line in "${lines[@]}"; do
        kind="${line%%$'\t'*}"; path="${line#*$'\t'}"
        case "$kind" in
            file) if [ -L "$path" ] || [ -f "$path" ]; then rm -f -- "$path"; fi ;;
            tree) trees+=("$path") ;;
            dir) dirs+=("$path") ;;
            *) die "unreadable line in $1: $line" ;;
        esac
    done
    for path in "${trees[@]}"; do rm -rf -- "$path"; done
    # Folders we created, deepest first, and only if nothing else has been put in them.
    local i
    for ((i = ${#dirs[@]} - 1; i >= 0; i--)); do
        rmdir -- "${dirs[$i]}" 2>/dev/null || true
    done
}

uninstall() {
    [ -f "$MANIFEST" ] || die "nothing to uninstall: no $MANIFEST"
    remove_recorded "$MANIFEST"
    echo "NetKeeper removed from $PREFIX (your data in ~/.local/share/NetKeeper is kept)"
}

if [ "$UNINSTALL" = 1 ]; then
    uninstall
    exit 0
fi

# --- install -------------------------------------------------------------------------
HERE="$(cd "$(dirname "$0")" && pwd)"
if [ -z "$BUNDLE" ]; then
    if [ -x "$HERE/netkeeper" ]; then BUNDLE="$HERE"; else BUNDLE="$HERE/../dist/NetKeeper"; fi
fi
[ -x "$BUNDLE/netkeeper" ] || die "no NetKeeper build at $BUNDLE (run packaging/build.py first)"
BUNDLE="$(cd "$BUNDLE" && pwd)"
RES="$BUNDLE/_internal/resources"
[ -f "$RES/$APP_ID.desktop" ] || die "the build at $BUNDLE has no resources/ folder"

if [ -f "$MANIFEST" ]; then
    echo "replacing the NetKeeper already installed in $PREFIX"
    uninstall >/dev/null
fi

# Check every target first, so a clash leaves nothing half-installed.
ICON_SIZES=()
for png in "$RES"/icons/png/netkeeper-*.png; do
    size="${png##*-}"; ICON_SIZES+=("${size%.png}")
done
TARGETS=("$BIN_LINK" "$SHARE/applications/$APP_ID.desktop" "$SHARE/metainfo/$APP_ID.metainfo.xml"
         "$SHARE/icons/hicolor/scalable/apps/$APP_ID.svg")
for size in "${ICON_SIZES[@]}"; do
    TARGETS+=("$SHARE/icons/hicolor/${size}x${size}/apps/$APP_ID.png")
done
for target in "${TARGETS[@]}" "$APP_DIR"; do
    if [ -e "$target" ] || [ -L "$target" ]; then
        die "$target already exists and was not installed by this script; move it away first"
    fi
done

# Until the manifest is in place, a failure undoes whatever was already written.
MANIFEST_TMP="$(mktemp)"
on_exit() {
    local status=$?
    [ "$status" -eq 0 ] || remove_recorded "$MANIFEST_TMP"
    rm -f -- "$MANIFEST_TMP"
}
trap on_exit EXIT
record() { printf '%s\t%s\n' "$1" "$2" >> "$MANIFEST_TMP"; }

make_dir() {  # mkdir -p that records each folder it creates, outermost first
    local missing=() d="$1"
    while [ ! -d "$d" ]; do missing=("$d" "${missing[@]}"); d="$(dirname "$d")"; done
    for d in "${missing[@]}"; do record dir "$d"; mkdir -- "$d"; done
}

put() {  # put SOURCE TARGET [MODE]
    make_dir "$(dirname "$2")"
    record file "$2"
    install -m "${3:-644}" -- "$1" "$2"
}

make_dir "$(dirname "$APP_DIR")"
record tree "$APP_DIR"
cp -a -- "$BUNDLE" "$APP_DIR"  # with this script in it, for --uninstall later

make_dir "$(dirname "$BIN_LINK")"
record file "$BIN_LINK"
ln -s -- "$APP_DIR/netkeeper" "$BIN_LINK"

# The menu entry runs the link by its full path: ~/.local/bin is not on every session's PATH.
desktop_tmp="$(mktemp)"
sed -e "s|^Exec=netkeeper|Exec=$BIN_LINK|" -e "s|^TryExec=netkeeper|TryExec=$BIN_LINK|" \
    "$RES/$APP_ID.desktop" > "$desktop_tmp"
put "$desktop_tmp" "$SHARE/applications/$APP_ID.desktop"
rm -f "$desktop_tmp"

put "$RES/$APP_ID.metainfo.xml" "$SHARE/metainfo/$APP_ID.metainfo.xml"
put "$RES/icons/netkeeper.svg" "$SHARE/icons/hicolor/scalable/apps/$APP_ID.svg"
for size in "${ICON_SIZES[@]}"; do
    put "$RES/icons/png/netkeeper-$size.png" "$SHARE/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done

mv -- "$MANIFEST_TMP" "$MANIFEST"
trap - EXIT
echo "NetKeeper installed in $APP_DIR; run it from your menu or with: $BIN_LINK"
case ":$PATH:" in *":$PREFIX/bin:"*) ;; *) echo "note: $PREFIX/bin is not on your PATH" ;; esac
