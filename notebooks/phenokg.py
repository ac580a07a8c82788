"""What the notebooks share: run `bin/phenolip`, read what `kg sql` and `kg export` print or write.

The notebooks reach PhenoKG only through the CLI (`kg sql`, `kg export`, `kg export-rdf`,
`kg serve`), never through a Python reader of the KG's own table format, so they keep working
when the storage changes. Standard library + pandas only.
"""
import base64
import glob
import io
import json
import os
import re
import shlex
import subprocess
import time
from pathlib import Path

import pandas as pd


def repo_root(start=None):
    """The repository root: the first folder upwards that has bin/phenolip."""
    p = Path(start or Path.cwd()).resolve()
    for d in [p, *p.parents]:
        if (d / "bin" / "phenolip").exists():
            return d
    raise FileNotFoundError("bin/phenolip not found above " + str(p))


ROOT = repo_root(Path(__file__).parent)
PHENOLIP = ROOT / "bin" / "phenolip"
# Spark in one local thread pair is plenty for the sample; PHENOLIP_MASTER overrides it.
MASTER = os.environ.get("PHENOLIP_MASTER", "local[2]")
CALLS = []  # (command, seconds) of every CLI call, shown at the end of a notebook
# Each call is a short-lived JVM running small queries: most of its time is class loading and
# warm-up, where the C1 compiler alone and the serial collector start faster (side by side on
# the sample: 20-24 s vs 26-52 s per `kg sql` under load). PHENOLIP_JAVA_OPTS overrides it.
JAVA_OPTS = os.environ.get("PHENOLIP_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")


def phenolip(*args, timeout=900):
    """Runs `bin/phenolip ARGS` and returns its standard output; a failure raises with its error lines."""
    cmd = [str(PHENOLIP), *map(str, args)]
    t0 = time.time()
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                       env={**os.environ, "PHENOLIP_JAVA_OPTS": JAVA_OPTS})
    shown = " ".join(shlex.quote(a.replace(str(ROOT) + os.sep, "")) for a in cmd[1:])  # paths relative to the repo
    CALLS.append((shown, round(time.time() - t0, 1)))
    if r.returncode != 0:
        err = [l for l in r.stderr.splitlines() if l.strip()][-5:]
        raise RuntimeError("phenolip %s failed (exit %d):\n%s" % (" ".join(cmd[1:3]), r.returncode, "\n".join(err)))
    return r.stdout


def sql(query, kg, version=None):
    """`kg sql QUERY --format json` as a DataFrame (arrays and structs come back as lists and dicts)."""
    args = ["kg", "sql", query, "--kg", kg, "--format", "json", "--master", MASTER]
    if version is not None:
        args += ["--kg-version", version]
    rows = [json.loads(l) for l in phenolip(*args).splitlines() if l.strip()]
    return pd.DataFrame(rows)


_BACKGROUND = None


def sql_async(query, kg, version=None):
    """Starts `sql` in a background thread and returns its Future (`.result()` is the DataFrame).

    Each CLI call is a JVM whose start is mostly single-threaded: starting the next call while
    another one (or a server) starts uses the second core instead of waiting for it.
    """
    global _BACKGROUND
    if _BACKGROUND is None:
        from concurrent.futures import ThreadPoolExecutor
        _BACKGROUND = ThreadPoolExecutor(max_workers=2, thread_name_prefix="phenolip-cli")
    return _BACKGROUND.submit(sql, query, kg, version)


def export(kg, out, fmt="jsonl", tables=None, images=False, version=None):
    """`kg export` into OUT; returns the export summary (export.json) with the KG manifest under 'manifest'."""
    args = ["kg", "export", "--kg", kg, "--out", out, "--format", fmt, "--files", "1", "--master", MASTER]
    if tables:
        args += ["--tables", ",".join(tables)]
    if not images:
        args += ["--no-images"]
    if version is not None:
        args += ["--kg-version", version]
    phenolip(*args)
    summary = json.loads((Path(out) / "export.json").read_text())
    summary["manifest"] = json.loads((Path(out) / "manifest.json").read_text())
    summary["dir"] = str(out)
    return summary


def read_table(export_summary, table):
    """A table of a `kg export` (CSV or JSON lines, all part files) as a DataFrame."""
    d = Path(export_summary["dir"]) / table
    files = sorted(glob.glob(str(d / "part-*")))
    if export_summary["format"] == "csv":
        frames = [pd.read_csv(f, keep_default_na=False, na_values=[""]) for f in files]
    else:
        frames = [pd.read_json(f, lines=True, dtype=False) for f in files if os.path.getsize(f) > 0]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def image(b64):
    """A PIL image from the Base64 bytes of an exported image column."""
    from PIL import Image
    return Image.open(io.BytesIO(base64.b64decode(b64)))


def show_calls():
    """The CLI calls this notebook made and how long each took."""
    return pd.DataFrame(CALLS, columns=["bin/phenolip ...", "seconds"])
