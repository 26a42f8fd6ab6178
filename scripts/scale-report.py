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
    res = {"trace": {}, "plug": {}, "bench": {}, "mem": {}}
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
        # one line per function per hot-plug operation: the sum of its calls
        m = re.match(r"trace (\S+) (\S+) (\d+) (\d+)$", line)
        if m:
            res["trace"].setdefault((m.group(1), m.group(2)), []).append(
                (int(m.group(3)), int(m.group(4))))
            continue
        m = re.match(r"plug (\d+) \S+ node=\d+ own_kB=(-?\d+) total_kB=(\d+)",
                     line)
        if m:
            res["plug"][int(m.group(1))] = (int(m.group(2)), int(m.group(3)))
            continue
        m = re.match(r"mem (\S+) memmap_kB=(\d+) slab_kB=(\d+) percpu_kB=(\d+)",
                     line)
        if m:
            res["mem"][m.group(1)] = tuple(int(x) for x in m.groups()[1:])
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
    """Per boot the median over the operations of PHASE, then over boots."""
    vals = [statistics.median(t for t, _ in r["trace"][(phase, fn)])
            for r in runs if (phase, fn) in r["trace"]]
    return over_boots(vals, "%s %s" % (phase, fn))


def calls(phase, fn):
    return statistics.median(n for r in runs for _, n in r["trace"].get((phase, fn), [(0, 0)]))


def fmt(vals):
    return " ".join("%.0f" % v for v in vals)


print("== hot-plug of one 256 MiB device with the 7 others online, per"
      " operation (guest instructions under -icount; per boot the median of"
      " its operations, then the median over boots)")
print("%-34s %-15s %5s %11s %6s  per boot" % ("function (sum of its calls)",
                                              "operation", "calls", "median",
                                              "sprd%"))
fns = ("add_memory_resource", "online_pages", "offline_pages",
       "offline_and_remove_memory_ranges", "build_all_zonelists")
for phase in ("managed_plug", "managed_unplug", "kmem_plug", "kmem_unplug"):
    for fn in fns:
        if not any((phase, fn) in r["trace"] for r in runs):
            continue
        med, spr, vals = trace_fig(phase, fn)
        print("%-34s %-15s %5.0f %11.0f %6.2f  %s" % (fn, phase, calls(phase, fn),
                                                     med, spr, fmt(vals)))

print("\n== first plug of each device as a managed node: the k-th to come online")
print("%2s %20s %6s %6s %14s %8s" % ("k", "build_all_zonelists", "calls",
                                     "sprd%", "online_pages", "own_kB"))
zl = {}
for k in range(1, 9):
    zmed, zspr, _ = trace_fig("first%d" % k, "build_all_zonelists")
    omed, _, _ = trace_fig("first%d" % k, "online_pages")
    own, _, _ = over_boots([r["plug"][k][0] for r in runs if k in r["plug"]],
                           "plug %d own_kB" % k)
    zl[k] = (zmed, zspr)
    print("%2d %20.0f %6.0f %6.2f %14.0f %8.0f" % (k, zmed, calls("first%d" % k,
          "build_all_zonelists"), zspr, omed, own))
total = runs[0]["plug"][1][1]
print("# own_kB: memory in use on the node itself once online (of %d kB)" % total)


def mem_delta(a, b, div=1):
    """Counters b - a (kB), per boot, then the median over boots."""
    out = []
    for i, what in enumerate(("memmap", "slab", "percpu")):
        vals = []
        for r in runs:
            if isinstance(a, list):
                ds = [r["mem"][y][i] - r["mem"][x][i] for x, y in zip(a, b)
                      if x in r["mem"] and y in r["mem"]]
                if ds:
                    vals.append(statistics.median(ds))
            elif a in r["mem"] and b in r["mem"]:
                vals.append((r["mem"][b][i] - r["mem"][a][i]) / div)
        if len(vals) != rounds:
            sys.exit("scale: memory %s -> %s: %d of %d boots" % (a, b, len(vals), rounds))
        out.append("%s %+.0f (%s)" % (what, statistics.median(vals),
                                      " ".join("%+.0f" % v for v in vals)))
    return ", ".join(out)


print("\n== kernel memory per node, kB: struct pages of hot-added memory,"
      " slab, per-CPU (median over boots, per boot in brackets)")
print("added by dax kmem, offline (first time: the node's pgdat too), per node: "
      + mem_delta("none", "kmem_added", 8))
print("hot-plugged by anondax as a managed node (median of the 8): "
      + mem_delta(["released%d" % k for k in range(1, 9)],
                  ["managed%d" % k for k in range(1, 9)]))
print("hot-plugged again as kmem (median of 10): "
      + mem_delta(["kmem_unplugged%d" % i for i in range(10)],
                  ["kmem_plugged%d" % i for i in range(10)]))
print("after 80 managed cycles, all 8 online again, over before them: "
      + mem_delta("managed8", "cycled"))

lines = []
for loop in ("anon_fault", "shmem_alloc"):
    n_med, n_spr, n_vals = over_boots(
        [r["bench"][("managed8", loop)] for r in runs if ("managed8", loop) in r["bench"]],
        "managed8 " + loop)
    d_med, d_spr, d_vals = over_boots(
        [r["bench"][("managed1", loop)] for r in runs if ("managed1", loop) in r["bench"]],
        "managed1 " + loop)
    print("# %s per page: 1 managed node online %.1f (%s), 8 online %.1f (%s)" %
          (loop, d_med, " ".join("%.1f" % v for v in d_vals), n_med,
           " ".join("%.1f" % v for v in n_vals)))
    lines.append("ratio managed8_online %s %.4f spread %.2f" %
                 (loop, n_med / d_med, max(n_spr, d_spr)))
for fn, ph in (("online_pages", "plug"), ("offline_pages", "unplug"),
               ("build_all_zonelists", "plug")):
    n_med, n_spr, _ = trace_fig("managed_" + ph, fn)
    d_med, d_spr, _ = trace_fig("kmem_" + ph, fn)
    lines.append("ratio hotplug_managed_vs_kmem %s_%s %.4f spread %.2f" %
                 (ph, fn, n_med / d_med, max(n_spr, d_spr)))
lines.append("ratio zonelists_8_vs_1 build_all_zonelists %.4f spread %.2f" %
             (zl[8][0] / zl[1][0], max(zl[8][1], zl[1][1])))
print("\n".join(lines))
