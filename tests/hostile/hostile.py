#!/usr/bin/env python3
"""hostile.py — helpers for the hostile-input suite (tests/t-hostile.sh).

The hostile cases need binary files (images that lie about their size,
images cut short, a "secret" image outside the course) and an inspection of
what octavo wrote (nothing from outside the course, no active content in the
EPUB). Both are easier with Python's standard library than with sh, and
keeping them here means no binary file is committed.

Subcommands:
  secrets DIR                     write DIR/secret.{md,txt,yml,png,svg}
  png OUT W H [TEXT]              a valid W×H RGB PNG (with a tEXt chunk)
  png-claim OUT W H               IHDR says W×H, then a tiny IDAT and IEND
  png-corrupt OUT                 a PNG signature and IHDR, then garbage
  jpeg-claim OUT W H              a JPEG whose SOF0 says W×H, no real scan
  jpeg-corrupt OUT                SOI and garbage
  gif-claim OUT W H               the screen says W×H, the one frame is 1×1
  gif-corrupt OUT                 a good screen and frame header, then
                                  LZW data that is garbage and never ends
  check SECRETDIR FILE...         inspect outputs; print one problem a line
"""
import os
import re
import struct
import sys
import zipfile
import zlib
import xml.etree.ElementTree as ET

MARKER = b"SECRET-OUTSIDE-COURSE-5f1c9a"
SECRET_W, SECRET_H = 37, 23  # a size no course image has


def chunk(kind, data):
    c = struct.pack(">I", len(data)) + kind + data
    return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bytes(w, h, text=None):
    # one filter byte per row, then 3 bytes per pixel
    rows = []
    for y in range(h):
        row = bytearray(b"\0")
        for x in range(w):
            row += bytes(((x * 7 + y * 3) % 256, (x * 5) % 256, (y * 11) % 256))
        rows.append(bytes(row))
    raw = b"".join(rows)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    if text:
        out += chunk(b"tEXt", b"Comment\0" + text)
    out += chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    return out


def png_claim(w, h):
    ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + ihdr + chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + chunk(b"IEND", b"")


def png_corrupt():
    ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0))
    # a correct header, then an IDAT whose length runs past the file end and
    # whose contents are not zlib data
    return b"\x89PNG\r\n\x1a\n" + ihdr + struct.pack(">I", 0x7FFFFFF0) + b"IDAT" + bytes(range(256)) * 3


def jpeg_claim(w, h):
    soi = b"\xff\xd8"
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, h, w, 3) + \
        b"\x01\x11\x00\x02\x11\x01\x03\x11\x01"
    return soi + app0 + sof0 + b"\xff\xd9"


def jpeg_corrupt():
    return b"\xff\xd8\xff\xe0\x00\x02" + bytes((i * 37) % 256 for i in range(600))


def gif_head(w, h):
    # screen W×H with a two-colour global map (flags 0x80: map of 2)
    return b"GIF89a" + struct.pack("<HHBBB", w, h, 0x80, 0, 0) + b"\0\0\0\xff\xff\xff"


def gif_claim(w, h):
    # one 1×1 frame at the corner: LZW code size 2, then clear, 0, end
    frame = b"\x2c" + struct.pack("<HHHHB", 0, 0, 1, 1, 0) + b"\x02\x02\x44\x01\x00"
    return gif_head(w, h) + frame + b"\x3b"


def gif_corrupt():
    frame = b"\x2c" + struct.pack("<HHHHB", 0, 0, 64, 64, 0) + b"\x02"
    return gif_head(64, 64) + frame + b"\xff" + bytes((i * 91 + 7) % 256 for i in range(255))


def secrets(d):
    os.makedirs(d, exist_ok=True)
    text = b"# Outside\n\nThis file is outside the course: " + MARKER + b"\n"
    for name in ("secret.md", "secret.txt"):
        with open(os.path.join(d, name), "wb") as f:
            f.write(b"---\ntitle: Secret " + MARKER + b"\n---\n" + text if name.endswith(".md") else text)
    with open(os.path.join(d, "secret.yml"), "wb") as f:
        f.write(b"- name: Secret " + MARKER + b"\n  content:\n  - section:\n      name: S\n      content:\n      - secret.md\n")
    with open(os.path.join(d, "secret.png"), "wb") as f:
        f.write(png_bytes(SECRET_W, SECRET_H, MARKER))
    with open(os.path.join(d, "secret.svg"), "wb") as f:
        f.write(b'<svg xmlns="http://www.w3.org/2000/svg" width="37" height="23"><text>' + MARKER + b"</text></svg>\n")


# --- inspection of outputs -------------------------------------------------

XHTML_NS = re.compile(r"^\{[^}]*\}")
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "cite"}


def local(name):
    return XHTML_NS.sub("", name)


def check_markup(name, data, problems):
    """Active content in an XML document of the EPUB."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        problems.append("%s is not well-formed XML (%s)" % (name, e))
        return
    if re.search(rb"<\s*script", data, re.I):
        problems.append("%s contains '<script'" % name)
    for el in root.iter():
        tag = local(el.tag).lower() if isinstance(el.tag, str) else ""
        if tag in ("script", "iframe", "object", "embed", "form", "frame", "frameset", "applet", "base"):
            problems.append("%s has a <%s> element" % (name, tag))
        if tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            problems.append("%s has a meta refresh" % name)
        for k, v in el.attrib.items():
            lk = local(k).lower()
            if lk.startswith("on"):
                problems.append("%s has an event attribute %s=" % (name, lk))
            squeezed = re.sub(r"[\s\x00-\x1f]", "", v).lower()
            if lk in URL_ATTRS or k.endswith("}href"):
                if squeezed.startswith(("javascript:", "vbscript:", "data:text/html")):
                    problems.append("%s has %s=%r" % (name, lk, v[:40]))


def check_epub(path, secret_png, problems):
    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        problems.append("%s is not a zip file" % path)
        return
    with z:
        names = z.namelist()
        if not names or names[0] != "mimetype":
            problems.append("%s: mimetype is not the first entry" % path)
        bad = z.testzip()
        if bad:
            problems.append("%s: entry %s fails its CRC" % (path, bad))
        for n in names:
            data = z.read(n)
            if MARKER in data:
                problems.append("%s: %s holds text from outside the course" % (path, n))
            if data == secret_png:
                problems.append("%s: %s is the image from outside the course" % (path, n))
            if n.endswith((".xhtml", ".html", ".htm", ".svg", ".opf", ".ncx", ".xml")):
                check_markup("%s:%s" % (os.path.basename(path), n), data, problems)
            if n.endswith((".xhtml", ".html")):
                ids = re.findall(rb'\sid="([^"]*)"', data)
                if len(ids) != len(set(ids)):
                    problems.append("%s: %s has duplicate ids" % (path, n))


STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def check_pdf(path, problems):
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(b"%PDF-"):
        problems.append("%s does not start with %%PDF-" % path)
        return
    if MARKER in data:
        problems.append("%s holds text from outside the course" % path)
    for m in STREAM.finditer(data):
        try:
            plain = zlib.decompress(m.group(1))
        except zlib.error:
            continue
        if MARKER in plain:
            problems.append("%s: a stream holds text from outside the course" % path)
            break
    if re.search(rb"/Width %d\s*/Height %d|/Height %d\s*/Width %d" % (SECRET_W, SECRET_H, SECRET_H, SECRET_W), data):
        problems.append("%s embeds the image from outside the course" % path)
    if re.search(rb"/JavaScript|/JS\s*[(<]|/Launch", data):
        problems.append("%s has a JavaScript or Launch action" % path)


def check(secret_dir, files):
    with open(os.path.join(secret_dir, "secret.png"), "rb") as f:
        secret_png = f.read()
    problems = []
    for p in files:
        if not os.path.isfile(p):
            continue
        with open(p, "rb") as f:
            head = f.read(32)
        if head.startswith(b"PREVIOUS-GOOD-OUTPUT"):
            continue
        if p.endswith(".epub"):
            check_epub(p, secret_png, problems)
        elif p.endswith(".pdf"):
            check_pdf(p, problems)
    for pr in problems:
        print(pr)
    return 1 if problems else 0


def main(argv):
    cmd = argv[1]
    if cmd == "secrets":
        secrets(argv[2])
        return 0
    if cmd == "check":
        return check(argv[2], argv[3:])
    out = argv[2]
    if cmd == "png":
        data = png_bytes(int(argv[3]), int(argv[4]), argv[5].encode() if len(argv) > 5 else None)
    elif cmd == "png-claim":
        data = png_claim(int(argv[3]), int(argv[4]))
    elif cmd == "png-corrupt":
        data = png_corrupt()
    elif cmd == "jpeg-claim":
        data = jpeg_claim(int(argv[3]), int(argv[4]))
    elif cmd == "jpeg-corrupt":
        data = jpeg_corrupt()
    elif cmd == "gif-claim":
        data = gif_claim(int(argv[3]), int(argv[4]))
    elif cmd == "gif-corrupt":
        data = gif_corrupt()
    else:
        print("hostile.py: unknown command " + cmd, file=sys.stderr)
        return 2
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    with open(out, "wb") as f:
        f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
