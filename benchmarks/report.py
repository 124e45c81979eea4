#!/usr/bin/env python3
"""Turns JMH's JSON output (-rf json) into the tables of docs/BENCHMARKS.md and a bar chart (SVG).

Python standard library only. Usage:
    python3 benchmarks/report.py docs/benchmarks.json --svg docs/benchmarks.svg > /tmp/tables.md
"""
import argparse
import json
import sys
from html import escape

PKG = "dev.hardtack.benchmarks."


def load(path):
    rows = []
    for r in json.load(open(path)):
        name = r["benchmark"].replace(PKG, "")
        sec = r.get("secondaryMetrics", {})
        alloc = sec.get("gc.alloc.rate.norm", {}).get("score")
        rows.append({
            "name": name,
            "params": r.get("params", {}),
            "score": r["primaryMetric"]["score"],
            "error": r["primaryMetric"]["scoreError"],
            "alloc": alloc,
            "threads": r.get("threads", 1),
            "secondary": {k: v for k, v in sec.items() if not k.startswith("gc.") and not k.startswith("·")},
        })
    return rows


def find(rows, name, **params):
    for r in rows:
        if r["name"] == name and all(r["params"].get(k) == str(v) for k, v in params.items()):
            return r
    return None


def fmt_ns(r):
    if r is None:
        return "–"
    err = r["error"]
    return f"{r['score']:,.0f}" if not isinstance(err, (int, float)) or err != err else f"{r['score']:,.0f} ± {err:,.0f}"


def fmt_b(r):
    return "–" if r is None or r["alloc"] is None else f"{r['alloc']:,.0f}"


def ratio(a, b):
    if a is None or b is None or not b["score"]:
        return None
    return a["score"] / b["score"]


def fmt_x(x):
    return "–" if x is None else f"{x:.2f}x"


SUBJECTS_SIGNED = ["HARDTACK_SIGNED", "HARDTACK_HMAC_ONLY", "HMAC_FLOOR", "JCA_MAC_PER_CALL", "JCA_MAC_CACHED", "TINK_MAC"]
SUBJECTS_SEALED = ["HARDTACK_ENCRYPTED", "JCA_GCM_CACHED", "JCA_GCM_NEW_CIPHER"]
IDS = ["HARDTACK", "CANDIDATE_DRBG", "CANDIDATE_AES_CTR", "CANDIDATE_BC_CHACHA", "UUID", "TOMCAT", "SECURE_RANDOM_SHARED"]
SCENARIOS = ["VALID", "OLD_KEY", "TAMPERED", "UNKNOWN_KEY", "EXPIRED", "MALFORMED"]


def tables(rows):
    out = []
    p = out.append
    for op in ("verify", "sign"):
        p(f"\n### `CookieCodecBenchmark.{op}`: Hardtack and its peers\n")
        p("| subject | length | ns/op | B/op | x HMAC floor | x Tink | x Hardtack |")
        p("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for length in ("43", "1024"):
            floor = find(rows, "CookieCodecBenchmark." + op, subject="HMAC_FLOOR", length=length)
            tink = find(rows, "CookieCodecBenchmark." + op, subject="TINK_MAC", length=length)
            for group, base in ((SUBJECTS_SIGNED, "HARDTACK_SIGNED"), (SUBJECTS_SEALED, "HARDTACK_ENCRYPTED")):
                ht = find(rows, "CookieCodecBenchmark." + op, subject=base, length=length)
                for s in group:
                    r = find(rows, "CookieCodecBenchmark." + op, subject=s, length=length)
                    if r is None:
                        continue
                    name = f"**{s}**" if s.startswith("HARDTACK") else s
                    p(f"| {name} | {length} | {fmt_ns(r)} | {fmt_b(r)} | {fmt_x(ratio(r, floor))} | "
                      f"{fmt_x(ratio(r, tink))} | {fmt_x(ratio(r, ht))} |")
    p("\n### `CookieCodecBenchmark.verifyScenario`: Hardtack on good, old-key and bad cookies\n")
    p("| format | length | " + " | ".join(SCENARIOS) + " |")
    p("| --- | ---: | " + " | ".join(["---:"] * len(SCENARIOS)) + " |")
    for fmt in ("SIGNED", "ENCRYPTED"):
        for length in ("43", "1024"):
            valid = find(rows, "CookieCodecBenchmark.verifyScenario", format=fmt, length=length, scenario="VALID")
            cells = []
            for sc in SCENARIOS:
                r = find(rows, "CookieCodecBenchmark.verifyScenario", format=fmt, length=length, scenario=sc)
                cells.append("–" if r is None else f"{fmt_ns(r)} ns, {fmt_b(r)} B ({fmt_x(ratio(r, valid))})")
            p(f"| {fmt} | {length} | " + " | ".join(cells) + " |")
    p("\n### `SessionIdGeneratorBenchmark`: one generator shared by 1 or 2 threads\n")
    p("| subject | 1 thread ns/op | 2 threads ns/op | B/op | 2 threads / 1 thread | x UUID (1 thread) | x UUID (2 threads) |")
    p("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    u1 = find(rows, "SessionIdGeneratorBenchmark.oneThread", subject="UUID")
    u2 = find(rows, "SessionIdGeneratorBenchmark.twoThreads", subject="UUID")
    for s in IDS:
        a = find(rows, "SessionIdGeneratorBenchmark.oneThread", subject=s)
        b = find(rows, "SessionIdGeneratorBenchmark.twoThreads", subject=s)
        if a is None:
            continue
        name = f"**{s}**" if s == "HARDTACK" else s
        p(f"| {name} | {fmt_ns(a)} | {fmt_ns(b)} | {fmt_b(a)} | {fmt_x(ratio(b, a))} | {fmt_x(ratio(a, u1))} | "
          f"{fmt_x(ratio(b, u2))} |")
    p("\n### `ExpressCookiesBenchmark.unsign` and `KeyRingBenchmark`\n")
    p("| benchmark | ns/op | B/op |")
    p("| --- | ---: | ---: |")
    for secrets in ("1", "3"):
        r = find(rows, "ExpressCookiesBenchmark.unsign", secrets=secrets)
        p(f"| ExpressCookies.unsign, {secrets} secret(s), the last matches | {fmt_ns(r)} | {fmt_b(r)} |")
    rot = find(rows, "KeyRingBenchmark.rotating")
    still = find(rows, "KeyRingBenchmark.still")
    if rot is not None:
        for k, v in sorted(rot["secondary"].items()):
            p(f"| KeyRing, rotating group: `{k}` | {fmt_ns({'score': v['score'], 'error': v['scoreError']})} | – |")
    if still is not None:
        p(f"| KeyRing, still group: verify, no rotation | {fmt_ns(still)} | {fmt_b(still)} |")
    return "\n".join(out)


def goals(rows):
    """The issue's goals, each a ratio within this run."""
    v = lambda s, l="43": find(rows, "CookieCodecBenchmark.verify", subject=s, length=l)
    sg = lambda s, l="43": find(rows, "CookieCodecBenchmark.sign", subject=s, length=l)
    sc = lambda f, s, l="43": find(rows, "CookieCodecBenchmark.verifyScenario", format=f, length=l, scenario=s)
    ids = lambda m, s: find(rows, "SessionIdGeneratorBenchmark." + m, subject=s)
    g = []

    def add(what, value, limit, unit="x"):
        if value is None:
            g.append((what, "–", f"≤ {limit}{unit}", "not measured"))
            return
        shown = f"{value:.3f}{unit}" if unit == "x" else f"{value:.0f}{unit}"
        g.append((what, shown, f"≤ {limit}{unit}", "met" if value <= limit else "**not met**"))

    ht = v("HARDTACK_SIGNED")
    add("signed verify, 43 chars / HMAC floor", ratio(ht, v("HMAC_FLOOR")), 1.6)
    add("signed verify, 43 chars / Tink verifyMac", ratio(ht, v("TINK_MAC")), 0.9)
    add("signed verify, 43 chars / Mac.getInstance verify", ratio(ht, v("JCA_MAC_PER_CALL")), 0.4)
    add("signed verify, 43 chars, bytes allocated", None if ht is None else ht["alloc"], 150, " B")
    add("sign, 43 chars / HMAC floor", ratio(sg("HARDTACK_SIGNED"), sg("HMAC_FLOOR")), 1.8)
    for l in ("43", "1024"):
        add(f"encrypted verify, {l} chars / cached JCA GCM open", ratio(v("HARDTACK_ENCRYPTED", l), v("JCA_GCM_CACHED", l)), 1.5)
    for f in ("SIGNED", "ENCRYPTED"):
        for l in ("43", "1024"):
            valid = sc(f, "VALID", l)
            worst = max((sc(f, s, l) for s in ("TAMPERED", "UNKNOWN_KEY", "MALFORMED") if sc(f, s, l)),
                        key=lambda r: r["score"], default=None)
            add(f"slowest rejection / valid, {f.lower()} {l} chars", ratio(worst, valid), 1.0)
    add("session id / UUID, 1 thread", ratio(ids("oneThread", "HARDTACK"), ids("oneThread", "UUID")), 0.5)
    add("session id / UUID, 2 threads", ratio(ids("twoThreads", "HARDTACK"), ids("twoThreads", "UUID")), 0.25)
    add("session id, 2 threads / 1 thread", ratio(ids("twoThreads", "HARDTACK"), ids("oneThread", "HARDTACK")), 1.3)
    out = ["| goal | measured | target | |", "| --- | ---: | ---: | --- |"]
    out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in g]
    return "\n".join(out)


def svg(rows, path):
    panels = []
    for title, op in (("Verify a valid 43-character session-id cookie (ns/op, lower is better)", "verify"),
                      ("Sign a 43-character session id (ns/op)", "sign")):
        bars = []
        for s in SUBJECTS_SIGNED + SUBJECTS_SEALED:
            r = find(rows, "CookieCodecBenchmark." + op, subject=s, length="43")
            if r is not None:
                bars.append((s, r["score"], r["alloc"]))
        panels.append((title, bars))
    bars = []
    for s in IDS:
        for m, label in (("oneThread", "1 thread"), ("twoThreads", "2 threads")):
            r = find(rows, "SessionIdGeneratorBenchmark." + m, subject=s)
            if r is not None:
                bars.append((f"{s}, {label}", r["score"], r["alloc"]))
    panels.append(("New session id from a shared generator (ns/op)", bars))
    bars = []
    for sc in SCENARIOS:
        r = find(rows, "CookieCodecBenchmark.verifyScenario", format="SIGNED", length="43", scenario=sc)
        if r is not None:
            bars.append((f"HARDTACK {sc}", r["score"], r["alloc"]))
    panels.append(("Hardtack verify by outcome, signed 43 characters (ns/op)", bars))

    width, label_w, bar_w, row_h = 980, 300, 520, 22
    y = 20
    parts = []
    for title, bars in panels:
        parts.append(f'<text x="10" y="{y + 14}" font-weight="bold">{escape(title)}</text>')
        y += 26
        top = max((b[1] for b in bars), default=1)
        for name, score, alloc in bars:
            w = max(1, bar_w * score / top)
            color = "#d9534f" if name.startswith("HARDTACK") else "#7a8ca3"
            parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(name)}</text>')
            parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{color}"/>')
            extra = "" if alloc is None else f", {alloc:,.0f} B/op"
            parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 15}">{score:,.0f} ns{extra}</text>')
            y += row_h
        y += 16
    doc = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{y}" '
           f'font-family="sans-serif" font-size="12">\n<rect width="100%" height="100%" fill="white"/>\n'
           + "\n".join(parts) + "\n</svg>\n")
    open(path, "w").write(doc)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("json")
    ap.add_argument("--svg")
    a = ap.parse_args()
    rows = load(a.json)
    print("## Goals\n")
    print(goals(rows))
    print(tables(rows))
    if a.svg:
        svg(rows, a.svg)


if __name__ == "__main__":
    sys.exit(main())
