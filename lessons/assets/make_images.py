#!/usr/bin/env python3
"""Draw the sample course's covers and diagrams with ImageMagick.

The images in this folder are generated, not hand-edited, so that anyone can
see how they were made and redraw them at another size or palette. Run from
the repository root: python3 lessons/assets/make_images.py
The output is deterministic apart from ImageMagick's own metadata, which is
stripped.
"""
import math
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
FONTS = os.path.join(HERE, "..", "..", "fonts")
BOLD = os.path.join(FONTS, "LiberationSans-Bold.ttf")
REG = os.path.join(FONTS, "LiberationSans-Regular.ttf")
MONO = os.path.join(FONTS, "LiberationMono-Bold.ttf")
SERIF = os.path.join(FONTS, "LiberationSerif-Bold.ttf")

W, H = 960, 540

# One palette per section of the course: (dark, light, accent).
SECTIONS = {
    "Overview": ("#3b1f14", "#b7410e", "#f5d0a9"),
    "Setting Up": ("#1f2a3b", "#35618f", "#cfe0f2"),
    "Basics": ("#24331f", "#4f7a3a", "#dcebc8"),
    "Tools": ("#2e1f3b", "#6a4592", "#e2d4f0"),
    "Pico": ("#3b1f2a", "#a3365f", "#f4cddb"),
}

LESSONS = [
    # number, short title, section, format
    (2, "Rust and Python", "Setting Up", "png"),
    (3, "Rust Basics", "Basics", "jpg"),
    (4, "Ownership", "Basics", "png"),
    (5, "Structs & Enums", "Basics", "jpg"),
    (6, "Error Handling", "Basics", "png"),
    (7, "Collections", "Basics", "jpg"),
    (8, "Concurrency", "Tools", "png"),
    (9, "Ecosystem", "Tools", "jpg"),
    (10, "A Web App", "Tools", "png"),
    (11, "Rust on the Pico", "Pico", "jpg"),
    (12, "Summary", "Pico", "png"),
    (13, "Cargo", "Pico", "jpg"),
    (14, "Watch & Read", "Pico", "png"),
]


def gear(cx, cy, r_out, r_in, teeth):
    """Points of a gear outline: flat-topped teeth around a circle."""
    pts = []
    step = 2 * math.pi / teeth
    for i in range(teeth):
        a = i * step
        for da, r in ((0.0, r_in), (0.12, r_out), (0.38, r_out), (0.5, r_in)):
            t = a + da * step * 1.0
            pts.append((cx + r * math.cos(t), cy + r * math.sin(t)))
    return " ".join("%.1f,%.1f" % p for p in pts)


def run(args):
    subprocess.run(["convert"] + args, check=True)


def out(name):
    return os.path.join(HERE, name)


def finish(name, extra=()):
    """Common output options: no timestamps, small files."""
    opts = ["-strip", "-define", "png:exclude-chunks=date,time"]
    if name.endswith(".jpg"):
        opts += ["-quality", "78", "-sampling-factor", "4:2:0", "-interlace", "none"]
    else:
        opts += ["-depth", "8", "-define", "png:compression-level=9"]
    return list(extra) + opts + [out(name)]


def cover(name, number, title, section, fmt):
    dark, light, accent = SECTIONS[section]
    if fmt == "jpg":
        bg = ["-size", "%dx%d" % (W, H), "gradient:%s-%s" % (light, dark),
              "-rotate", "0"]
    else:
        # Flat bands compress far better in PNG than a smooth gradient.
        bg = ["-size", "%dx%d" % (W, H), "xc:%s" % dark,
              "-fill", light, "-draw", "polygon 0,0 %d,0 %d,%d 0,%d" % (W * 0.62, W * 0.42, H, H)]
    g1 = gear(W * 0.74, H * 0.50, 190, 150, 12)
    g2 = gear(W * 0.74, H * 0.50, 70, 55, 8)
    draw = [
        "-fill", "none", "-stroke", accent, "-strokewidth", "10",
        "-draw", "polygon " + g1,
        "-strokewidth", "6", "-draw", "polygon " + g2,
        "-stroke", "none", "-fill", accent,
        "-font", BOLD, "-pointsize", "150",
        "-annotate", "+60+300", "%02d" % number if number else "Rust",
        "-font", REG, "-pointsize", "40",
        "-annotate", "+66+380", title,
        "-font", REG, "-pointsize", "22",
        "-annotate", "+68+70", "INTRODUCTION TO RUST  \u2014  %s" % section.upper(),
        "-fill", accent, "-draw", "rectangle 66,410 226,416",
    ]
    extra = ["+dither", "-colors", "48"] if fmt == "png" else []
    run(bg + draw + finish(name, extra))


def course_cover():
    dark, light, accent = "#2b1a12", "#b7410e", "#f7e3cf"
    g = gear(W * 0.5, H * 0.40, 150, 118, 14)
    g2 = gear(W * 0.5, H * 0.40, 52, 40, 8)
    run(["-size", "%dx%d" % (W, H), "xc:" + dark,
         "-fill", light, "-draw", "rectangle 0,%d %d,%d" % (H * 0.72, W, H),
         "-fill", "none", "-stroke", accent, "-strokewidth", "12", "-draw", "polygon " + g,
         "-strokewidth", "8", "-draw", "polygon " + g2,
         "-stroke", "none", "-fill", accent, "-font", SERIF, "-pointsize", "64",
         "-gravity", "south", "-annotate", "+0+70", "Introduction to Rust",
         "-font", REG, "-pointsize", "24", "-annotate", "+0+30",
         "A short course \u2014 from first program to the Raspberry Pi Pico",
         ] + finish("cover.png", ["+dither", "-colors", "32"]))


def gear_logo():
    """A transparent gear badge, used inline in the first lesson."""
    s = 256
    g = gear(s / 2, s / 2, 118, 92, 12)
    run(["-size", "%dx%d" % (s, s), "xc:none",
         "-fill", "#b7410e", "-stroke", "#3b1f14", "-strokewidth", "4",
         "-draw", "polygon " + g,
         "-fill", "none", "-stroke", "#f5d0a9", "-strokewidth", "10",
         "-draw", "circle %d,%d %d,%d" % (s / 2, s / 2, s / 2 + 40, s / 2),
         "-stroke", "none", "-fill", "#f5d0a9", "-font", BOLD, "-pointsize", "56",
         "-gravity", "center", "-annotate", "+0+0", "rs",
         ] + finish("gear.png"))


def box(x, y, w, h, fill, stroke="#333333"):
    return ["-fill", fill, "-stroke", stroke, "-strokewidth", "3",
            "-draw", "roundrectangle %d,%d %d,%d 12,12" % (x, y, x + w, y + h)]


def text(x, y, s, size=24, font=MONO, fill="#222222"):
    return ["-stroke", "none", "-fill", fill, "-font", font, "-pointsize", str(size),
            "-annotate", "+%d+%d" % (x, y), s]


def arrow(x1, y1, x2, y2, colour="#b7410e", dashed=False):
    ang = math.atan2(y2 - y1, x2 - x1)
    hx1 = x2 - 18 * math.cos(ang - 0.4)
    hy1 = y2 - 18 * math.sin(ang - 0.4)
    hx2 = x2 - 18 * math.cos(ang + 0.4)
    hy2 = y2 - 18 * math.sin(ang + 0.4)
    a = ["-stroke", colour, "-strokewidth", "4", "-fill", "none"]
    if dashed:
        a += ["-draw", "stroke-dasharray 10 8 line %d,%d %d,%d" % (x1, y1, x2, y2)]
    else:
        a += ["-draw", "line %d,%d %d,%d" % (x1, y1, x2, y2)]
    a += ["-fill", colour, "-draw", "polygon %d,%d %.0f,%.0f %.0f,%.0f" % (x2, y2, hx1, hy1, hx2, hy2)]
    return a


def ownership_diagram():
    """Stack and heap after `let s2 = s1;` — transparent background PNG."""
    w, h = 900, 440
    a = ["-size", "%dx%d" % (w, h), "xc:none"]
    a += text(40, 40, "stack", 26, BOLD, "#555555") + text(560, 40, "heap", 26, BOLD, "#555555")

    def variable(y, name, fill, stroke, ink):
        """A String on the stack: its name, then the ptr/len/cap fields."""
        v = box(40, y, 300, 165, fill, stroke)
        v += text(60, y + 35, name, 24, BOLD if ink == "#222222" else MONO, ink)
        for i, (field, value) in enumerate((("ptr", ""), ("len", "5"), ("cap", "5"))):
            v += text(70, y + 75 + i * 35, field, 22, MONO, ink)
            v += text(170, y + 75 + i * 35, value, 22, MONO, ink)
        v += ["-fill", ink, "-stroke", "none",
              "-draw", "circle 178,%d 178,%d" % (y + 68, y + 74)]
        return v

    a += variable(60, "s1  (moved)", "#eeeeee", "#aaaaaa", "#999999")
    a += variable(255, "s2", "#f5d0a9", "#333333", "#222222")
    # The heap buffer: five bytes.
    for i, ch in enumerate("hello"):
        a += box(560 + i * 62, 215, 56, 70, "#ffffff")
        a += text(578 + i * 62, 262, ch, 30)
    a += arrow(178, 128, 560, 235, "#aaaaaa", dashed=True)
    a += arrow(178, 323, 560, 265)
    run(a + finish("ownership.png"))


def borrow_diagram():
    """One owner, several shared borrows or one mutable borrow (JPEG)."""
    w, h = 900, 380
    a = ["-size", "%dx%d" % (w, h), "xc:#fbf8f3"]
    a += text(40, 45, "either many readers \u2026", 26, BOLD, "#3b1f14")
    a += text(480, 45, "\u2026 or one writer", 26, BOLD, "#3b1f14")
    a += box(150, 250, 200, 80, "#f5d0a9") + text(195, 300, "owner", 26)
    for i, x in enumerate((40, 170, 300)):
        a += box(x, 80, 110, 60, "#dcebc8") + text(x + 30, 120, "&T", 26)
        a += arrow(x + 55, 140, 250, 250, "#4f7a3a")
    a += box(590, 250, 200, 80, "#f5d0a9") + text(635, 300, "owner", 26)
    a += box(610, 80, 160, 60, "#f4cddb") + text(635, 120, "&mut T", 26)
    a += arrow(690, 140, 690, 250, "#a3365f")
    a += ["-stroke", "#cccccc", "-strokewidth", "2", "-draw", "line 450,70 450,350"]
    run(a + finish("borrowing.jpg"))


def channel_diagram():
    """Two producer threads sending into one receiver through mpsc (PNG)."""
    w, h = 900, 330
    a = ["-size", "%dx%d" % (w, h), "xc:white"]
    a += box(30, 40, 220, 80, "#e2d4f0") + text(55, 90, "thread 1 (tx)", 22)
    a += box(30, 210, 220, 80, "#e2d4f0") + text(55, 260, "thread 2 (tx)", 22)
    a += box(340, 125, 260, 80, "#ffffff") + text(375, 160, "channel queue", 22)
    for i in range(4):
        a += box(380 + i * 50, 180, 34, 16, "#6a4592", "#6a4592")
    a += box(690, 125, 190, 80, "#f5d0a9") + text(715, 175, "main (rx)", 22)
    a += arrow(250, 80, 340, 150, "#6a4592") + arrow(250, 250, 340, 180, "#6a4592")
    a += arrow(600, 165, 690, 165, "#b7410e")
    run(a + finish("channels.png", ["+dither", "-colors", "32"]))


def webapp_diagram():
    """Request flow through the project's web app (JPEG)."""
    w, h = 900, 240
    a = ["-size", "%dx%d" % (w, h), "xc:#f6f7fb"]
    names = [("browser", "#cfe0f2"), ("router", "#e2d4f0"), ("handler", "#dcebc8"), ("SQLite", "#f5d0a9")]
    for i, (n, c) in enumerate(names):
        x = 30 + i * 220
        a += box(x, 80, 170, 80, c) + text(x + 30, 130, n, 24)
        if i:
            a += arrow(x - 50, 120, x, 120)
    a += text(260, 215, "GET /notes  \u2192  list_notes()  \u2192  SELECT \u2026", 20, MONO, "#555555")
    run(a + finish("webapp.jpg"))


def pico_diagram():
    """A stylised Pico board with the on-board LED on GP25 (PNG, transparent)."""
    w, h = 700, 300
    a = ["-size", "%dx%d" % (w, h), "xc:none"]
    a += box(60, 60, 560, 180, "#2e7d32", "#1b4d1f")
    for i in range(20):
        x = 80 + i * 27
        a += ["-fill", "#e0c060", "-stroke", "none", "-draw", "circle %d,72 %d,78" % (x, x)]
        a += ["-fill", "#e0c060", "-draw", "circle %d,228 %d,234" % (x, x)]
    a += box(250, 110, 120, 90, "#222222", "#000000") + text(268, 162, "RP2040", 18, BOLD, "#dddddd")
    a += box(20, 120, 60, 60, "#bbbbbb", "#777777")
    a += ["-fill", "#7CFC00", "-stroke", "#335533", "-strokewidth", "2", "-draw", "circle 470,150 470,164"]
    a += text(440, 200, "LED (GP25)", 18, BOLD, "#ffffff")
    a += text(26, 112, "USB", 16, BOLD, "#ffffff")
    run(a + finish("pico.png", ["+dither", "-colors", "48"]))


def main():
    course_cover()
    gear_logo()
    for number, title, section, fmt in LESSONS:
        cover("%02d.%s" % (number, fmt), number, title, section, fmt)
    ownership_diagram()
    borrow_diagram()
    channel_diagram()
    webapp_diagram()
    pico_diagram()


if __name__ == "__main__":
    main()
