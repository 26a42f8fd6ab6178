#!/usr/bin/env python3
"""Table of make upstream-compare's runs of the kernel's mm selftests.

  upstream-report.py DIR

DIR/base/kmem-results.log, DIR/series/kmem-results.log and
DIR/series/managed-results.log hold one MN section per run_vmtests.sh
category ("vmtests:<category>"), each with run_vmtests.sh's TAP lines.
Prints, per test, its result on the base and on the two series runs
(PASS, FAIL, SKIP; "-" when the run never reached it: a category that
timed out, or a guest that died), then the categories' times and a last
line that counts a test as failed only when it passed on the base and not
on a series run (a regression), as passed when it passed on all three, and
as skipped otherwise. Exit status 1 if any test regressed.
"""
import re
import sys

RUNS = (("base", "kmem"), ("series", "kmem"), ("series", "managed"))


def parse(path):
    """{(category, test): result}, {category: end rc} of one run."""
    res, ends = {}, {}
    cat, seen = None, {}
    try:
        lines = open(path, errors="replace").read().splitlines()
    except OSError:
        return res, ends
    for line in lines:
        m = re.match(r"==== MN BEGIN vmtests:(\S+) ====", line)
        if m:
            cat, seen = m.group(1), {}
            continue
        m = re.match(r"==== MN END vmtests:(\S+) rc=(\d+) ====", line)
        if m:
            ends[m.group(1)] = int(m.group(2))
            cat = None
            continue
        m = re.match(r"(not ok|ok) \d+ (.*?)(?: # (SKIP|exit=\d+).*)?$", line)
        if not m or cat is None:
            continue
        name = m.group(2).strip()
        # The same command twice in a category: number the repeats.
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = "%s (#%d)" % (name, seen[name])
        if m.group(1) == "not ok":
            r = "FAIL"
        elif m.group(3) == "SKIP":
            r = "SKIP"
        else:
            r = "PASS"
        res[(cat, name)] = r
    return res, ends


def main():
    top = sys.argv[1]
    runs = [parse("%s/%s/%s-results.log" % (top, side, mode))
            for side, mode in RUNS]
    keys = []
    for res, _ in runs:
        for k in res:
            if k not in keys:
                keys.append(k)
    width = max([len("%s: %s" % k) for k in keys] + [20])
    width = min(width, 70)
    print("%-*s %-6s %-6s %-6s" % (width, "test", "base", "kmem", "managed"))
    npass = nfail = nskip = 0
    regressions, better = [], []
    for k in keys:
        r = [res.get(k, "-") for res, _ in runs]
        name = ("%s: %s" % k)[:width]
        print("%-*s %-6s %-6s %-6s" % (width, name, r[0], r[1], r[2]))
        if r[0] != "PASS":
            nskip += 1
            if "PASS" in r[1:]:
                better.append(name)
        elif r[1] == "PASS" and r[2] == "PASS":
            npass += 1
        else:
            nfail += 1
            regressions.append("%s (kmem %s, managed %s)" % (name, r[1], r[2]))
    cats = []
    for _, ends in runs:
        for c in ends:
            if c not in cats:
                cats.append(c)
    print()
    print("category ends (rc; 124 = timed out): " + "; ".join(
        "%s %s" % (c, "/".join(str(e.get(c, "-")) for _, e in runs))
        for c in cats))
    for name in regressions:
        print("REGRESSION " + name)
    for name in better:
        print("passes on the series only: " + name)
    print("%d passed, %d failed, %d skipped" % (npass, nfail, nskip))
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main())
