#!/usr/bin/env bash
# Run the same guest job on the unpatched base and on the series, and
# compare. Each side builds in its own worktree under build/compare/<side>,
# with configs/upstream-numa.config on top of the test config (madvise,
# KSM, 4 CPUs). The numa job boots 4 vCPUs (migration needs 3), the bench
# job 2, as make test does.
#
#   compare.sh numa    upstream mm/migration and the ksm_numa category
#   compare.sh bench   bench/fault_bench: ratios series/base
set -euo pipefail
. "$(dirname "$0")/lib.sh"
S=$TOP/scripts
mode=${1:-}
case $mode in
numa)	job=$TOP/guest/jobs/numa.sh kst="mm/migration mm/ksm_tests" smp=4 rounds=1 ;;
bench)	job=$TOP/guest/jobs/bench.sh kst="" smp=2 rounds=${ROUNDS:-3} ;;
*)	die "compare.sh: mode must be 'numa' or 'bench'" ;;
esac
frag=$TOP/configs/upstream-numa.config
declare -A rev=([base]=base [series]=HEAD)
for side in base series; do
	b=$BUILD/compare/$side
	mkdir -p "$b"
	git -C "$KSRC" worktree remove --force "$b/linux" 2>/dev/null || rm -rf "$b/linux"
	git -C "$KSRC" worktree prune
	git -C "$KSRC" worktree add -q --detach "$b/linux" "${rev[$side]}"
	info "$side: $(git -C "$b/linux" log -1 --format='%h %s')"
	# The series' own options do not exist on the base.
	cp "$frag" "$b/extra.config"
	for o in $SERIES_OPTIONS; do
		tree_has_option "$b/linux" "$o" || echo "# CONFIG_$o is not set" >> "$b/extra.config"
	done
	BUILD=$b KSRC=$b/linux CONFIG_EXTRA=$b/extra.config "$S/build-kernel.sh"
	rm -rf "$b/kselftest"
	[ -z "$kst" ] || BUILD=$b KSRC=$b/linux KSELFTESTS="$kst" "$S/build-selftests.sh"
	if [ "$mode" = bench ]; then
		mkdir -p "$b/kselftest/bench"
		gcc -O2 -Wall -static -o "$b/kselftest/bench/fault_bench" "$TOP/bench/fault_bench.c"
	fi
	BUILD=$b KSRC=$b/linux "$S/initramfs.sh"
	git -C "$KSRC" worktree remove --force "$b/linux"
done

# Boot the two sides in turn, $rounds times: under TCG one boot differs
# from the next by more than the effect measured, so the bench reports the
# median over boots.
for round in $(seq "$rounds"); do
	for side in base series; do
		b=$BUILD/compare/$side
		info "$side: boot $round of $rounds"
		rc=0
		BUILD=$b VM_SMP=$smp "$S/vm.sh" --job "$job" --quiet --timeout 900 \
			--log "$b/$mode-console.log" --results "$b/$mode-results.$round.log" || rc=$?
		[ "$rc" -le 1 ] || die "$side: guest failed (console: $b/$mode-console.log)"
	done
done

if [ "$mode" = numa ]; then
	for side in base series; do
		echo "== $side"
		grep -a -E '^(ok|not ok) |MN END' "$BUILD/compare/$side/numa-results.1.log" |
			grep -v '^ok 1 cxl_kmem_up'
	done
	exit 0
fi
# bench: per boot, the median ns/page of each loop; then the median over
# boots, and the ratio series/base.
python3 - "$BUILD/compare" "$rounds" <<'PY'
import re, statistics, sys
top, rounds = sys.argv[1], int(sys.argv[2])
def parse(path):
    res, sec = {}, None
    for line in open(path, errors="replace"):
        m = re.match(r"==== MN BEGIN bench:(\S+) ====", line)
        if m:
            sec = m.group(1)
        m = re.match(r"bench (\S+) ([\d.]+)", line)
        if m and sec:
            res[(sec, m.group(1))] = float(m.group(2))
    return res
runs = {side: [parse("%s/%s/bench-results.%d.log" % (top, side, r + 1))
               for r in range(rounds)] for side in ("base", "series")}
def med(side, key):
    vals = [r[key] for r in runs[side] if key in r]
    return (statistics.median(vals), vals) if vals else (None, [])
print("%-24s %-12s %11s %11s %6s  per boot (base | series)" %
      ("section", "loop", "base ns/pg", "series", "ratio"))
for key in sorted({k for r in runs["series"] for k in r}):
    sec, name = key
    s_med, s_vals = med("series", key)
    # A section the base cannot have is compared with its last one.
    b_med, b_vals = med("base", key)
    if b_med is None:
        b_med, b_vals = med("base", ("kmem_node_online", name))
    if b_med is None:
        continue
    print("%-24s %-12s %11.0f %11.0f %6.3f  %s | %s" %
          (sec, name, b_med, s_med, s_med / b_med,
           " ".join("%.0f" % v for v in b_vals),
           " ".join("%.0f" % v for v in s_vals)))
PY
