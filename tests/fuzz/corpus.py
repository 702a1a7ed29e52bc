#!/usr/bin/env python3
"""corpus.py — the fuzz targets' input layout, from Python.

  corpus.py seeds OUTDIR        build a seed corpus from tests/ and lessons/
  corpus.py html-seeds OUTDIR   seeds for fuzz_html: raw HTML from lessons
  corpus.py png-seeds OUTDIR    seeds for fuzz_png: the PNGs in tests/ and
                                lessons/, and small ones of every kind
  corpus.py unpack INPUT DIR    write INPUT as a course folder in DIR

An input is up to four parts separated by the byte 0x1E: lesson 01_a.md,
course.yml, lesson 02_b.md, assets/a.png (see fuzz_course.h, which does the
same in C). unpack lets tests/t-hostile.sh replay fuzzer crash inputs kept in
tests/regress/ against the real binary.
"""
import hashlib
import os
import sys

SEP = b"\x1e"
NAMES = ["01_a.md", "course.yml", "02_b.md", "assets/a.png"]
MAX_SEED = 64 * 1024


def unpack(data, d):
    os.makedirs(os.path.join(d, "assets"), exist_ok=True)
    parts = data.split(SEP, 3)
    for name, part in zip(NAMES, parts):
        with open(os.path.join(d, name), "wb") as f:
            f.write(part)


def pack(lesson, course_yml=None, lesson2=None, image=None):
    parts = [lesson]
    rest = [course_yml, lesson2, image]
    while rest and rest[-1] is None:
        rest.pop()
    parts += [p if p is not None else b"" for p in rest]
    return SEP.join(p.replace(SEP, b"") if i < 3 else p for i, p in enumerate(parts))


def read(p):
    """The file's bytes; b"" for what cannot be read (fixtures include
    symlink loops and links out of the tree on purpose)."""
    try:
        with open(p, "rb") as f:
            return f.read()
    except OSError:
        return b""


def seeds(top, out):
    os.makedirs(out, exist_ok=True)
    found = []
    for root in ("tests", "lessons", "bench"):
        for dirpath, dirnames, files in os.walk(os.path.join(top, root)):
            dirnames.sort()
            mds = sorted(f for f in files if f.endswith(".md"))
            images = sorted(f for f in files if f.endswith((".png", ".jpg", ".gif")))
            yml = os.path.join(dirpath, "course.yml")
            for i, f in enumerate(mds):
                lesson = read(os.path.join(dirpath, f))
                if len(lesson) > MAX_SEED:
                    continue
                found.append(pack(lesson))
                nxt = read(os.path.join(dirpath, mds[i + 1])) if i + 1 < len(mds) else None
                if nxt is not None and len(nxt) + len(lesson) < MAX_SEED:
                    found.append(pack(lesson, None, nxt))
                if i == 0 and os.path.isfile(yml):
                    found.append(pack(lesson, read(yml)))
            for img in images[:2]:
                data = read(os.path.join(dirpath, img))
                if len(data) < MAX_SEED:
                    found.append(pack(b"---\ntitle: Image\n---\n\n![alt](assets/a.png){:class=\"cover\"}\n",
                                      None, None, data))
    # a few shapes no fixture has on its own
    found.append(pack(b"---\ntitle: T\n---\n\n[x](02_b.html#h)\n",
                      b"- name: C\n  content:\n  - section:\n      name: S\n      content:\n      - 01_a.md\n      - 02_b.md\n",
                      b"---\ntitle: B\n---\n\n## H\n"))
    # GIFs of every shape the decoder handles, in the image slot (the
    # loader goes by the bytes, not the .png name)
    for g in gif_seeds():
        found.append(pack(b"---\ntitle: GIF\n---\n\n![a recording](assets/a.png)\n\nAfter.\n",
                          None, None, g))
    n = 0
    for s in found:
        name = hashlib.sha1(s).hexdigest()
        p = os.path.join(out, name)
        if not os.path.exists(p):
            with open(p, "wb") as f:
                f.write(s)
            n += 1
    print("%d seeds in %s" % (n, out))


def html_seeds(top, out):
    """Raw HTML lines of every lesson, each behind the mode bytes of
    fuzz_html.c: 0 block, 3 inline tag, 4 inline tag inside a link."""
    import re
    os.makedirs(out, exist_ok=True)
    frags = set()
    for root in ("tests", "lessons"):
        for dirpath, dirnames, files in os.walk(os.path.join(top, root)):
            for f in files:
                if not f.endswith(".md"):
                    continue
                text = read(os.path.join(dirpath, f))
                for line in text.splitlines():
                    if line.lstrip().startswith(b"<") and len(line) < 4096:
                        frags.add(b"\0" + line)
                    for tag in re.findall(rb"<[^<>]{1,200}>", line):
                        frags.add(b"\3" + tag)
                        frags.add(b"\4" + tag)
    frags.add(b"\5a & b < c \xff\xfe \x01")
    frags.add(b"\7https://example.com/")
    for s in frags:
        with open(os.path.join(out, hashlib.sha1(s).hexdigest()), "wb") as fh:
            fh.write(s)
    print("%d seeds in %s" % (len(frags), out))


def png_chunk(kind, data):
    import struct
    import zlib
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_small(w, h, depth, ctype, interlace, extra=b""):
    """A small PNG with rows of varied bytes under each filter type."""
    import struct
    import zlib
    bits = depth * {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ctype]
    passes = ([(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4),
               (1, 0, 2, 2), (0, 1, 1, 2)] if interlace else [(0, 0, 1, 1)])
    raw = b""
    for x0, y0, dx, dy in passes:
        if w <= x0 or h <= y0:
            continue
        rb = (((w - x0 + dx - 1) // dx) * bits + 7) // 8
        raw += b"".join(bytes([y % 5]) + bytes((x * 37 + y * 11) & 255 for x in range(rb))
                        for y in range(y0, h, dy))
    ihdr = struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, interlace)
    plte = png_chunk(b"PLTE", bytes(range(48))) if ctype == 3 else b""
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + plte + extra +
            png_chunk(b"IDAT", zlib.compress(raw)) + png_chunk(b"IEND", b""))


def gif_lzw(indexes, bits):
    """LZW data for colour indexes with a clear code every few pixels, so
    the code width never grows: valid, if not small (seeds are tiny)."""
    m = max(2, bits)
    clear, end, every = 1 << m, (1 << m) + 1, (1 << m) - 2
    codes = []
    for i, c in enumerate(indexes):
        if i % every == 0:
            codes.append(clear)
        codes.append(c)
    codes.append(end)
    acc = nbits = 0
    data = bytearray()
    for c in codes:
        acc |= c << nbits
        nbits += m + 1
        while nbits >= 8:
            data.append(acc & 255)
            acc >>= 8
            nbits -= 8
    if nbits:
        data.append(acc & 255)
    blocks = b"".join(bytes([len(data[i:i + 255])]) + bytes(data[i:i + 255])
                      for i in range(0, len(data), 255))
    return bytes([m]) + blocks + b"\0"


def gif_map(colours):
    """(flag bits, table bytes) for a colour map padded to a power of two."""
    n = 1
    while (1 << n) < len(colours):
        n += 1
    table = b"".join(bytes(c) for c in colours) + bytes(3 * ((1 << n) - len(colours)))
    return 0x80 | (n - 1), table, n


def gif_bytes(sw, sh, gmap, frames):
    """A GIF89a; each frame is (left, top, w, h, interlace, local map or
    None, transparent index or None, indexes)."""
    import struct
    out = b"GIF89a"
    bits = 1
    if gmap:
        flags, table, bits = gif_map(gmap)
        out += struct.pack("<HHBBB", sw, sh, flags, 0, 0) + table
    else:
        out += struct.pack("<HHBBB", sw, sh, 0, 0, 0)
    out += b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00" if len(frames) > 1 else b""
    for left, top, w, h, interlace, lmap, transparent, idx in frames:
        if transparent is not None:
            out += b"\x21\xf9\x04\x01\x0a\x00" + bytes([transparent]) + b"\x00"
        flags, table, fbits = (gif_map(lmap) if lmap else (0, b"", bits))
        out += b"\x2c" + struct.pack("<HHHHB", left, top, w, h, flags | (0x40 if interlace else 0))
        out += table + gif_lzw(idx, fbits)
    return out + b"\x3b"


def gif_seeds():
    four = [(255, 0, 0), (0, 0, 255), (0, 160, 0), (250, 250, 250)]
    px = lambda n, k: [(i * 7 + i // 3) % k for i in range(n)]
    return [
        gif_bytes(7, 5, four, [(0, 0, 7, 5, 0, None, None, px(35, 4))]),
        gif_bytes(9, 6, four, [(2, 1, 4, 3, 0, [(9, 9, 9), (200, 100, 0)], 1, px(12, 2))]),
        gif_bytes(5, 9, four, [(0, 0, 5, 9, 1, None, 3, px(45, 4))]),
        gif_bytes(6, 4, four, [(0, 0, 6, 4, 0, None, 0, px(24, 4)),
                               (1, 1, 3, 2, 0, None, None, px(6, 4))]),
        gif_bytes(4, 4, None, [(0, 0, 4, 4, 0, None, None, px(16, 4))]),
        gif_bytes(4, 4, four, [(3, 3, 4, 4, 0, None, None, px(16, 4))]),
    ]


def png_seeds(top, out):
    os.makedirs(out, exist_ok=True)
    found = []
    for root in ("tests", "lessons"):
        for dirpath, dirnames, files in os.walk(os.path.join(top, root)):
            for f in files:
                data = read(os.path.join(dirpath, f))
                if f.endswith(".png") and data.startswith(b"\x89PNG") and len(data) <= MAX_SEED:
                    found.append(data)
    for ctype, depths in ((0, (1, 2, 4, 8, 16)), (2, (8, 16)), (3, (1, 2, 4, 8)),
                          (4, (8, 16)), (6, (8, 16))):
        for depth in depths:
            for interlace in (0, 1):
                found.append(png_small(9, 7, depth, ctype, interlace))
    found.append(png_small(9, 7, 8, 3, 0, png_chunk(b"tRNS", bytes(range(0, 255, 16)))))
    found.append(png_small(9, 7, 16, 2, 0, png_chunk(b"tRNS", bytes(6))))
    found.append(png_small(9, 7, 4, 0, 1, png_chunk(b"tRNS", b"\0\5")))
    for s in found:
        with open(os.path.join(out, hashlib.sha1(s).hexdigest()), "wb") as fh:
            fh.write(s)
    print("%d seeds in %s" % (len(found), out))


def main(argv):
    if argv[1] == "seeds":
        seeds(os.getcwd(), argv[2])
    elif argv[1] == "html-seeds":
        html_seeds(os.getcwd(), argv[2])
    elif argv[1] == "png-seeds":
        png_seeds(os.getcwd(), argv[2])
    elif argv[1] == "unpack":
        unpack(read(argv[2]), argv[3])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
