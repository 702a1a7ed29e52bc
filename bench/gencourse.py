#!/usr/bin/env python3
"""gencourse.py — write a synthetic course of N lessons for benchmarks and
memory checks.

    python3 bench/gencourse.py N OUTDIR [--form yml|nav|chain] [--seed S]

The lessons look like the real ones octavo is built for: YAML front matter
(title, description, author, date, cover, previous/next), a cover image
with a kramdown IAL, Liquid output tags, headed sections of prose with
emphasis, inline code and links (to other lessons, with #fragments, and to
the web), fenced code in several languages, pipe tables with alignment,
callouts, lists and task lists, footnotes, raw blocks and figures with
captions. Sizes average about 3.5 KB a lesson, like the sample corpus.

--form yml   (default) a course.yml with sections of ten lessons
--form nav   the navigation tree in every lesson's front matter (the built
             form; its size grows with N squared, so keep N small)
--form chain only previous/next links

Output is a pure function of N, the form and the seed: the same arguments
give the same bytes, so timings compare across runs and machines.
Standard library only.
"""
import argparse
import os
import random
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))

TOPICS = ["ownership", "borrowing", "lifetimes", "traits", "generics", "closures",
          "iterators", "modules", "testing", "errors", "threads", "channels",
          "macros", "collections", "strings", "patterns", "structs", "enums",
          "sensors", "networking", "storage", "parsing", "logging", "timers"]
WORDS = ("the a value each function returns borrows owns moves into out of when "
         "compiler checks every reference lives long enough so that memory stays "
         "safe without garbage collector board pin reads writes sensor signal "
         "loop runs until program stops thread sends message channel receiver "
         "waits data shared between tasks lock guard releases scope ends type "
         "system catches mistakes early build fast small binary fits on microcontroller "
         "flash example shows how code works step by step test passes").split()
LANGS = {
    "rust": ["fn main() {", "    let items = vec![1, 2, 3];", "    for (i, x) in items.iter().enumerate() {",
             "        println!(\"{i}: {x}\");", "    }", "    let total: i32 = items.iter().sum();",
             "    assert_eq!(total, 6);", "}"],
    "python": ["import time", "", "def blink(pin, times=3):", "    for _ in range(times):",
               "        pin.on()", "        time.sleep(0.5)", "        pin.off()", "    return times"],
    "c": ["#include <stdio.h>", "", "int main(void)", "{", "\tint sum = 0;",
          "\tfor (int i = 0; i < 10; i++)", "\t\tsum += i;", "\tprintf(\"%d\\n\", sum);", "\treturn 0;", "}"],
    "bash": ["#!/bin/sh", "set -eu", "cargo build --release", "ls -l target/release/",
             "for f in *.md; do", "    wc -l \"$f\"", "done"],
    "sql": ["SELECT name, COUNT(*) AS lessons", "FROM courses c", "JOIN lessons l ON l.course_id = c.id",
            "WHERE c.published", "GROUP BY name", "ORDER BY lessons DESC;"],
    "yaml": ["name: build", "on: [push]", "jobs:", "  test:", "    runs-on: ubuntu-latest",
             "    steps:", "      - uses: actions/checkout@v4", "      - run: make test"],
    "json": ["{", "  \"name\": \"sensor\",", "  \"pins\": [4, 5, 6],", "  \"enabled\": true,",
             "  \"rate_hz\": 50", "}"],
    "javascript": ["const lessons = await fetch('/api/lessons').then(r => r.json());",
                   "for (const l of lessons) {", "  console.log(`${l.id}: ${l.title}`);", "}"],
}
IMAGES = ["cover-a.png", "cover-b.png", "diagram-a.png", "photo-a.jpg", "photo-b.jpg"]


def sentence(r, n=None):
    n = n or r.randint(8, 18)
    w = [r.choice(WORDS) for _ in range(n)]
    return " ".join(w).capitalize() + "."


def slug_of(i, topic):
    return "%04d_%s" % (i + 1, topic)


def title_of(i, topic):
    return "%s, part %d" % (topic.capitalize(), i + 1)


def paragraph(r, i, n, slugs):
    parts = []
    for k in range(r.randint(3, 6)):
        s = sentence(r)
        roll = r.random()
        if roll < 0.15:
            s = s[:-1] + " with **strong words** and *emphasis*."
        elif roll < 0.3:
            s = s[:-1] + " using `let x = %d;` inline." % k
        elif roll < 0.45 and n > 1:
            j = r.randrange(n)
            s = s[:-1] + " (see [%s](%s.html#section-%d))." % (title_of(j, slugs[j][5:]), slugs[j], r.randint(1, 3))
        elif roll < 0.5:
            s = s[:-1] + " More at [the docs](https://doc.rust-lang.org/book/ch%02d-00.html)." % r.randint(1, 20)
        parts.append(s)
    return " ".join(parts)


def lesson_body(r, i, n, slugs):
    out = ["![cover image]({{page.cover}}){:class=\"cover\"}", "",
           "This lesson, *{{ page.title }}*, builds on the previous one. " + sentence(r), ""]
    langs = sorted(LANGS)
    for sec in range(1, r.randint(3, 4) + 1):
        out += ["## Section %d" % sec, "", paragraph(r, i, n, slugs), ""]
        kind = (i + sec) % 6
        if kind == 0:
            lang = langs[(i + sec) % len(langs)]
            out += ["```" + lang] + LANGS[lang] + ["```", ""]
        elif kind == 1:
            cols = r.randint(3, 5)
            out.append("| " + " | ".join("Column %d" % c for c in range(cols)) + " |")
            out.append("|" + "|".join([":---", ":---:", "---:"][c % 3] for c in range(cols)) + "|")
            for row in range(r.randint(3, 7)):
                out.append("| " + " | ".join("%s %d" % (r.choice(WORDS), row * c) for c in range(cols)) + " |")
            out.append("")
        elif kind == 2:
            img = IMAGES[(i + sec) % len(IMAGES)]
            out += ["![Figure %d.%d](assets/%s)" % (i + 1, sec, img), "{:.caption}", "",
                    "Figure %d.%d: %s" % (i + 1, sec, sentence(r, 6)), ""]
        elif kind == 3:
            out += ["> **Tip**: " + sentence(r), "> " + sentence(r), ""]
        elif kind == 4:
            out += ["- " + sentence(r, 6) for _ in range(3)]
            out += ["", "- [x] " + sentence(r, 5), "- [ ] " + sentence(r, 5), ""]
        else:
            out += ["1. " + sentence(r, 7), "2. " + sentence(r, 7) + "[^%d]" % sec, "",
                    "[^%d]: %s" % (sec, sentence(r, 9)), ""]
        out += ["### Details %d" % sec, "", paragraph(r, i, n, slugs), ""]
    if i % 7 == 3:
        out += ["{% raw %}", "```liquid", "{{ page.title }} stays literal here", "```", "{% endraw %}", ""]
    lang = langs[i % len(langs)]
    out += ["## Summary", "", paragraph(r, i, n, slugs), "", "```" + lang] + LANGS[lang][:5] + ["```", ""]
    return "\n".join(out)


def front_matter(r, i, n, slugs, form, nav_yaml):
    topic = slugs[i][5:]
    fm = ["---", "layout: lesson", "title: %s" % title_of(i, topic),
          "author: Bench Author", "type: page",
          "cover: assets/%s" % IMAGES[i % 2],
          "date: 2024-%02d-%02d" % (1 + i % 12, 1 + i % 28),
          "description: %s" % sentence(r, 12)]
    if i > 0:
        fm.append("previous: %s.html" % slugs[i - 1])
    if i + 1 < n:
        fm.append("next: %s.html" % slugs[i + 1])
    fm += ["percent: %d" % (100 * (i + 1) // n), "duration: %d" % r.randint(2, 9)]
    if form == "nav":
        fm.append(nav_yaml)
    fm.append("---")
    return "\n".join(fm)


def navigation(n, slugs):
    lines = ["navigation:", "- name: Generated Course", "- content:"]
    for s in range(0, n, 10):
        lines.append("  - section: Part %d" % (s // 10 + 1))
        lines.append("    content:")
        for i in range(s, min(n, s + 10)):
            lines += ["    - name: %s" % title_of(i, slugs[i][5:]), "      link: %s.html" % slugs[i]]
    return "\n".join(lines)


def course_yml(n, slugs):
    lines = ["- name: Generated Course of %d Lessons" % n, "  author: Bench Author",
             "  date_created: 2024-01-01", "  date_published: 2024-06-01", "  layout: course",
             "  cover: assets/cover-a.png", "  groups:", "      - bench", "      - rust",
             "  description: >-", "     A generated course with prose, code, tables, images and links.",
             "  content:"]
    for s in range(0, n, 10):
        lines += ["  - section:", "      name: Part %d" % (s // 10 + 1), "      content:"]
        lines += ["      - %s.md" % slugs[i] for i in range(s, min(n, s + 10))]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--form", choices=["yml", "nav", "chain"], default="yml")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    n = a.n
    slugs = [slug_of(i, TOPICS[i % len(TOPICS)]) for i in range(n)]
    os.makedirs(os.path.join(a.outdir, "assets"), exist_ok=True)
    for img in IMAGES:
        shutil.copyfile(os.path.join(HERE, "assets", img), os.path.join(a.outdir, "assets", img))
    nav_yaml = navigation(n, slugs) if a.form == "nav" else None
    for i in range(n):
        r = random.Random(a.seed * 1000003 + i)
        text = front_matter(r, i, n, slugs, a.form, nav_yaml) + "\n\n" + lesson_body(r, i, n, slugs)
        with open(os.path.join(a.outdir, slugs[i] + ".md"), "w", encoding="utf-8") as f:
            f.write(text)
    if a.form == "yml":
        with open(os.path.join(a.outdir, "course.yml"), "w", encoding="utf-8") as f:
            f.write(course_yml(n, slugs))


if __name__ == "__main__":
    main()
