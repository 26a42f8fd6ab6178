#!/usr/bin/env python3
"""Report of make scale (compare.sh scale): DIR ROUNDS.

Reads DIR/scale-results.<round>.log, one per boot, written by
guest/jobs/scale.sh. Every figure is the median over boots with its spread
(max - min over median, %); within a boot, repeated events (10 hot-plug
cycles per device) are reduced to their median first. Under -icount a
guest nanosecond is a guest instruction.
"""
import re
import statistics
import sys

top, rounds = sys.argv[1], int(sys.argv[2])


def parse(path):
    res = {"trace": {}, "plug": {}, "bench": {}, "cycled": None}
    sec = None
    for line in open(path, errors="replace"):
        m = re.match(r"==== MN BEGIN (\S+) ====", line)
        if m:
            sec = m.group(1)
            continue
        m = re.match(r"==== MN END (\S+) rc=(\d+) ====", line)
        if m:
            if m.group(2) != "0":
                sys.exit("scale: %s: section %s failed (rc=%s)" %
                         (path, m.group(1), m.group(2)))
            sec = None
            continue
        m = re.match(r"trace (\S+) (\S+) (\d+)$", line)
        if m:
            res["trace"].setdefault((m.group(1), m.group(2)), []).append(
                int(m.group(3)))
            continue
        m = re.match(r"plug (\d+) \S+ node=\d+ node0_kB=(-?\d+) own_kB=(-?\d+)"
                     r" total_kB=(\d+)", line)
        if m:
            res["plug"][int(m.group(1))] = tuple(int(x) for x in m.groups()[1:])
            continue
        m = re.match(r"cycled .* node0_kB=(-?\d+)", line)
        if m:
            res["cycled"] = int(m.group(1))
            continue
        m = re.match(r"bench (\S+) ([\d.]+)", line)
        if m and sec and sec.startswith("bench:"):
            res["bench"][(sec[6:], m.group(1))] = float(m.group(2))
    return res


runs = [parse("%s/scale-results.%d.log" % (top, r + 1)) for r in range(rounds)]


def over_boots(vals, what):
    if len(vals) != rounds:
        sys.exit("scale: %s: %d of %d boots reported it" %
                 (what, len(vals), rounds))
    med = statistics.median(vals)
    spread = (max(vals) - min(vals)) / med * 100 if med else 0.0
    return med, spread, vals


def trace_fig(phase, fn):
    vals = [statistics.median(r["trace"][(phase, fn)]) for r in runs
            if (phase, fn) in r["trace"]]
    return over_boots(vals, "%s %s" % (phase, fn))


def fmt(vals):
    return " ".join("%.0f" % v for v in vals)


print("== hot-plug durations (guest instructions under -icount; per boot the"
      " median of the cycles)")
print("%-28s %-16s %12s %7s  per boot" % ("function", "phase", "median",
                                          "sprd%"))
fns = ("online_pages", "offline_pages", "build_all_zonelists")
for phase in ("managed_plug", "managed_unplug", "kmem_plug", "kmem_unplug"):
    for fn in fns:
        if not any((phase, fn) in r["trace"] for r in runs):
            continue
        med, spr, vals = trace_fig(phase, fn)
        print("%-28s %-16s %12.0f %7.2f  %s" % (fn, phase, med, spr, fmt(vals)))

print("\n== first plug of each device: the k-th managed node to come online")
print("%2s %22s %8s %12s %10s %10s" % ("k", "build_all_zonelists", "sprd%",
                                       "online_pages", "node0_kB", "own_kB"))
zl = {}
for k in range(1, 9):
    zmed, zspr, _ = trace_fig("first%d" % k, "build_all_zonelists")
    omed, _, _ = trace_fig("first%d" % k, "online_pages")
    n0, _, _ = over_boots([r["plug"][k][0] for r in runs if k in r["plug"]],
                          "plug %d node0_kB" % k)
    own, _, _ = over_boots([r["plug"][k][1] for r in runs if k in r["plug"]],
                           "plug %d own_kB" % k)
    zl[k] = (zmed, zspr)
    print("%2d %22.0f %8.2f %12.0f %10.0f %10.0f" % (k, zmed, zspr, omed, n0, own))
total = runs[0]["plug"][1][2]
print("# each node has %d kB; its struct pages alone take %d kB (64 bytes per"
      " 4 KiB page)" % (total, (total // 4) * 64 // 1024))
leak, _, vals = over_boots([r["cycled"] for r in runs if r["cycled"] is not None],
                           "cycled node0_kB")
print("# node 0 after %s hot-plug cycles of the 8 devices: %+.0f kB in use"
      " (per boot: %s)" % ("10", leak, fmt(vals)))

lines = []
for loop in ("anon_fault", "shmem_alloc"):
    n_med, n_spr, n_vals = over_boots(
        [r["bench"][("managed8", loop)] for r in runs if ("managed8", loop) in r["bench"]],
        "managed8 " + loop)
    d_med, d_spr, d_vals = over_boots(
        [r["bench"][("managed1", loop)] for r in runs if ("managed1", loop) in r["bench"]],
        "managed1 " + loop)
    print("# %s: 1 managed node %.1f (%s), 8 managed nodes %.1f (%s)" %
          (loop, d_med, " ".join("%.1f" % v for v in d_vals), n_med,
           " ".join("%.1f" % v for v in n_vals)))
    lines.append("ratio managed8_online %s %.4f spread %.2f" %
                 (loop, n_med / d_med, max(n_spr, d_spr)))
for fn in ("online_pages", "offline_pages"):
    ph = "plug" if fn == "online_pages" else "unplug"
    n_med, n_spr, _ = trace_fig("managed_" + ph, fn)
    d_med, d_spr, _ = trace_fig("kmem_" + ph, fn)
    lines.append("ratio hotplug_managed_vs_kmem %s %.4f spread %.2f" %
                 (fn, n_med / d_med, max(n_spr, d_spr)))
lines.append("ratio zonelists_8_vs_1 build_all_zonelists %.4f spread %.2f" %
             (zl[8][0] / zl[1][0], max(zl[8][1], zl[1][1])))
print("\n".join(lines))
