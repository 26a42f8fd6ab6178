#!/usr/bin/env python3
"""Static shape of the allocator's hot functions, base against series.

  jump-sites.py BASE_VMLINUX SERIES_VMLINUX FUNC...

For each function (nm -S): its size in bytes, its instructions
(objdump -d), and the jump-label sites in it: the __jump_table entries
(struct jump_entry: s32 code, s32 target, long key; x86-64's relative
form, between __start___jump_table and __stop___jump_table) whose code
address lies inside the function. A function the
compiler inlined everywhere prints "-".
"""
import re
import struct
import subprocess
import sys


def run(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True,
                          check=True).stdout


def jump_sites(vmlinux):
    """Code addresses of the jump labels: __start/__stop___jump_table."""
    syms = {}
    for line in run("nm", vmlinux).splitlines():
        f = line.split()
        if len(f) == 3 and f[2] in ("__start___jump_table",
                                    "__stop___jump_table"):
            syms[f[2]] = int(f[0], 16)
    if len(syms) != 2:
        return []
    start, stop = syms["__start___jump_table"], syms["__stop___jump_table"]
    for line in run("readelf", "-S", "-W", vmlinux).splitlines():
        f = line.replace("[ ", "[").split()
        if len(f) > 6 and re.match(r"^\[\d+\]$", f[0]):
            addr, off, size = int(f[3], 16), int(f[4], 16), int(f[5], 16)
            if addr <= start and stop <= addr + size and f[2] == "PROGBITS":
                break
    else:
        return []
    with open(vmlinux, "rb") as fh:
        fh.seek(off + start - addr)
        data = fh.read(stop - start)
    return [start + i + struct.unpack_from("<i", data, i)[0]
            for i in range(0, len(data) - 15, 16)]


def shape(vmlinux, funcs):
    syms = {}
    for line in run("nm", "-S", vmlinux).splitlines():
        f = line.split()
        if len(f) == 4 and f[2] in "tT" and f[3] in funcs:
            syms.setdefault(f[3], (int(f[0], 16), int(f[1], 16)))
    sites = jump_sites(vmlinux)
    res = {}
    for fn, (start, size) in syms.items():
        dis = run("objdump", "-d", "--no-show-raw-insn",
                  "--start-address=%#x" % start,
                  "--stop-address=%#x" % (start + size), vmlinux)
        insns = sum(1 for l in dis.splitlines()
                    if re.match(r"^\s*[0-9a-f]+:\s+\S", l))
        res[fn] = (size, insns,
                   sum(1 for a in sites if start <= a < start + size))
    return res


def main():
    base, series, funcs = sys.argv[1], sys.argv[2], sys.argv[3:]
    b, s = shape(base, funcs), shape(series, funcs)
    print("%-32s %15s %15s %13s" % ("function", "bytes base/ser",
                                     "insns base/ser", "jump sites"))
    for fn in funcs:
        cell = lambda i: "%s/%s" % (b[fn][i] if fn in b else "-",
                                    s[fn][i] if fn in s else "-")
        print("%-32s %15s %15s %13s" % (fn, cell(0), cell(1), cell(2)))
        if fn in s:
            print("jump_sites %s %d %d" % (fn, b[fn][2] if fn in b else 0,
                                           s[fn][2]))


if __name__ == "__main__":
    main()
