#!/usr/bin/env python3
"""Stamps executed notebooks with the SHA-256 of their code cells (metadata.phenolip.code_sha256).

notebooks/run.sh calls it after executing a notebook; the tests recompute the hash and fail when a
committed notebook's code changed after its outputs were made. Standard library only.
Usage: stamp.py NOTEBOOK.ipynb...   |   stamp.py --check NOTEBOOK.ipynb...
"""
import datetime
import hashlib
import json
import sys


def code_hash(nb):
    """Code cells' sources joined by U+001E, as UTF-8, hashed (the Java test does the same)."""
    sources = []
    for c in nb["cells"]:
        if c["cell_type"] == "code":
            s = c["source"]
            sources.append("".join(s) if isinstance(s, list) else s)
    return hashlib.sha256("\x1e".join(sources).encode("utf-8")).hexdigest()


def problems(nb):
    out = []
    for i, c in enumerate(nb["cells"]):
        if c["cell_type"] != "code":
            continue
        if c.get("execution_count") is None:
            out.append(f"cell {i} was not executed")
        out += [f"cell {i}: {o.get('ename')}: {o.get('evalue')}" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    stamp = nb.get("metadata", {}).get("phenolip", {}).get("code_sha256")
    if stamp != code_hash(nb):
        out.append("code cells changed after the outputs were made" if stamp else "not stamped")
    return out


def main(args):
    check = args and args[0] == "--check"
    bad = 0
    for path in args[1:] if check else args:
        with open(path, encoding="utf-8") as f:
            nb = json.load(f)
        if check:
            p = problems(nb)
            bad += bool(p)
            print(f"{path}: " + ("; ".join(p) + " (run notebooks/run.sh)" if p else "outputs match the code"))
            continue
        nb.setdefault("metadata", {})["phenolip"] = {
            "code_sha256": code_hash(nb),
            "executed": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "stamped_by": "notebooks/run.sh",
        }
        with open(path, "w", encoding="utf-8") as f:
            json.dump(nb, f, indent=1, ensure_ascii=False)
            f.write("\n")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
