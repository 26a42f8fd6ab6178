#!/usr/bin/env bash
# Run the same guest job on the unpatched base and on the series, and
# compare. Each side builds in its own worktree under build/compare/<side>,
# with configs/upstream-numa.config on top of the test config (madvise,
# KSM, 4 CPUs), and for bench and scale configs/bench.config (no debug
# checks). The numa job boots 4 vCPUs (migration needs 3), the bench
# job 2, as make test does.
#
#   compare.sh numa    upstream mm/migration and the ksm_numa category
#   compare.sh bench   bench/fault_bench under -icount: ratios series/base
#                      (ROUNDS=N boots per side, default 3)
#   compare.sh scale   the series alone (side "scale", configs/scale.config
#                      on top: the function_graph tracer) in a guest with 8
#                      CXL devices as 8 managed nodes, under -icount: hot-plug
#                      durations, memory per node, and the normal-node loops
#                      with 8 managed nodes online over 1 (ROUNDS boots)
#   compare.sh upstream  the kernel's own test suites, base against series,
#                      one kernel pair per suite in build/upstream/<suite>
#                      (SUITES="mm cxl" by default): mm, the mm selftests
#                      (run_vmtests.sh, every category the test kernel can
#                      carry): base with both CXL regions on kmem, the series
#                      the same, the series with one a managed node; cxl,
#                      cxl_test (tools/testing/cxl, modules) with ndctl's cxl
#                      test suite, base and series. A table per suite,
#                      regressions counted
#   REUSE=1            boot the kernels the last run built, without rebuilding
#   REUSE=base         rebuild the series only (after a change to it), and
#                      boot it against the base kernel the last run built
set -euo pipefail
. "$(dirname "$0")/lib.sh"
S=$TOP/scripts
mode=${1:-}
case $mode in
numa)	job=$TOP/guest/jobs/numa.sh kst="mm/migration mm/ksm_tests" smp=4 rounds=1 ;;
bench)	job=$TOP/guest/jobs/bench.sh kst="" smp=2 rounds=${ROUNDS:-3}
	export VM_ICOUNT=1 ;;
scale)	job=$TOP/guest/jobs/scale.sh kst="" smp=2 rounds=${ROUNDS:-3}
	export VM_ICOUNT=1 VM_CXL_DEVS=8 ;;
upstream)
	suites=${SUITES:-mm cxl}
	for s in $suites; do
		case $s in mm|cxl) ;; *) die "SUITES=$s: the suites are 'mm' and 'cxl'" ;; esac
	done
	for s in $suites; do
		"$0" "upstream-$s" || die "upstream-compare: the $s suite did not run"
	done
	# shellcheck disable=SC2046
	exec python3 "$S/upstream-report.py" $(for s in $suites; do echo "$BUILD/upstream/$s"; done) ;;
upstream-mm)
	job=$TOP/guest/jobs/upstream-mm.sh kst="mm/ALL" smp=4 rounds=1
	runs="base:kmem series:kmem series:managed"
	export EXTRA_TOOLS=bash VM_MEM_MB=${VM_MEM_MB:-2048} ;;
upstream-cxl)
	job=$TOP/guest/jobs/upstream-cxl.sh kst="" smp=2 rounds=1
	runs="base:cxl series:cxl"
	NDCTL_TESTS=$("$S/fetch-ndctl-tests.sh")
	export NDCTL_TESTS EXTRA_TOOLS="bash jq modprobe mktemp" VM_MEM_MB=${VM_MEM_MB:-2048} VM_CXL_DEVS=0 VM_DRAM_NODES=2 ;;
*)	die "compare.sh: mode must be 'numa', 'bench', 'scale' or 'upstream'" ;;
esac
frags=("$TOP/configs/upstream-numa.config")
case $mode in
numa) ;;
upstream-mm) frags+=("$TOP/configs/upstream-mm.config") ;;
upstream-cxl) frags=("$TOP/configs/upstream-cxl.config") ;;
*) frags+=("$TOP/configs/bench.config") ;;
esac
# Kernels of their own for the upstream suites: the bench's stay.
cdir=$BUILD/compare
case $mode in upstream-*) cdir=$BUILD/upstream/${mode#upstream-} ;; esac
[ "$mode" = scale ] && frags+=("$TOP/configs/scale.config")
# The allocator functions the series touches, for their sizes.
BENCH_FUNCS="__alloc_frozen_pages_noprof get_page_from_freelist
__alloc_pages_slowpath alloc_pages_mpol __alloc_pages_mpol
folio_alloc_mpol_noprof alloc_pages_noprof vma_alloc_folio_noprof
alloc_frozen_pages_noprof __folio_alloc_noprof prepare_alloc_pages
__cpuset_zone_allowed __free_frozen_pages free_unref_folios
alloc_pages_private alloc_frozen_pages_policy_noprof alloc_pages_mpol_managed"
declare -A rev=([base]=base [series]=HEAD [scale]=HEAD)
sides="base series"
[ "$mode" = scale ] && sides=scale
for side in $sides; do
	b=$cdir/$side
	if [ "${REUSE:-}" = 1 ] || [ "${REUSE:-}" = "$side" ]; then
		[ -f "$b/obj/arch/x86/boot/bzImage" ] && [ -f "$b/initramfs.cpio.gz" ] ||
			die "REUSE=$REUSE: no $side kernel built yet"
		# The upstream suites' guests repack their initramfs (a change
		# to a job takes effect); kernel, modules and tests stay.
		case $mode in
		upstream-*)
			[ "$mode" = upstream-mm ] || export MODROOT=$b/modroot
			BUILD=$b KSRC=$KSRC "$S/initramfs.sh" ;;
		esac
		continue
	fi
	mkdir -p "$b"
	git -C "$KSRC" worktree remove --force "$b/linux" 2>/dev/null || rm -rf "$b/linux"
	git -C "$KSRC" worktree prune
	git -C "$KSRC" worktree add -q --detach "$b/linux" "${rev[$side]}"
	info "$side: $(git -C "$b/linux" log -1 --format='%h %s')"
	# The series' own options do not exist on the base.
	cat "${frags[@]}" > "$b/extra.config"
	for o in $SERIES_OPTIONS; do
		tree_has_option "$b/linux" "$o" || echo "# CONFIG_$o is not set" >> "$b/extra.config"
	done
	BUILD=$b KSRC=$b/linux CONFIG_EXTRA=$b/extra.config "$S/build-kernel.sh"
	rm -rf "$b/kselftest"
	[ -z "$kst" ] || BUILD=$b KSRC=$b/linux KSELFTESTS="$kst" "$S/build-selftests.sh"
	if [ "$mode" = upstream-cxl ]; then
		# The kernel's modules, then cxl_test's, which install under
		# updates/ and so take the place of the CXL core and drivers.
		rm -rf "$b/modroot"
		kmm() { make -s -C "$b/linux" O="$b/obj" CC="ccache gcc" -j"$(($(nproc) + 1))" "$@"; }
		kmm modules >/dev/null
		kmm INSTALL_MOD_PATH="$b/modroot" modules_install >/dev/null
		kmm M="$b/linux/tools/testing/cxl" modules >/dev/null ||
			die "$side: cxl_test (tools/testing/cxl) does not build"
		kmm M="$b/linux/tools/testing/cxl" INSTALL_MOD_PATH="$b/modroot" modules_install >/dev/null
		export MODROOT=$b/modroot
	fi
	if [ "$mode" = bench ] || [ "$mode" = scale ]; then
		mkdir -p "$b/kselftest/bench"
		gcc -O2 -Wall -static -o "$b/kselftest/bench/fault_bench" "$TOP/bench/fault_bench.c"
		# The allocator microbenchmark, a module built against this tree.
		rm -rf "$b/pab" && cp -r "$TOP/bench/page_alloc_bench" "$b/pab"
		make -s -C "$b/linux" O="$b/obj" CC="ccache gcc" -j"$(($(nproc) + 1))" modules >/dev/null
		make -s -C "$b/linux" O="$b/obj" CC="ccache gcc" M="$b/pab" modules >/dev/null
		cp "$b/pab/page_alloc_bench.ko" "$b/kselftest/bench/"
	fi
	BUILD=$b KSRC=$b/linux "$S/initramfs.sh"
	git -C "$KSRC" worktree remove --force "$b/linux"
done

case $mode in
upstream-*)
	if [ "$mode" = upstream-mm ]; then
		cats=${CATS:-$(grep -v '^#' "$TOP/configs/upstream-mm.cats" | xargs)}
		what="run_vmtests.sh categories: $cats"
		cmd="${SERVICES:+SERVICES='$SERVICES' }CATS='$cats' . /lib/mn/jobs/upstream-mm.sh"
	else
		what="ndctl's cxl tests on cxl_test${TESTS:+: $TESTS}"
		cmd="${TESTS:+TESTS='$TESTS' }. /lib/mn/jobs/upstream-cxl.sh"
	fi
	# The guests at once: each is one TCG thread, and together they
	# take about half the time they take in turn on two cores.
	pids=()
	for run in $runs; do
		side=${run%:*} m=${run#*:}
		info "$side, $m: $what"
		(
			rc=0
			BUILD=$cdir/$side VM_SMP=$smp "$S/vm.sh" \
				--cmd "MODE=$m $cmd" \
				--quiet --timeout "${UPSTREAM_TIMEOUT:-3600}" \
				--log "$cdir/$side/$m-console.log" \
				--results "$cdir/$side/$m-results.log" || rc=$?
			[ "$rc" -le 1 ] || warn "$side, $m: the guest did not finish (console: $cdir/$side/$m-console.log)"
		) &
		pids+=($!)
	done
	wait "${pids[@]}"
	exit 0 ;;
esac

# Boot the two sides in turn, $rounds times: under TCG one boot differs
# from the next by more than the effect measured, so the bench reports the
# median over boots.
for round in $(seq "$rounds"); do
	for side in $sides; do
		b=$BUILD/compare/$side
		info "$side: boot $round of $rounds"
		rc=0
		BUILD=$b VM_SMP=$smp "$S/vm.sh" --job "$job" --quiet --timeout 1500 \
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
if [ "$mode" = scale ]; then
	exec python3 "$S/scale-report.py" "$BUILD/compare/scale" "$rounds"
fi
# bench: per boot, fault_bench prints the median over its 9 runs; here the
# median over boots of each figure, its spread (max - min over median), and
# the ratios. A ratio's spread is the larger of its two figures' spreads.
python3 "$S/jump-sites.py" "$BUILD/compare/base/obj/vmlinux" \
	"$BUILD/compare/series/obj/vmlinux" $BENCH_FUNCS
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
def fig(side, sec, loop):
    vals = [r[(sec, loop)] for r in runs[side] if (sec, loop) in r]
    if len(vals) != rounds:
        sys.exit("bench: %s %s %s: %d of %d boots reported it" %
                 (side, sec, loop, len(vals), rounds))
    med = statistics.median(vals)
    return med, (max(vals) - min(vals)) / med * 100, vals
# (section, loop, numerator, denominator), each a (side, bench section)
normal = ("anon_fault", "shmem_alloc", "file_fault")
ratios = [(sec, loop, ("series", sec), ("base", sec))
          for sec in ("no_cxl", "kmem_online", "managed_online") for loop in normal]
ratios += [(sec, loop, ("series", sec), ("base", sec))
           for sec in ("no_cxl", "kmem_online", "managed_online")
           for loop in ("alloc_order0", "alloc_order9")]
ratios += [("managed_vs_kmem", loop, ("series", "target_managed"),
            ("series", "target_kmem")) for loop in ("mbind_fault", "move_pages")]
print("%-16s %-12s %10s %6s %10s %6s  per boot" %
      ("section", "loop", "denom", "sprd%", "numer", "sprd%"))
lines = []
for sec, loop, num, den in ratios:
    n_med, n_spr, n_vals = fig(num[0], num[1], loop)
    d_med, d_spr, d_vals = fig(den[0], den[1], loop)
    print("%-16s %-12s %10.1f %6.2f %10.1f %6.2f  %s:%s %s | %s:%s %s" %
          (sec, loop, d_med, d_spr, n_med, n_spr, den[0], den[1],
           " ".join("%.1f" % v for v in d_vals), num[0], num[1],
           " ".join("%.1f" % v for v in n_vals)))
    lines.append("ratio %s %s %.4f spread %.2f diff %+.1f" %
                 (sec, loop, n_med / d_med, max(n_spr, d_spr), n_med - d_med))
print("\n".join(lines))
PY
