#!/usr/bin/env python3
"""tests/pdftags.py — read a tagged PDF's structure through `qpdf --json`
and check it, for tests/t-tagged.sh. Each check prints "ok NAME" or
"not ok NAME: why" (NAME prefixed with the book's label).

  pdftags.py check LABEL PDF TOC_JSON LANG [MARKDOWN_DIR]
  pdftags.py dump PDF            the tree, one element a line

TOC_JSON is `octavo toc --json`'s output for the same course: each lesson's
title (H1) and headings, with the levels both books use. MARKDOWN_DIR,
when given, is the lessons' folder: their images' alt texts, in order,
must be the Figures' /Alt."""
import base64, json, os, re, subprocess, sys

STANDARD = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct
Private H H1 H2 H3 H4 H5 H6 P L LI Lbl LBody Table TR TH TD THead TBody TFoot
Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP
Figure Formula Form""".split())


class Pdf:
    def __init__(self, path):
        out = subprocess.run(["qpdf", "--json", "--json-stream-data=inline",
                              "--decode-level=generalized", path],
                             check=True, capture_output=True).stdout
        j = json.loads(out)["qpdf"][1]
        self.obj = {}
        self.data = {}
        for k, v in j.items():
            if not k.startswith("obj:"):
                if k == "trailer":
                    self.trailer = v["value"]
                continue
            ref = k[4:]
            if "stream" in v:
                self.obj[ref] = v["stream"]["dict"]
                d = v["stream"].get("data")
                self.data[ref] = base64.b64decode(d) if d else None
            else:
                self.obj[ref] = v["value"]
        self.cat = self.get(self.trailer["/Root"])
        self.pages = []
        self._pages(self.cat["/Pages"])

    def get(self, v):
        return self.obj.get(v) if isinstance(v, str) and v.endswith(" R") else v

    def _pages(self, ref):
        d = self.get(ref)
        if d.get("/Type") == "/Pages":
            for k in d["/Kids"]:
                self._pages(k)
        else:
            self.pages.append(ref)

    def stream(self, ref):
        return self.data.get(ref) or b""


def text(v):
    if isinstance(v, str) and v.startswith("u:"):
        return v[2:]
    if isinstance(v, str) and v.startswith("b:"):
        return bytes.fromhex(v[2:]).decode("latin-1")
    return v


TOKEN = re.compile(rb"\s*(?:(%[^\r\n]*)|(\()|(<<|>>|\[|\])|(<[0-9A-Fa-f\s]*>)|(/[^\s/\[\]()<>{}%]*)|([^\s/\[\]()<>{}%]+))")


def content_tokens(b):
    """Operands and operators of a content stream; strings as b'()'."""
    i, n = 0, len(b)
    while i < n:
        m = TOKEN.match(b, i)
        if not m or m.end() == i:
            i += 1
            continue
        if m.group(2):  # a literal string, with nesting and escapes
            depth, j = 1, m.end()
            while j < n and depth:
                c = b[j]
                if c == 0x5C:
                    j += 2
                    continue
                depth += c == 0x28
                depth -= c == 0x29
                j += 1
            yield b"()"
            i = j
            continue
        i = m.end()
        if m.group(1):
            continue
        yield m.group(0).strip()


def page_marks(b):
    """Per page: MCIDs (with their tags), and content shown outside any
    marked-content sequence (count)."""
    stack, operands, mcids, loose = [], [], [], 0
    for t in content_tokens(b):
        if t in (b"BDC", b"BMC"):
            tag = operands[0] if operands else b"?"
            mcid = None
            if t == b"BDC":
                for k in range(len(operands) - 1):
                    if operands[k] == b"/MCID":
                        mcid = int(operands[k + 1])
            stack.append((tag, mcid))
            if mcid is not None:
                mcids.append((mcid, tag.decode()[1:]))
            operands = []
        elif t == b"EMC":
            if stack:
                stack.pop()
            operands = []
        elif t in (b"Tj", b"TJ", b"'", b'"', b"Do", b"f", b"S", b"B", b"f*"):
            if not stack:
                loose += 1
            operands = []
        elif t[:1].isalpha() and t not in (b"true", b"false", b"null"):
            operands = []
        else:
            operands.append(t)
    return mcids, loose


class Tree:
    """The structure tree in order: elements as (ref, depth)."""

    def __init__(self, pdf):
        self.pdf = pdf
        self.elems = []
        self.parent = {}
        root = pdf.get(pdf.cat.get("/StructTreeRoot"))
        self.root = root
        if root:
            stack = [(k, 0, None) for k in reversed(self.kids(root))]
            while stack:
                k, depth, par = stack.pop()
                d = pdf.get(k)
                if not isinstance(d, dict) or "/S" not in d:
                    continue
                self.elems.append((k, depth))
                self.parent[k] = par
                for c in reversed(self.kids(d)):
                    stack.append((c, depth + 1, k))

    @staticmethod
    def kids(d):
        k = d.get("/K", [])
        return k if isinstance(k, list) else [k]

    def type(self, ref):
        return self.pdf.get(ref)["/S"][1:]

    def content(self, ref):
        """(page ref, mcid) and ('annot', ref) of an element, directly."""
        d = self.pdf.get(ref)
        pg = d.get("/Pg")
        for k in self.kids(d):
            if isinstance(k, int):
                yield (pg, k)
            elif isinstance(k, dict) and k.get("/Type") == "/MCR":
                yield (k.get("/Pg", pg), k["/MCID"])
            elif isinstance(k, dict) and k.get("/Type") == "/OBJR":
                yield ("annot", k["/Obj"])


def parent_tree(pdf, root):
    nums = {}
    def walk(ref):
        d = pdf.get(ref)
        n = d.get("/Nums", [])
        for i in range(0, len(n), 2):
            nums[n[i]] = n[i + 1]
        for k in d.get("/Kids", []):
            walk(k)
    if root and "/ParentTree" in root:
        walk(root["/ParentTree"])
    return nums


class Checker:
    def __init__(self, label):
        self.label = label

    gate = None  # why no rule can hold (not a tagged PDF), or None

    def say(self, name, problems):
        if self.gate and (name.startswith("pdfua/") or name.startswith("tags/")):
            problems = [self.gate] + problems
        if problems:
            print("not ok %s/%s: %s" % (self.label, name, "; ".join(problems[:3])[:400]))
        else:
            print("ok %s/%s" % (self.label, name))


def check_catalog(c, pdf, lang):
    cat = pdf.cat
    c.say("pdfua/7.1-marked-true",
          [] if cat.get("/MarkInfo", {}).get("/Marked") is True else ["no /MarkInfo /Marked true"])
    c.say("pdfua/7.1-struct-tree-root",
          [] if pdf.get(cat.get("/StructTreeRoot")) else ["no /StructTreeRoot"])
    vp = cat.get("/ViewerPreferences", {})
    title = text(pdf.get(pdf.trailer.get("/Info", "")) and pdf.get(pdf.trailer["/Info"]).get("/Title"))
    p = [] if vp.get("/DisplayDocTitle") is True else ["no /ViewerPreferences /DisplayDocTitle true"]
    if not title:
        p.append("no /Title in the info dictionary")
    c.say("pdfua/7.1-displaydoctitle", p)
    got = text(cat.get("/Lang"))
    c.say("pdfua/7.2-lang", [] if got == lang else ["catalog /Lang %r, want %r" % (got, lang)])
    meta = cat.get("/Metadata")
    d = pdf.get(meta) or {}
    x = pdf.stream(meta).decode("utf-8", "replace") if meta else ""
    p = []
    if d.get("/Type") != "/Metadata" or d.get("/Subtype") != "/XML":
        p.append("no /Metadata stream of /Type /Metadata /Subtype /XML")
    if "/Filter" in d:
        p.append("the metadata stream is compressed")
    if not re.search(r"<pdfuaid:part>1</pdfuaid:part>", x):
        p.append("no pdfuaid:part 1 in the XMP")
    if not title or "<dc:title>" not in x or ">%s<" % title.replace("&", "&amp;").replace("<", "&lt;") not in x:
        p.append("dc:title is not the document's title")
    c.say("pdfua/5-xmp-pdfuaid", p)


def check_types(c, tree):
    bad = sorted({tree.type(r) for r, _ in tree.elems} - STANDARD)
    c.say("tags/standard-types", ["not standard: " + ", ".join(bad)] if bad else
          ([] if tree.elems else ["no structure elements"]))


def check_marks(c, pdf, tree):
    """Each page's MCIDs once each in the ParentTree, which names the
    element that lists that page and MCID; nothing drawn outside marked
    content; every link annotation in the tree through an OBJR."""
    nums = parent_tree(pdf, tree.root)
    owner = {}
    for r, _ in tree.elems:
        for pg, m in tree.content(r):
            owner.setdefault((pg, m), []).append(r)
    p_tree, p_loose, p_annot, p_tabs, p_contents = [], [], [], [], []
    n_mcid = 0
    for i, pref in enumerate(pdf.pages):
        page = pdf.get(pref)
        conts = page.get("/Contents", [])
        conts = conts if isinstance(conts, list) else [conts]
        mcids, loose = page_marks(b"\n".join(pdf.stream(x) for x in conts))
        if loose:
            p_loose.append("page %d: %d operators outside marked content" % (i + 1, loose))
        n_mcid += len(mcids)
        ids = [m for m, _ in mcids]
        if len(set(ids)) != len(ids):
            p_tree.append("page %d: an MCID used twice" % (i + 1))
        if mcids:
            row = nums.get(page.get("/StructParents"))
            if not isinstance(row, list):
                p_tree.append("page %d: no ParentTree entry" % (i + 1))
                continue
            for m, tag in mcids:
                el = row[m] if m < len(row) else None
                if not el or owner.get((pref, m)) != [el]:
                    p_tree.append("page %d MCID %d: not its element's, or listed %d times"
                                  % (i + 1, m, len(owner.get((pref, m), []))))
                elif tree.type(el) != tag:
                    p_tree.append("page %d MCID %d: marked %s, element %s" % (i + 1, m, tag, tree.type(el)))
        annots = [a for a in page.get("/Annots", []) if pdf.get(a).get("/Subtype") == "/Link"]
        if annots and page.get("/Tabs") != "/S":
            p_tabs.append("page %d has links but no /Tabs /S" % (i + 1))
        for a in annots:
            ad = pdf.get(a)
            el = nums.get(ad.get("/StructParent"))
            if not el or owner.get(("annot", a)) != [el] or tree.type(el) != "Link":
                p_annot.append("page %d: a link annotation outside a Link element" % (i + 1))
            if not text(ad.get("/Contents")):
                p_contents.append("page %d: a link annotation without /Contents" % (i + 1))
    if not n_mcid:
        p_tree.append("no marked content with an MCID")
    c.say("tags/mcid-in-parent-tree", p_tree)
    c.say("pdfua/7.1-content-marked", p_loose)
    c.say("pdfua/7.18.1-annot-in-tree", p_annot)
    c.say("pdfua/7.18.1-annot-contents", p_contents)
    c.say("pdfua/7.18.3-tabs-s", p_tabs)
    for i, pref in enumerate(pdf.pages):
        if pdf.get(pref).get("/Tabs") != "/S":
            c.say("pdfua/7.18.3-tabs-every-page", ["page %d has no /Tabs /S" % (i + 1)])
            break
    else:
        c.say("pdfua/7.18.3-tabs-every-page", [])


def lessons_in_tree(tree):
    """Each lesson's Sect (a Sect under a Part) with its heading levels in
    order, leaving out headings inside block quotes (octavo toc lists
    none of those)."""
    out = []
    for r, depth in tree.elems:
        if tree.type(r) == "Sect" and tree.parent.get(r) and tree.type(tree.parent[r]) == "Part":
            out.append([r, []])
        elif out and re.fullmatch(r"H[1-6]", tree.type(r)) and in_sect(tree, r, out[-1][0]) \
                and not in_type(tree, r, "BlockQuote"):
            out[-1][1].append(int(tree.type(r)[1]))
    return out


def in_sect(tree, r, sect):
    while r:
        if r == sect:
            return True
        r = tree.parent.get(r)
    return False


def in_type(tree, r, t):
    r = tree.parent.get(r)
    while r:
        if tree.type(r) == t:
            return True
        r = tree.parent.get(r)
    return False


def markdown_levels(path, title):
    """The ATX headings' levels of a lesson, outside code and quotes; a
    first # that repeats the title is the title."""
    levels, fence = [], None
    for line in open(path, encoding="utf-8"):
        m = re.match(r" {0,3}(`{3,}|~{3,})", line)
        if m:
            if fence is None:
                fence = m.group(1)[0]
            elif m.group(1)[0] == fence:
                fence = None
            continue
        m = re.match(r" {0,3}(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if fence is None and m:
            levels.append((len(m.group(1)), m.group(2)))
    if levels and levels[0][0] == 1 and levels[0][1].lower() == title.lower():
        levels = levels[1:]
    return [lv for lv, _ in levels]


def check_headings(c, tree, toc, md):
    want, files = [], []
    for s in toc["sections"]:
        for l in s["lessons"]:
            want.append([1] + [h["level"] for h in l["headings"]])
            files.append((l["file"], l["title"]))
    got = [hs for _, hs in lessons_in_tree(tree)]
    p = []
    if len(got) != len(want):
        p.append("%d lesson Sects under Parts, the course has %d lessons" % (len(got), len(want)))
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            p.append("lesson %d: heading levels %s, want %s" % (i + 1, g, w))
    c.say("tags/lesson-headings", p)
    if md:
        p = [] if got else ["no lesson Sects"]
        for i, (g, (f, title)) in enumerate(zip(got, files)):
            w = [1] + markdown_levels(os.path.join(md, f), title)
            if g != w:
                p.append("%s: H levels %s, its Markdown says %s" % (f, g, w))
        c.say("tags/lesson-headings-markdown", p)
    p = [] if any(got) else ["no headings"]
    for i, g in enumerate(got):
        for a, b in zip(g, g[1:]):
            if b > a + 1:
                p.append("lesson %d: H%d after H%d" % (i + 1, b, a))
    c.say("pdfua/7.4.2-headings-no-skip", p)


def markdown_alts(folder):
    alts = []
    for f in sorted(os.listdir(folder)):
        if not f.endswith(".md"):
            continue
        fence = False
        for line in open(os.path.join(folder, f), encoding="utf-8"):
            if re.match(r"\s*(```|~~~)", line):
                fence = not fence
                continue
            if not fence:
                alts += [a for a in re.findall(r"!\[([^\]]*)\]\(", line)]
    return alts


def markdown_has_table(folder):
    for f in os.listdir(folder):
        if f.endswith(".md") and re.search(r"^\s*\|?\s*:?-{3,}:?\s*\|", open(os.path.join(folder, f), encoding="utf-8").read(), re.M):
            return True
    return False


def check_figures(c, tree, md):
    figs = [r for r, _ in tree.elems if tree.type(r) == "Figure"]
    p = []
    if md and markdown_alts(md) and not figs:
        p.append("the lessons have images, the tree no Figure")
    for r in figs:
        alt = text(tree.pdf.get(r).get("/Alt"))
        if not alt or not alt.strip():
            p.append("a Figure without /Alt")
        if not any(True for _ in tree.content(r)):
            p.append("a Figure with no content")
    c.say("pdfua/7.3-figure-alt", p)
    if md:
        want = [a for a in markdown_alts(md) if a.strip()]
        got = [text(tree.pdf.get(r).get("/Alt")) for r in figs
               if text(tree.pdf.get(r).get("/Alt")) != "Cover picture"]
        c.say("tags/figures-are-the-images",
              [] if got == want else ["Figures' /Alt %s, the lessons' images %s" % (got[:4], want[:4])])


def check_tables(c, tree, tables_expected):
    p = []
    tables = [r for r, _ in tree.elems if tree.type(r) == "Table"]
    if tables_expected and not tables:
        p.append("the lessons have tables, the tree no Table")
    for t in tables:
        ths = [r for r, _ in tree.elems if tree.type(r) == "TH" and in_sect(tree, r, t)]
        if not ths:
            p.append("a Table without TH cells")
        for th in ths:
            a = tree.pdf.get(th).get("/A", {})
            a = tree.pdf.get(a) if isinstance(a, str) else a
            if a.get("/O") != "/Table" or a.get("/Scope") not in ("/Column", "/Row", "/Both"):
                p.append("a TH without /A << /O /Table /Scope ... >>")
                break
        for r, _ in tree.elems:
            if tree.type(r) in ("TH", "TD") and in_sect(tree, r, t) and tree.type(tree.parent[r]) != "TR":
                p.append("a table cell outside a TR")
                break
    c.say("pdfua/7.5-table-th", p)
    return len(tables)


def check_notes(c, tree):
    ids, p = set(), []
    notes = [r for r, _ in tree.elems if tree.type(r) == "Note"]
    for r in notes:
        i = text(tree.pdf.get(r).get("/ID"))
        if not i:
            p.append("a Note without /ID")
        elif i in ids:
            p.append("two Notes with /ID %r" % i)
        ids.add(i)
    if not tree.elems:
        p.append("no structure elements")
    c.say("pdfua/7.9-note-id", p[:3])


def check_fonts(c, pdf):
    p = []
    for ref, d in pdf.obj.items():
        if isinstance(d, dict) and d.get("/Type") == "/FontDescriptor":
            if not any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                p.append("font %s is not embedded" % text(d.get("/FontName")))
    c.say("pdfua/7.21.4.1-fonts-embedded", p)


def check_list_structure(c, tree):
    p = []
    for r, _ in tree.elems:
        t = tree.type(r)
        par = tree.parent.get(r)
        pt = tree.type(par) if par else None
        if t == "LI" and pt != "L":
            p.append("an LI outside an L")
        if t in ("Lbl", "LBody") and pt != "LI":
            p.append("a %s outside an LI" % t)
        if t == "TOCI" and pt != "TOC":
            p.append("a TOCI outside a TOC")
        if t == "TR" and pt != "Table":
            p.append("a TR outside a Table")
    c.say("pdfua/7.2-list-table-toc-nesting", p[:3])


def main():
    if sys.argv[1] == "dump":
        pdf = Pdf(sys.argv[2])
        tree = Tree(pdf)
        for r, depth in tree.elems:
            d = pdf.get(r)
            extra = " Alt=%r" % text(d["/Alt"]) if "/Alt" in d else ""
            print("  " * depth + tree.type(r) + extra + " " + str(list(tree.content(r)))[:80])
        return
    label, path, toc_path, lang = sys.argv[2:6]
    md = sys.argv[6] if len(sys.argv) > 6 else None
    pdf = Pdf(path)
    tree = Tree(pdf)
    c = Checker(label)
    if not tree.root or b"pdfuaid:part" not in pdf.stream(pdf.cat.get("/Metadata", "")):
        # PDF/UA-1 is a claim about the whole file: a rule met by chance
        # in a file that makes no claim (fonts were always embedded) does
        # not make it conform
        c.gate = "not a PDF/UA-1 file (no structure tree or no pdfuaid claim)"
    check_catalog(c, pdf, lang)
    check_types(c, tree)
    check_marks(c, pdf, tree)
    check_headings(c, tree, json.load(open(toc_path)), md)
    check_figures(c, tree, md)
    check_tables(c, tree, md and markdown_has_table(md))
    check_list_structure(c, tree)
    check_notes(c, tree)
    check_fonts(c, pdf)


main()
