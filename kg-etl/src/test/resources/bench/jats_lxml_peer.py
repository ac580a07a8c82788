"""lxml peer of the Java JATS reader (JatsParseBench): same files, same work, same timing method.

Per article: parse (no DTD, no entities, no network), article ids/title/journal/year/licence,
every <fig> with id, label, caption title and flattened caption text, graphic hrefs, and the body
paragraphs citing each figure (xref ref-type="fig"). Prints one JSON object.
Usage: python3 jats_lxml_peer.py PMC_DIR PASSES WARMUP
"""
import json, os, statistics, sys, time
from lxml import etree

XLINK = "{http://www.w3.org/1999/xlink}href"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False)


def text(el):
    return " ".join("".join(el.itertext()).split()) if el is not None else None


def extract(data):
    root = etree.fromstring(data, PARSER)
    meta = root.find("front/article-meta")
    ids = {a.get("pub-id-type"): a.text for a in meta.findall("article-id")} if meta is not None else {}
    art = {
        "pmcid": ids.get("pmc"), "pmid": ids.get("pmid"), "doi": ids.get("doi"),
        "title": text(meta.find("title-group/article-title")) if meta is not None else None,
        "journal": text(root.find("front/journal-meta//journal-title")),
        "year": [y.text for y in meta.findall("pub-date/year")] if meta is not None else [],
        "license": [l.get(XLINK) or text(l) for l in meta.findall("permissions/license")] if meta is not None else [],
    }
    citing = {}
    for body in root.iter("body"):
        for p in body.iter("p"):
            rids = [r for x in p.iter("xref") if x.get("ref-type") == "fig" for r in (x.get("rid") or "").split()]
            if rids:
                t = text(p)
                for r in rids:
                    citing.setdefault(r, []).append(t)
    figs = []
    for fig in root.iter("fig"):
        cap = fig.find("caption")
        figs.append({
            "id": fig.get("id"), "label": text(fig.find("label")),
            "title": text(cap.find("title")) if cap is not None else None, "caption": text(cap),
            "graphics": [g.get(XLINK) for g in fig.iter("graphic")],
            "citing": citing.get(fig.get("id"), []),
        })
    return art, figs


def main():
    pmc, passes, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(pmc) for f in fs if f.endswith((".xml", ".nxml")))
    docs = [open(f, "rb").read() for f in files]
    nbytes = sum(len(d) for d in docs)
    times, figures = [], 0
    for i in range(warmup + passes):
        t0 = time.perf_counter()
        n = 0
        for d in docs:
            n += len(extract(d)[1])
        dt = time.perf_counter() - t0
        figures = n
        if i >= warmup:
            times.append(dt)
    med = statistics.median(times)
    print(json.dumps({
        "parser": "lxml " + ".".join(map(str, etree.LXML_VERSION)) + " / libxml2 " + ".".join(map(str, etree.LIBXML_VERSION)),
        "python": sys.version.split()[0], "articles": len(docs), "bytes": nbytes, "figures": figures,
        "passes": passes, "median_s": med, "articles_per_s": len(docs) / med, "mb_per_s": nbytes / 1e6 / med,
        "pass_s": times,
    }))


if __name__ == "__main__":
    main()
