#!/usr/bin/env bash
# Build the Windows artefacts on Debian: cross-compile byok-wizard.exe for x86_64-pc-windows-gnu
# with mingw-w64 (icon, version information and manifest linked in), then pack a portable zip and
# a per-user NSIS installer and write SHA256SUMS next to them.
#
#   scripts/package-windows.sh                # → $BYOK_WINDOWS_OUT (default <target dir>/windows-dist)
#   scripts/package-windows.sh --out dist     # → dist/ instead
#   BYOK_WIZARD_EXE=/path/byok-wizard.exe scripts/package-windows.sh   # pack a prebuilt exe, no cargo
#
# Output: byok-wizard-<version>-windows-x86_64.zip, byok-wizard-<version>-windows-x86_64-setup.exe,
# byok-wizard.exe and SHA256SUMS (check with `cd <folder> && sha256sum -c SHA256SUMS`). The last
# line printed is the output folder. packaging/README.md ("Windows") describes the artefacts.
#
# Environment:
#   BYOK_WINDOWS_TARGET_DIR  cargo target dir for the Windows build ($HOME/.cache/byok-wizard/target-windows)
#   BYOK_WINDOWS_OUT         output folder (<target dir>/windows-dist)
#   BYOK_WIZARD_EXE          a prebuilt exe: skip cargo; a missing resource is then only a warning
#   BYOK_WINDOWS_LINK_MODE   `rustc` (default): `cargo rustc ... -- -C link-arg=<res.o>`, which reuses
#                            the dependencies of a plain `cargo build --release --target ...`;
#                            `rustflags`: CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS instead
#                            (rebuilds every dependency once, then is as incremental as the other)
#   BYOK_SIGN_PKCS12, BYOK_SIGN_PASS_FILE   sign the exe, the uninstaller and the installer with
#                            osslsigncode (Authenticode, SHA-256); the password is read from the file
#   BYOK_SIGN_TIMESTAMP_URL  RFC 3161 time-stamping server for the signatures (optional; needs network)
#   SOURCE_DATE_EPOCH        timestamp of the files in the zip/installer (default: last commit's time)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
self="$root/scripts/package-windows.sh"

die() { echo "package-windows.sh: $*" >&2; exit 1; }
say() { echo "package-windows.sh: $*" >&2; }
t() { local s=$SECONDS; "$@"; say "'$*' took $((SECONDS - s)) s"; }

# ---- signing (also called by makensis for the uninstaller: --sign-file FILE) ------------------
signing=0
if [ -n "${BYOK_SIGN_PKCS12:-}" ] || [ -n "${BYOK_SIGN_PASS_FILE:-}" ]; then
    [ -n "${BYOK_SIGN_PKCS12:-}" ] && [ -n "${BYOK_SIGN_PASS_FILE:-}" ] \
        || die "set both BYOK_SIGN_PKCS12 and BYOK_SIGN_PASS_FILE to sign (or neither)"
    [ -r "$BYOK_SIGN_PKCS12" ] || die "BYOK_SIGN_PKCS12: cannot read $BYOK_SIGN_PKCS12"
    [ -r "$BYOK_SIGN_PASS_FILE" ] || die "BYOK_SIGN_PASS_FILE: cannot read $BYOK_SIGN_PASS_FILE"
    signing=1
fi
sign_file() { # sign $1 in place; the password goes from its file to osslsigncode, never to the log
    local f="$1" tmp="$1.signing" ts=()
    [ -n "${BYOK_SIGN_TIMESTAMP_URL:-}" ] && ts=(-ts "$BYOK_SIGN_TIMESTAMP_URL")
    rm -f "$tmp"
    if ! osslsigncode sign -pkcs12 "$BYOK_SIGN_PKCS12" -readpass "$BYOK_SIGN_PASS_FILE" \
            -h sha256 -n byok-wizard "${ts[@]}" -in "$f" -out "$tmp" >/dev/null; then
        rm -f "$tmp"
        die "osslsigncode could not sign $f"
    fi
    mv -f "$tmp" "$f"
    say "signed $(basename "$f")"
}
if [ "${1:-}" = "--sign-file" ]; then
    [ $# -eq 2 ] || die "usage: package-windows.sh --sign-file FILE"
    [ "$signing" = 1 ] || die "--sign-file: BYOK_SIGN_PKCS12 and BYOK_SIGN_PASS_FILE are not set"
    sign_file "$2"
    exit 0
fi

out=""
while [ $# -gt 0 ]; do
    case "$1" in
        --out) out="$2"; shift 2 ;;
        --out=*) out="${1#--out=}"; shift ;;
        -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
        *) die "unknown argument $1" ;;
    esac
done

# ---- tools ------------------------------------------------------------------------------------
SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
need=()
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need+=(gcc-mingw-w64-x86-64)
command -v x86_64-w64-mingw32-windres >/dev/null 2>&1 || need+=(binutils-mingw-w64-x86-64)
command -v zip >/dev/null 2>&1 || need+=(zip)
command -v unzip >/dev/null 2>&1 || need+=(unzip)
command -v makensis >/dev/null 2>&1 || need+=(nsis)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ "$signing" = 1 ]; then command -v osslsigncode >/dev/null 2>&1 || need+=(osslsigncode); fi
if [ ${#need[@]} -gt 0 ]; then
    say "apt-get install ${need[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# ---- where things go --------------------------------------------------------------------------
target_dir="${BYOK_WINDOWS_TARGET_DIR:-$HOME/.cache/byok-wizard/target-windows}"
mkdir -p "$target_dir"
target_dir="$(cd "$target_dir" && pwd)"
out="${out:-${BYOK_WINDOWS_OUT:-$target_dir/windows-dist}}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
res_dir="$target_dir/windows-res"        # stable paths: the link argument must not change
stage_root="$target_dir/windows-stage"
mkdir -p "$res_dir"

version="$(python3 -c 'import sys, tomllib; print(tomllib.load(open("Cargo.toml", "rb"))["package"]["version"])' 2>/dev/null \
    || sed -n '/^\[package\]/,/^\[/{s/^version *= *"\([^"]*\)".*/\1/p}' Cargo.toml | head -n1)"
[[ "$version" =~ ^([0-9]+)\.([0-9]+)\.([0-9]+) ]] || die "cannot read a version from Cargo.toml (got '$version')"
v4="${BASH_REMATCH[1]}.${BASH_REMATCH[2]}.${BASH_REMATCH[3]}.0"   # Windows wants four numbers
vcomma="${v4//./,}"
epoch="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || stat -c %Y Cargo.toml)}"
say "byok-wizard $version (Windows file version $v4), target dir $target_dir, output $out"

# ---- icon, manifest, version resource ---------------------------------------------------------
ico="$res_dir/byok-wizard.ico"
python3 packaging/windows/win_helpers.py ico "$ico" >&2

cat > "$res_dir/byok-wizard.manifest" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0">
  <assemblyIdentity type="win32" name="byok-wizard" version="$v4" processorArchitecture="amd64"/>
  <description>byok-wizard</description>
  <trustInfo xmlns="urn:schemas-microsoft-com:asm.v3">
    <security>
      <requestedPrivileges>
        <requestedExecutionLevel level="asInvoker" uiAccess="false"/>
      </requestedPrivileges>
    </security>
  </trustInfo>
  <compatibility xmlns="urn:schemas-microsoft-com:compatibility.v1">
    <application>
      <!-- Windows 10 and Windows 11 -->
      <supportedOS Id="{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}"/>
    </application>
  </compatibility>
  <application xmlns="urn:schemas-microsoft-com:asm.v3">
    <windowsSettings>
      <activeCodePage xmlns="http://schemas.microsoft.com/SMI/2019/WindowsSettings">UTF-8</activeCodePage>
      <dpiAware xmlns="http://schemas.microsoft.com/SMI/2005/WindowsSettings">true/pm</dpiAware>
      <dpiAwareness xmlns="http://schemas.microsoft.com/SMI/2016/WindowsSettings">PerMonitorV2, PerMonitor</dpiAwareness>
    </windowsSettings>
  </application>
</assembly>
EOF

# UTF-8 source (the em dash, the copyright sign); windres stores the strings as UTF-16.
cat > "$res_dir/byok-wizard.rc" <<EOF
#pragma code_page(65001)
#include <winver.h>

1 ICON "byok-wizard.ico"
1 24 "byok-wizard.manifest"

1 VERSIONINFO
FILEVERSION $vcomma
PRODUCTVERSION $vcomma
FILEFLAGSMASK VS_FFI_FILEFLAGSMASK
FILEFLAGS 0
FILEOS VOS_NT_WINDOWS32
FILETYPE VFT_APP
FILESUBTYPE VFT2_UNKNOWN
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904b0"
    BEGIN
      VALUE "CompanyName", "The byok-wizard developers"
      VALUE "FileDescription", "byok-wizard — bring your own key to a cloud KMS, offline"
      VALUE "FileVersion", "$version"
      VALUE "InternalName", "byok-wizard"
      VALUE "LegalCopyright", "© The byok-wizard developers. Apache License 2.0."
      VALUE "OriginalFilename", "byok-wizard.exe"
      VALUE "ProductName", "byok-wizard"
      VALUE "ProductVersion", "$version"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x409, 1200
  END
END
EOF

res_o="$res_dir/byok-wizard-res.o"
(cd "$res_dir" && x86_64-w64-mingw32-windres -O coff -o byok-wizard-res.o.new byok-wizard.rc) \
    || die "windres failed on $res_dir/byok-wizard.rc"
if cmp -s "$res_o.new" "$res_o"; then rm -f "$res_o.new"; else mv -f "$res_o.new" "$res_o"; fi
res_sum="$(sha256sum "$res_o" | cut -d' ' -f1)"
say "resource object $res_o ($(stat -c %s "$res_o") bytes)"

# ---- the exe ----------------------------------------------------------------------------------
triple=x86_64-pc-windows-gnu
if [ -n "${BYOK_WIZARD_EXE:-}" ]; then
    exe="$BYOK_WIZARD_EXE"
    [ -f "$exe" ] || die "BYOK_WIZARD_EXE: no such file $exe"
    prebuilt=1
    say "using the prebuilt $exe (BYOK_WIZARD_EXE); not running cargo"
else
    prebuilt=0
    if command -v rustup >/dev/null 2>&1 && ! rustup target list --installed | grep -qx "$triple"; then
        t rustup target add "$triple"
    fi
    # Link arguments: the resource object, and no link time in the PE header (the same sources
    # give the same exe). `cargo rustc` passes them to the binary crate only, so the dependencies
    # of a plain `cargo build --release --target ...` are reused. cargo does not look at the
    # contents of a link argument: when the resource object changed since the last build that
    # linked it, touch src/main.rs so that cargo rebuilds (only) the binary crate.
    stamp="$res_dir/linked.sha256"
    if [ "$(cat "$stamp" 2>/dev/null || true)" != "$res_sum" ]; then touch src/main.rs; fi
    export CARGO_TARGET_DIR="$target_dir"
    case "${BYOK_WINDOWS_LINK_MODE:-rustc}" in
        rustc)
            t cargo rustc --release --locked --target "$triple" --bin byok-wizard -- \
                -C "link-arg=$res_o" -C link-arg=-Wl,--no-insert-timestamp >&2 ;;
        rustflags)
            [[ "$res_o" != *" "* ]] || die "BYOK_WINDOWS_LINK_MODE=rustflags: $res_o has a space"
            CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS="-C link-arg=$res_o -C link-arg=-Wl,--no-insert-timestamp" \
                t cargo build --release --locked --target "$triple" --bin byok-wizard >&2 ;;
        *) die "BYOK_WINDOWS_LINK_MODE must be rustc or rustflags" ;;
    esac
    exe="$target_dir/$triple/release/byok-wizard.exe"
    [ -f "$exe" ] || die "cargo did not write $exe"
    echo "$res_sum" > "$stamp"
fi

# Is the resource in? objdump for the section, win_helpers.py for icon, version and manifest.
res_ok=1
x86_64-w64-mingw32-objdump -h "$exe" | grep -q '\.rsrc' || { say "no .rsrc section in $exe"; res_ok=0; }
python3 packaging/windows/win_helpers.py check-exe "$exe" --version "$version" --expect-resources >&2 || res_ok=0
if [ "$res_ok" = 0 ]; then
    if [ "$prebuilt" = 1 ]; then
        say "WARNING: $exe lacks the icon/version/manifest resource (fine for a test build linked without it; NOT for a release)"
        python3 packaging/windows/win_helpers.py check-exe "$exe" --version "$version" >/dev/null 2>&1 \
            || die "$exe is not a PE32+ x86-64 program"
    else
        die "the resource did not get into $exe"
    fi
fi

# ---- stage: the folder of the zip, also the installer's files ---------------------------------
name="byok-wizard-$version"
stage="$stage_root/$name"
rm -rf "$stage_root"
mkdir -p "$stage"
# Without the COFF symbol table (about 6 MB; nothing at run time reads it: panics print one line
# and no backtrace). The resources and the code are untouched.
x86_64-w64-mingw32-strip --strip-all -o "$stage/byok-wizard.exe" "$exe"
cp README.md "$stage/README.md"
cp SECURITY.md "$stage/SECURITY.md"
cp assets/fonts/OFL.txt "$stage/FONT-LICENSE.txt"
shopt -s nullglob
licenses=(LICEN[CS]E LICEN[CS]E[.-]* COPYIN[G] COPYING[.-]*)  # bracket globs: nullglob drops them when absent
shopt -u nullglob
if [ ${#licenses[@]} -eq 1 ]; then
    cp "${licenses[0]}" "$stage/LICENSE.txt"
elif [ ${#licenses[@]} -gt 1 ]; then
    die "several licence files (${licenses[*]}): list them in package-windows.sh and installer.nsi"
else
    lic="$(python3 -c 'import tomllib; print(tomllib.load(open("Cargo.toml", "rb"))["package"].get("license", ""))' 2>/dev/null || true)"
    [ "$lic" = "Apache-2.0" ] && [ -f /usr/share/common-licenses/Apache-2.0 ] \
        || die "no LICENSE file in the repository and Cargo.toml's license ('$lic') has no text to ship"
    say "the repository has no LICENSE file: shipping the Apache-2.0 text from /usr/share/common-licenses/Apache-2.0 (Cargo.toml: license = \"Apache-2.0\")"
    cp /usr/share/common-licenses/Apache-2.0 "$stage/LICENSE.txt"
fi

zip_name="$name-windows-x86_64.zip"
setup_name="$name-windows-x86_64-setup.exe"
sed 's/$/\r/' > "$stage/README-windows.txt" <<EOF
byok-wizard $version for Windows 10 and 11 (x86-64)
==================================================

byok-wizard wraps your own key material for import into a cloud KMS (BYOK), offline.
Double-click byok-wizard.exe for the wizard window, or use it in a terminal (PowerShell):

    .\\byok-wizard.exe --help

It is one program file: nothing else to install, and it needs no network.

Files
  byok-wizard.exe     the program
  README.md           the manual (plain text; any editor shows it)
  SECURITY.md         security notes and how to report a problem
  LICENSE.txt         Apache License 2.0
  FONT-LICENSE.txt    SIL Open Font License 1.1, for the Noto Sans CJK SC subset inside
                      byok-wizard.exe (the Chinese interface)
  README-windows.txt  this file

1. Check the download
   SHA256SUMS, published with the downloads, lists the SHA-256 of $zip_name,
   of $setup_name and of byok-wizard.exe. In PowerShell,
   in the folder that holds the download and SHA256SUMS:

     Get-FileHash .\\$zip_name -Algorithm SHA256

   The Hash it prints must equal the one on the line of that file in SHA256SUMS (upper or
   lower case does not matter). Or let PowerShell compare (it prints True when they match):

     \$f = '$zip_name'
     \$want = ((Select-String -Path .\\SHA256SUMS -SimpleMatch "  \$f").Line -split '\\s+')[0]
     (Get-FileHash .\\\$f -Algorithm SHA256).Hash -eq \$want

   Put byok-wizard.exe in \$f to check the program itself after unpacking.

2. Run the self-test

     .\\byok-wizard.exe selftest

   It runs the cryptographic known-answer tests and must end with "self-test passed".

3. Unsigned program
   Unless your organisation signed it (right-click byok-wizard.exe > Properties > Digital
   Signatures), byok-wizard.exe is not signed with a code-signing certificate, so Windows
   SmartScreen may say "Windows protected your PC" the first time it runs. Only after the hash
   check above: choose "More info", then "Run anyway". Files unpacked from a downloaded zip keep
   the "came from the internet" mark; after the hash check you may clear it with

     Unblock-File .\\byok-wizard.exe

Installer
  The setup program, $setup_name, installs the same files for the
  current user only, without administrator rights, into %LOCALAPPDATA%\\Programs\\byok-wizard,
  adds "BYOK Wizard" to the Start menu and is removed in Settings > Apps (or with Uninstall.exe
  in that folder). The uninstaller deletes only the files it installed: files you put in that
  folder, and the window's settings in %APPDATA%\\byok-wizard, are kept. Silent install: /S
  (and /D=<folder> as the last argument for another folder); silent removal: Uninstall.exe /S.
EOF

# Test-only files (the bcryptprimitives.dll stand-in for Wine) must never be shipped.
forbid_test_only() {
    local hits
    hits="$(grep -i 'bcryptprimitives' || true)"
    [ -z "$hits" ] || die "REFUSING: test-only file(s) would be shipped in $1: $hits"
}
(cd "$stage_root" && find . -print) | forbid_test_only "the staged files"
grep -n '^[[:space:]]*File' packaging/windows/installer.nsi | forbid_test_only "installer.nsi"
for f in "$stage"/*; do
    grep -qF "\"\${STAGE}/$(basename "$f")\"" packaging/windows/installer.nsi \
        || [ "$(basename "$f")" = byok-wizard.exe ] \
        || die "installer.nsi does not install $(basename "$f") (keep its File/Delete lists in step)"
done

# ---- signing the exe (before it is zipped and packed into the installer) -----------------------
if [ "$signing" = 1 ]; then
    sign_file "$stage/byok-wizard.exe"
else
    say "no signing certificate (BYOK_SIGN_PKCS12/BYOK_SIGN_PASS_FILE): the artefacts are UNSIGNED"
fi

# Fixed modes and times, so the zip depends only on the contents and the commit.
chmod 0755 "$stage" "$stage/byok-wizard.exe"
find "$stage" -type f ! -name byok-wizard.exe -exec chmod 0644 {} +
find "$stage" -exec touch -h -d "@$epoch" {} +

# ---- portable zip -----------------------------------------------------------------------------
zip_path="$out/$zip_name"
setup_path="$out/$setup_name"
rm -f "$zip_path" "$setup_path" "$out/byok-wizard.exe" "$out/SHA256SUMS"
(cd "$stage_root" && find "$name" -print | LC_ALL=C sort | TZ=UTC zip -X -q -9 -@ "$zip_path")
unzip -Z1 "$zip_path" | forbid_test_only "$zip_name"
say "$zip_name:"
unzip -l "$zip_path" | sed 's/^/  /' >&2

# ---- installer --------------------------------------------------------------------------------
size_kb="$(du -k --apparent-size -c "$stage"/* | tail -n1 | cut -f1)"
nsis_args=(-V2 -INPUTCHARSET UTF8 "-DVERSION=$version" "-DVERSION4=$v4" "-DSTAGE=$stage"
           "-DEXE=$stage/byok-wizard.exe" "-DICON=$ico" "-DSIZE_KB=$size_kb" "-DOUTFILE=$setup_path")
[ "$signing" = 1 ] && nsis_args+=("-DSIGN_SCRIPT=$self")
t makensis "${nsis_args[@]}" packaging/windows/installer.nsi >&2
[ -f "$setup_path" ] || die "makensis did not write $setup_path"
[ "$signing" = 1 ] && sign_file "$setup_path"
touch -d "@$epoch" "$setup_path" "$zip_path"

cp -p "$stage/byok-wizard.exe" "$out/byok-wizard.exe"
(cd "$out" && sha256sum "$zip_name" "$setup_name" byok-wizard.exe > SHA256SUMS && sha256sum -c --quiet SHA256SUMS)

say "artefacts ($([ "$signing" = 1 ] && echo signed || echo UNSIGNED)):"
for f in "$zip_name" "$setup_name" byok-wizard.exe SHA256SUMS; do
    printf '  %10s  %s\n' "$(stat -c %s "$out/$f")" "$f" >&2
done
say "wrote $out/SHA256SUMS"
cat "$out/SHA256SUMS" >&2
echo "$out"
