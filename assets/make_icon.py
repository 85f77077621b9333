#!/usr/bin/env python3
"""Draw the byok-wizard window icon (assets/icon.png): a white key on a blue rounded square.

Standard library only (zlib + struct); 4x4 supersampling for smooth edges. Run it again to
rebuild the PNG:  python3 assets/make_icon.py
"""
import math
import os
import struct
import zlib

SIZE = 128
SS = 4  # supersamples per axis


def inside_rounded_square(x, y, margin=6.0, radius=26.0):
    lo, hi = margin, SIZE - margin
    cx = min(max(x, lo + radius), hi - radius)
    cy = min(max(y, lo + radius), hi - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2 and lo <= x <= hi and lo <= y <= hi


def inside_key(x, y):
    # Ring (bow) of the key, centred left; a hole in it.
    bx, by, r_out, r_in = 42.0, 64.0, 22.0, 10.0
    d = math.hypot(x - bx, y - by)
    if r_in <= d <= r_out:
        return True
    # Shaft to the right.
    if 60.0 <= x <= 106.0 and 58.0 <= y <= 70.0:
        return True
    # Two teeth (bits) hanging down.
    if 84.0 <= x <= 93.0 and 70.0 <= y <= 86.0:
        return True
    if 97.0 <= x <= 106.0 and 70.0 <= y <= 82.0:
        return True
    return False


def pixel(px, py):
    acc = [0.0, 0.0, 0.0, 0.0]
    for sy in range(SS):
        for sx in range(SS):
            x = px + (sx + 0.5) / SS
            y = py + (sy + 0.5) / SS
            if not inside_rounded_square(x, y):
                continue
            if inside_key(x, y):
                rgb = (255, 255, 255)
            else:
                t = y / SIZE  # vertical gradient, deep blue to teal
                rgb = (int(20 + 10 * t), int(70 + 80 * t), int(160 + 20 * t))
            acc[0] += rgb[0]
            acc[1] += rgb[1]
            acc[2] += rgb[2]
            acc[3] += 255
    n = SS * SS
    a = acc[3] / n
    if a == 0:
        return (0, 0, 0, 0)
    cover = acc[3] / 255.0
    return (round(acc[0] / cover), round(acc[1] / cover), round(acc[2] / cover), round(a))


def png(width, height, rows):
    def chunk(tag, data):
        c = struct.pack(">I", len(data)) + tag + data
        return c + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(v for p in row for v in p) for row in rows)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    rows = [[pixel(x, y) for x in range(SIZE)] for y in range(SIZE)]
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "icon.png")
    with open(out, "wb") as f:
        f.write(png(SIZE, SIZE, rows))
    print("wrote", out)


if __name__ == "__main__":
    main()
