#!/usr/bin/env python3
"""Tables of make upstream-compare's runs of the kernel's own test suites.

  upstream-report.py DIR...

One DIR per suite (build/upstream/mm, build/upstream/cxl). DIR/<side>/
<run>-results.log, for side base and series, hold one MN section per
category or test ("vmtests:<category>" for the mm selftests, whose TAP
lines are run_vmtests.sh's; "cxltest:<test>" for ndctl's cxl tests, one
TAP line each). The mm suite has three runs (base/kmem, series/kmem,
series/managed), the cxl suite two (base/cxl, series/cxl).
Prints per suite, per test, its result on the base and on each series run
(PASS, FAIL, SKIP; "-" when the run never reached it: a category that
timed out, or a guest that died), then how each section ended, and a last
line over all suites that counts a test as failed only when it passed on
the base and not on a series run (a regression), as passed when it passed
on all runs, and as skipped otherwise. Exit status 1 if any test
regressed.
"""
import re
import sys

import os

SUITES = {
    "mm": (("base", "kmem"), ("series", "kmem"), ("series", "managed")),
    "cxl": (("base", "cxl"), ("series", "cxl")),
}


def parse(path):
    """{(category, test): result}, {category: end rc} of one run."""
    res, ends = {}, {}
    cat, seen = None, {}
    try:
        lines = open(path, errors="replace").read().splitlines()
    except OSError:
        return res, ends
    for line in lines:
        m = re.match(r"==== MN BEGIN (?:vmtests|cxltest):(\S+) ====", line)
        if m:
            cat, seen = m.group(1), {}
            continue
        m = re.match(r"==== MN END (?:vmtests|cxltest):(\S+) rc=(\d+) ====", line)
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


def suite(top):
    """Print one suite's table; return (passed, failed, skipped)."""
    name = os.path.basename(os.path.normpath(top))
    runs_of = SUITES.get(name, SUITES["mm"])
    runs = [parse("%s/%s/%s-results.log" % (top, side, mode))
            for side, mode in runs_of]
    keys = []
    for res, _ in runs:
        for k in res:
            if k not in keys:
                keys.append(k)
    width = max([len("%s: %s" % k) for k in keys] + [20])
    width = min(width, 70)
    heads = ["base"] + [mode for _, mode in runs_of[1:]]
    if len(heads) == 2:
        heads[1] = "series"
    print("== %s" % name)
    print("%-*s " % (width, "test") + " ".join("%-7s" % h for h in heads))
    npass = nfail = nskip = 0
    regressions, better = [], []
    for k in keys:
        r = [res.get(k, "-") for res, _ in runs]
        tname = ("%s: %s" % k)[:width]
        print("%-*s " % (width, tname) + " ".join("%-7s" % x for x in r))
        if r[0] != "PASS":
            nskip += 1
            if "PASS" in r[1:]:
                better.append(tname)
        elif all(x == "PASS" for x in r[1:]):
            npass += 1
        else:
            nfail += 1
            regressions.append("%s (%s)" % (tname, ", ".join(
                "%s %s" % (h, x) for h, x in zip(heads[1:], r[1:]))))
    cats = []
    for _, ends in runs:
        for c in ends:
            if c not in cats:
                cats.append(c)
    print()
    print("section ends (rc; 124 = timed out): " + "; ".join(
        "%s %s" % (c, "/".join(str(e.get(c, "-")) for _, e in runs))
        for c in cats))
    for tname in regressions:
        print("REGRESSION %s: %s" % (name, tname))
    for tname in better:
        print("passes on the series only: %s: %s" % (name, tname))
    print("%s: %d passed, %d failed, %d skipped" % (name, npass, nfail, nskip))
    print()
    return npass, nfail, nskip


def main():
    tot = [0, 0, 0]
    for top in sys.argv[1:]:
        for i, n in enumerate(suite(top)):
            tot[i] += n
    print("%d passed, %d failed, %d skipped" % tuple(tot))
    return 1 if tot[1] else 0


if __name__ == "__main__":
    sys.exit(main())
