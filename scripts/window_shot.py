#!/usr/bin/env python3
"""The window's part of an xwd screenshot of the whole X screen, as a PNG, and "not blank".

    window_shot.py TAG SHOT.xwd OUT.png X Y WIDTH HEIGHT

Converts with the standard library only (no PIL on a fresh machine), prints one line
"TAG: window WxH px, N distinct colours, most common colour covers P%", and exits 1 when the
window looks blank: smaller than 400x300, fewer than 50 colours, or one colour over 98% of it.
Used by scripts/xvfb-smoke.sh (the Linux build) and scripts/wine-smoke.sh (the Windows build).
"""
import struct, sys, zlib
tag, src, out = sys.argv[1], sys.argv[2], sys.argv[3]
wx, wy, ww, wh = map(int, sys.argv[4:8])
d = open(src, "rb").read()
(header_size, _v, _fmt, _depth, width, height, _xo, byte_order, _u, _bo, _pad, bpp, bpl,
 _vc, _r, _g, _b, _bits, _cme, ncolors) = struct.unpack(">20I", d[:80])
step = bpp // 8  # Xvfb -screen WxHx24 gives packed 3-byte pixels in padded lines
if step not in (3, 4) or bpl < width * step:
    sys.exit(f"unexpected xwd layout: {bpp} bits per pixel, {bpl} bytes per line")
px = d[header_size + ncolors * 12:]
x0, y0 = max(wx, 0), max(wy, 0)
x1, y1 = min(wx + ww, width), min(wy + wh, height)
rows, counts = [], {}
for y in range(y0, y1):
    line = px[y * bpl + x0 * step:y * bpl + x1 * step]
    row = bytearray()
    for i in range(0, len(line), step):
        p = line[i:i + step]
        if byte_order == 0:  # LSBFirst: blue, green, red (, pad)
            rgb = (p[2], p[1], p[0])
        else:
            rgb = (p[step - 3], p[step - 2], p[step - 1])
        row += bytes(rgb)
        counts[rgb] = counts.get(rgb, 0) + 1
    rows.append(bytes(row))
w, h = x1 - x0, y1 - y0
def chunk(tag, data):
    c = struct.pack(">I", len(data)) + tag + data
    return c + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(b"".join(b"\x00" + r for r in rows), 6)) + chunk(b"IEND", b""))
open(out, "wb").write(png)
total = max(w * h, 1)
dominant = max(counts.values()) / total
print(f"{tag}: window {w}x{h} px, {len(counts)} distinct colours, most common colour covers {dominant:.0%}")
# A blank or black window has a handful of colours; egui's text alone brings hundreds.
if w < 400 or h < 300 or len(counts) < 50 or dominant > 0.98:
    sys.exit(1)
