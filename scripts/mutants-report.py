#!/usr/bin/env python3
"""Print build/mutants/results.tsv (written by scripts/mutants.sh) as a
Markdown table: each mutant, what it breaks, its verdict, the pass that
decided it (quick: only its named tests; whole: the whole job), the
tests that failed, the run time and the series it ran on. The last line
of a mutant wins when it ran more than once."""
import os
import sys

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(top, 'build', 'mutants', 'results.tsv')
rows = {}
with open(path) as f:
    for line in f:
        fields = line.rstrip('\n').split('\t')
        if len(fields) == 6:
            rows[fields[0]] = fields
names = sorted(n[:-5] for n in os.listdir(os.path.join(top, 'mutants')) if n.endswith('.diff'))


def what(name):
    with open(os.path.join(top, 'mutants', name + '.diff')) as f:
        for line in f:
            if line.startswith('# mutant: '):
                return line[len('# mutant: '):].strip().replace('|', '\\|')
    return ''


print('| mutant | what it breaks | verdict | pass | failed tests | s | series |')
print('|---|---|---|---|---|---|---|')
for n in names:
    r = rows.get(n)
    if r:
        print('| %s | %s | %s | %s | %s | %s | %s |' % (n, what(n), r[1], r[2], r[4].strip().replace('|', '\\|'), r[3], r[5]))
    else:
        print('| %s | %s | not run | | | | |' % (n, what(n)))
done = [r for r in rows.values() if r[0] in names]
print()
print('%d of %d mutants run: %d killed, %d survived.' % (
    len(done), len(names), sum(r[1] == 'killed' for r in done), sum(r[1] == 'survived' for r in done)))
