#!/usr/bin/env python3
"""Helpers for scripts/package-windows.sh. Standard library only (no PIL, no pefile).

  win_helpers.py ico OUT.ico
      Write the Windows icon: PNG-compressed entries of 16, 32, 48 and 256 pixels (ICO files may
      hold PNG images since Windows Vista). Each size is drawn afresh from the same geometry as
      assets/icon.png (assets/make_icon.py), so the small sizes are not blurred downscales and
      the 256 one is not a blocky upscale of the 128-pixel PNG.

  win_helpers.py check-exe EXE --version 0.1.0 [--expect-resources]
      Check that EXE is a PE32+ x86-64 image and print its subsystem and resources. With
      --expect-resources, fail (exit 1) unless it carries the resources of byok-wizard.rc: an icon
      group, a VERSIONINFO whose ProductVersion/FileVersion strings are --version and whose
      fixed version numbers match it, and manifest 1 (asInvoker, UTF-8 code page, per-monitor DPI).
"""
import argparse
import os
import re
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ASSETS = os.path.join(HERE, "..", "..", "assets")

ICO_SIZES = (16, 32, 48, 256)


# ---------------------------------------------------------------------------------------- icon


def _load_make_icon():
    sys.dont_write_bytecode = True  # no __pycache__ in assets/
    sys.path.insert(0, os.path.abspath(ASSETS))
    import make_icon  # noqa: E402  (assets/make_icon.py: inside_rounded_square, inside_key, png)

    return make_icon


def render(mi, n):
    """Draw the icon at n×n pixels, averaging ss×ss samples per pixel exactly as make_icon.pixel
    does for 128 (with n == 128 and ss == 4 this reproduces assets/icon.png byte for byte)."""
    ss = 4 if n >= 128 else max(4, 256 // n)  # more samples for the small sizes
    scale = mi.SIZE / n  # geometry is in make_icon's 128-pixel coordinates
    rows = []
    for py in range(n):
        row = []
        for px in range(n):
            acc_r = acc_g = acc_b = acc_a = 0.0
            for sy in range(ss):
                y = (py + (sy + 0.5) / ss) * scale
                for sx in range(ss):
                    x = (px + (sx + 0.5) / ss) * scale
                    if not mi.inside_rounded_square(x, y):
                        continue
                    if mi.inside_key(x, y):
                        r, g, b = 255, 255, 255
                    else:
                        t = y / mi.SIZE
                        r, g, b = int(20 + 10 * t), int(70 + 80 * t), int(160 + 20 * t)
                    acc_r += r
                    acc_g += g
                    acc_b += b
                    acc_a += 255
            a = acc_a / (ss * ss)
            if a == 0:
                row.append((0, 0, 0, 0))
                continue
            cover = acc_a / 255.0
            row.append((round(acc_r / cover), round(acc_g / cover), round(acc_b / cover), round(a)))
        rows.append(row)
    return rows


def write_ico(out):
    mi = _load_make_icon()
    images = [(n, mi.png(n, n, render(mi, n))) for n in ICO_SIZES]
    header = struct.pack("<HHH", 0, 1, len(images))  # ICONDIR: reserved, type 1 = icon, count
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for n, data in images:
        # ICONDIRENTRY: width, height (0 means 256), colours, reserved, planes, bpp, size, offset
        entries += struct.pack("<BBBBHHII", n % 256, n % 256, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    tmp = out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(header + entries + blobs)
    os.replace(tmp, out)
    print(f"win_helpers: wrote {out} ({', '.join(str(n) for n in ICO_SIZES)} px, PNG entries)")


# ------------------------------------------------------------------------------------ PE check

RT_NAMES = {3: "ICON", 14: "GROUP_ICON", 16: "VERSION", 24: "MANIFEST"}
SUBSYSTEMS = {2: "GUI (windows)", 3: "console"}


class PE:
    def __init__(self, path):
        with open(path, "rb") as f:
            self.data = data = f.read()
        if data[:2] != b"MZ":
            raise ValueError("not a PE file (no MZ header)")
        pe = struct.unpack_from("<I", data, 0x3C)[0]
        if data[pe : pe + 4] != b"PE\0\0":
            raise ValueError("not a PE file (no PE signature)")
        self.machine, nsect = struct.unpack_from("<HH", data, pe + 4)
        self.characteristics = struct.unpack_from("<H", data, pe + 22)[0]
        opt_size = struct.unpack_from("<H", data, pe + 20)[0]
        opt = pe + 24
        self.magic = struct.unpack_from("<H", data, opt)[0]
        if self.magic != 0x20B:
            raise ValueError(f"not PE32+ (optional header magic {self.magic:#x})")
        self.subsystem = struct.unpack_from("<H", data, opt + 68)[0]
        ndirs = struct.unpack_from("<I", data, opt + 108)[0]
        self.rsrc_rva, self.rsrc_size = struct.unpack_from("<II", data, opt + 112 + 2 * 8) if ndirs > 2 else (0, 0)
        self.sections = []
        sec = opt + opt_size
        for i in range(nsect):
            name, vsize, va, rawsize, rawptr = struct.unpack_from("<8sIIII", data, sec + 40 * i)
            self.sections.append((name.rstrip(b"\0").decode("ascii", "replace"), va, max(vsize, rawsize), rawptr, rawsize))

    def off(self, rva):
        for _, va, size, rawptr, rawsize in self.sections:
            if va <= rva < va + size:
                if rva - va >= rawsize:
                    raise ValueError(f"RVA {rva:#x} is in a section's uninitialised tail")
                return rawptr + (rva - va)
        raise ValueError(f"RVA {rva:#x} is in no section")

    def resources(self):
        """{(type, name): [bytes per language]} with integer or string ids."""
        out = {}
        if not self.rsrc_rva:
            return out
        base = self.off(self.rsrc_rva)
        d = self.data

        def entries(off):
            named, ids = struct.unpack_from("<HH", d, base + off + 12)
            for i in range(named + ids):
                name, target = struct.unpack_from("<II", d, base + off + 16 + 8 * i)
                if name & 0x80000000:
                    p = base + (name & 0x7FFFFFFF)
                    ln = struct.unpack_from("<H", d, p)[0]
                    key = d[p + 2 : p + 2 + 2 * ln].decode("utf-16-le")
                else:
                    key = name
                yield key, target

        for rtype, t1 in entries(0):
            if not t1 & 0x80000000:
                continue
            for rname, t2 in entries(t1 & 0x7FFFFFFF):
                if not t2 & 0x80000000:
                    continue
                for _lang, t3 in entries(t2 & 0x7FFFFFFF):
                    rva, size = struct.unpack_from("<II", d, base + (t3 & 0x7FFFFFFF))
                    p = self.off(rva)
                    out.setdefault((rtype, rname), []).append(d[p : p + size])
        return out


def version_numbers(version):
    nums = [int(x) for x in re.match(r"^(\d+)\.(\d+)\.(\d+)", version).groups()] + [0]
    return nums


def check_exe(path, version, expect):
    pe = PE(path)
    problems = []
    if pe.machine != 0x8664:
        problems.append(f"machine {pe.machine:#x}, not x86-64 (0x8664)")
    if pe.characteristics & 0x2000:
        problems.append("it is a DLL, not a program")
    sections = [s[0] for s in pe.sections]
    print(f"win_helpers: {os.path.basename(path)}: PE32+ x86-64, subsystem {SUBSYSTEMS.get(pe.subsystem, pe.subsystem)}, sections {' '.join(sections)}")
    res = pe.resources()
    kinds = {}
    for (rtype, rname), blobs in res.items():
        kinds.setdefault(RT_NAMES.get(rtype, rtype), []).append(rname)
    print("win_helpers: resources: " + (", ".join(f"{k} {sorted(map(str, v))}" for k, v in sorted(kinds.items(), key=lambda kv: str(kv[0]))) or "none"))
    if expect:
        if ".rsrc" not in sections:
            problems.append("no .rsrc section")
        groups = [b for (t, _), bl in res.items() if t == 14 for b in bl]
        if not groups:
            problems.append("no icon group (RT_GROUP_ICON)")
        else:
            count = struct.unpack_from("<H", groups[0], 4)[0]
            sizes = sorted((struct.unpack_from("<B", groups[0], 6 + 14 * i)[0] or 256) for i in range(count))
            print(f"win_helpers: icon group 1: {sizes} px")
            if sizes != sorted(ICO_SIZES):
                problems.append(f"icon group has sizes {sizes}, expected {list(ICO_SIZES)}")
        vers = res.get((16, 1), [])
        if not vers:
            problems.append("no VERSIONINFO (RT_VERSION 1)")
        else:
            v = vers[0]
            sig = v.find(struct.pack("<I", 0xFEEF04BD))
            if sig < 0:
                problems.append("VERSIONINFO has no VS_FIXEDFILEINFO")
            else:
                fms, fls, pms, pls = struct.unpack_from("<IIII", v, sig + 8)
                fixed = [fms >> 16, fms & 0xFFFF, fls >> 16, fls & 0xFFFF]
                prod = [pms >> 16, pms & 0xFFFF, pls >> 16, pls & 0xFFFF]
                want = version_numbers(version)
                print(f"win_helpers: VERSIONINFO: FILEVERSION {'.'.join(map(str, fixed))}, PRODUCTVERSION {'.'.join(map(str, prod))}")
                if fixed != want or prod != want:
                    problems.append(f"fixed version {fixed}/{prod}, expected {want}")
            for key in ("FileVersion", "ProductVersion"):
                needle = (key + "\0").encode("utf-16-le")
                i = v.find(needle)
                if i < 0:
                    problems.append(f"VERSIONINFO has no {key}")
                    continue
                # String: wLength, wValueLength (in WCHARs), wType, szKey, padding to 32 bits, Value
                _, wvlen, wtype = struct.unpack_from("<HHH", v, i - 6)
                j = (i + len(needle) + 3) & ~3
                value = v[j : j + 2 * wvlen].decode("utf-16-le").rstrip("\0")
                print(f"win_helpers: VERSIONINFO: {key} = {value}")
                if value != version:
                    problems.append(f"{key} is {value!r}, expected {version!r}")
            for s in ("byok-wizard \u2014 bring your own key", "The byok-wizard developers"):
                if s.encode("utf-16-le") not in v:
                    problems.append(f"VERSIONINFO lacks {s!r}")
        if version.encode("utf-16-le") not in pe.data:
            problems.append(f"the version string {version!r} (UTF-16LE) is nowhere in the file")
        man = res.get((24, 1), [])
        if not man:
            problems.append("no application manifest (RT_MANIFEST 1)")
        else:
            m = man[0]
            for needle in (b'level="asInvoker"', b">UTF-8</activeCodePage>", b"PerMonitorV2", b"{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}"):
                if needle not in m:
                    problems.append(f"manifest lacks {needle.decode()}")
            print(f"win_helpers: manifest 1: {len(m)} bytes")
    for p in problems:
        print(f"win_helpers: PROBLEM: {p}", file=sys.stderr)
    return 1 if problems else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("ico")
    a.add_argument("out")
    c = sub.add_parser("check-exe")
    c.add_argument("exe")
    c.add_argument("--version", required=True)
    c.add_argument("--expect-resources", action="store_true")
    args = ap.parse_args()
    if args.cmd == "ico":
        write_ico(args.out)
        return 0
    try:
        return check_exe(args.exe, args.version, args.expect_resources)
    except (ValueError, struct.error) as e:
        print(f"win_helpers: {args.exe}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
