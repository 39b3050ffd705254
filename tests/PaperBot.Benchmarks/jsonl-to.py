#!/usr/bin/env python3
"""Converts a PaperBot JSON Lines file, streaming, to a Hugging Face daily papers array ("hf") or an arXiv
Atom feed ("atom"), for import-rss.sh FORMAT=hf|atom:  jsonl-to.py hf|atom IN OUT"""
import json
import sys
from xml.sax.saxutils import escape

fmt, source, target = sys.argv[1], sys.argv[2], sys.argv[3]
with open(source, encoding="utf-8-sig") as lines, open(target, "w", encoding="utf-8") as out:
    out.write("[\n" if fmt == "hf" else '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">\n')
    first = True
    for line in lines:
        if not line.strip():
            continue
        p = json.loads(line)
        if fmt == "hf":
            item = {"paper": {"id": p["id"], "title": p["title"], "summary": p.get("abstract", ""),
                              "authors": [{"name": a} for a in p.get("authors", [])],
                              "publishedAt": (p.get("published") or "2025-01-01") + "T00:00:00.000Z",
                              "upvotes": p.get("upvotes") or 0}, "numComments": 0}
            out.write(("" if first else ",\n") + json.dumps(item, ensure_ascii=False))
        else:
            authors = "".join(f"<author><name>{escape(a)}</name></author>" for a in p.get("authors", []))
            cats = "".join(f'<category term="{escape(c)}"/>' for c in p.get("categories", []))
            out.write(f"<entry><id>http://arxiv.org/abs/{p['id']}v{p.get('version', 1)}</id><title>{escape(p['title'])}</title>"
                      f"<summary>{escape(p.get('abstract', ''))}</summary>{authors}"
                      f"<published>{p.get('published') or '2025-01-01'}T00:00:00Z</published>{cats}</entry>\n")
        first = False
    out.write("\n]\n" if fmt == "hf" else "</feed>\n")
