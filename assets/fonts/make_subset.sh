#!/usr/bin/env bash
# Regenerate assets/fonts/NotoSansCJKsc-Regular-subset.otf: Noto Sans CJK SC Regular (SIL Open
# Font License 1.1, see OFL.txt) cut down to
#   - every character of the Simplified Chinese messages (assets/i18n/zh-CN/*.ftl),
#   - the 3,755 level-1 characters of GB 2312 (the common ones, so Chinese file and folder
#     names show too),
#   - CJK symbols and punctuation (U+3000–U+303F) and the full-width forms (U+FF01–U+FF5E).
# Latin text is drawn by egui's own fonts, which come first. Run it after changing a zh-CN
# message: `cargo test` (tests/i18n.rs) fails when a message has a character the font lacks.
#
#   bash assets/fonts/make_subset.sh
#
# Needs Debian's fonts-noto-cjk (the source font) and fonttools (pyftsubset); installs them if
# missing. The output depends only on those two and the .ftl files.
set -euo pipefail
cd "$(dirname "$0")/../.."

SRC="${NOTO_CJK:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}"
FACE=2 # the collection's faces: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK
OUT=assets/fonts/NotoSansCJKsc-Regular-subset.otf

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
need=()
[ -f "$SRC" ] || need+=(fonts-noto-cjk)
command -v pyftsubset >/dev/null 2>&1 || need+=(fonttools)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

chars=$(mktemp)
trap 'rm -f "$chars"' EXIT
/usr/bin/env python3 - "$chars" assets/i18n/zh-CN/*.ftl <<'PY'
import sys
out, files = sys.argv[1], sys.argv[2:]
chars = set()
for f in files:
    chars.update(c for c in open(f, encoding="utf-8").read() if ord(c) > 0x7F)
# GB 2312 level 1: rows 16–55 (first byte 0xB0–0xD7).
for b1 in range(0xB0, 0xD8):
    for b2 in range(0xA1, 0xFF):
        try:
            chars.add(bytes([b1, b2]).decode("gb2312"))
        except UnicodeDecodeError:
            pass  # the unused cell at the end of row 55
chars.update(chr(c) for c in range(0x3000, 0x3040))
chars.update(chr(c) for c in range(0xFF01, 0xFF5F))
open(out, "w", encoding="utf-8").write("".join(sorted(chars)))
print(f"make_subset: {len(chars)} characters")
PY

pyftsubset "$SRC" --font-number="$FACE" --text-file="$chars" --output-file="$OUT" \
  --layout-features='' --no-hinting --desubroutinize --name-IDs='*' --name-languages='*'
ls -l "$OUT"
