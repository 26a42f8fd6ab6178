#!/usr/bin/env python3
"""Turn a guest run into per-test results and the closing count line.

Inputs: the console log (kernel log, with the KTAP of the KUnit suites that
ran at boot) and the results log (second serial port: sections of TAP/KTAP
between "==== MN BEGIN name ====" and "==== MN END name rc=N ====").
Every KTAP/TAP stream is parsed by the kernel's own parser
(tools/testing/kunit/kunit.py parse --json). The kernel log is also checked
for warnings, BUGs and sanitizer reports: a run that produced one fails.
Prints "PASS|FAIL|SKIP name" lines and ends with "N passed, N failed, N skipped".
More CONSOLE_LOG RESULTS_LOG pairs are the other guests of one sharded run
(scripts/run-tests.sh): their sections and kernel logs are checked the same
way; the boot KUnit suites, the same in every guest, count once.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

BAD_LOG = re.compile(r'(WARNING: CPU: |BUG: |Oops|KASAN: |UBSAN: |Kernel panic|'
                     r'possible circular locking|possible recursive locking|'
                     r'INFO: task .* blocked|general protection fault|'
                     r'list_add corruption|Bad page state)')
SECTION = re.compile(r'^==== MN BEGIN (\S+) ====\s*$')
END = re.compile(r'^==== MN END (\S+) rc=(\d+) ====\s*$')


class Results:
    def __init__(self):
        self.rows = []

    def add(self, status, name, detail=''):
        self.rows.append((status, name, detail))


def kunit_parse(kunit_py, text):
    """Parse a KTAP/TAP stream with kunit.py; returns the JSON tree or None."""
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, 'in.log')
        out = os.path.join(d, 'out.json')
        with open(src, 'w') as f:
            f.write(text)
        p = subprocess.run([sys.executable, kunit_py, 'parse', '--json=' + out, src],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if not os.path.exists(out):
            return None, p.stdout
        with open(out) as f:
            return json.load(f), p.stdout


def leaves(group, prefix):
    """Yield (name, status) for every test case under a parsed group."""
    for tc in group.get('test_cases', []):
        yield prefix + tc['name'], tc['status']
    for sg in group.get('sub_groups', []):
        yield from leaves(sg, prefix + sg['name'] + '.')


def sections(text):
    """Split the results log into (name, rc or None, body)."""
    cur, body = None, []
    for line in text.splitlines():
        m = SECTION.match(line)
        if m:
            if cur:
                yield cur, None, '\n'.join(body)
            cur, body = m.group(1), []
            continue
        m = END.match(line)
        if m and cur == m.group(1):
            yield cur, int(m.group(2)), '\n'.join(body)
            cur, body = None, []
            continue
        if cur:
            body.append(line)
    if cur:
        yield cur, None, '\n'.join(body)


def add_stream(res, kunit_py, name, text, rc):
    tree, out = kunit_parse(kunit_py, text)
    cases = list(leaves(tree, name + '.')) if tree else []
    if not cases:
        res.add('FAIL', name, 'no test results (rc=%s)' % rc)
        return
    for case, status in cases:
        res.add({'PASS': 'PASS', 'SKIP': 'SKIP'}.get(status, 'FAIL'), case)
    if rc is None:
        res.add('FAIL', name, 'did not finish (guest died or hung inside it)')
    elif rc not in (0, 4) and all(s in ('PASS', 'SKIP') for _, s in cases):
        res.add('FAIL', name, 'exit code %d but no failing test' % rc)


def main():
    if len(sys.argv) < 4 or len(sys.argv) % 2:
        sys.exit('usage: report.py CONSOLE_LOG RESULTS_LOG [CONSOLE_LOG RESULTS_LOG ...] KUNIT_PY')
    kunit_py = sys.argv[-1]
    pairs = list(zip(sys.argv[1:-1:2], sys.argv[2:-1:2]))
    res = Results()
    for i, (console_log, results_log) in enumerate(pairs):
        console = open(console_log, errors='replace').read()
        results = open(results_log, errors='replace').read() if os.path.exists(results_log) else ''
        guest = ' (guest %d)' % (i + 1) if i else ''

        # KUnit suites that ran at boot.
        if i:
            pass
        elif re.search(r'K?TAP version', console):
            add_stream(res, kunit_py, 'kunit', console, 0)
        else:
            res.add('FAIL', 'kunit', 'no KTAP output in the console log')

        for name, rc, body in sections(results):
            add_stream(res, kunit_py, name, body, rc)

        if not re.search(r'^==== MN DONE rc=\d+ ====', results, re.M):
            res.add('FAIL', 'guest:finished' + guest, 'the guest did not finish the job (panic, hang or timeout)')

        bad = [l.strip() for l in console.splitlines() if BAD_LOG.search(l)]
        if bad:
            res.add('FAIL', 'kernel:log-clean' + guest, bad[0] + (' (+%d more)' % (len(bad) - 1) if len(bad) > 1 else ''))
        else:
            res.add('PASS', 'kernel:log-clean' + guest)

    for status, name, detail in res.rows:
        print('%-4s  %s%s' % (status, name, ('  -- ' + detail) if detail else ''))
    n = {s: sum(1 for r in res.rows if r[0] == s) for s in ('PASS', 'FAIL', 'SKIP')}
    print('%d passed, %d failed, %d skipped' % (n['PASS'], n['FAIL'], n['SKIP']))
    return 1 if n['FAIL'] else 0


if __name__ == '__main__':
    sys.exit(main())
