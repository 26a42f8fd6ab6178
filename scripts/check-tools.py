#!/usr/bin/env python3
"""Filter compiler/sparse/kernel-doc output down to what the series owns.

Reads tool output on stdin, one diagnostic per line ("file:line:..."), and
prints those that fall on a file the series adds, or on a line it adds to a
file it touches (the diff base..HEAD of the tree in argv[1]). Paths may be
absolute or relative to the tree. Exit status 1 if anything was printed.
"""
import os
import re
import subprocess
import sys

tree = os.path.realpath(sys.argv[1])
diff = subprocess.run(["git", "-C", tree, "diff", "-U0", "--no-renames", "base..HEAD"],
                      check=True, capture_output=True, text=True).stdout
added, new = {}, set()
cur = None
for line in diff.splitlines():
    if line.startswith("+++ "):
        cur = line[6:] if line.startswith("+++ b/") else None
        added.setdefault(cur, set())
    elif line.startswith("--- /dev/null"):
        pending_new = True
    elif line.startswith("@@") and cur:
        m = re.match(r"@@ -\S+ \+(\d+)(?:,(\d+))? @@", line)
        start, count = int(m.group(1)), int(m.group(2) or 1)
        added[cur].update(range(start, start + count))
    if line.startswith("diff --git"):
        pending_new = False
    if line.startswith("new file mode"):
        new.add(line)  # resolved below
# New files: those whose old side is /dev/null.
for m in re.finditer(r"^--- /dev/null\n\+\+\+ b/(\S+)", diff, re.M):
    new.add(m.group(1))

bad = 0
diag = re.compile(r"^(?:warning: |error: )?(/?[\w./+-]+\.[chS]|[\w./+-]+\.rst):(\d+)")
for line in sys.stdin:
    m = diag.match(line.strip())
    if not m:
        continue
    path = os.path.realpath(os.path.join(tree, m.group(1)))
    if not path.startswith(tree + "/"):
        continue
    rel = path[len(tree) + 1:]
    if rel in new or int(m.group(2)) in added.get(rel, ()):
        print("   " + line.rstrip())
        bad = 1
sys.exit(bad)
