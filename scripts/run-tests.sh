#!/usr/bin/env bash
# Boot the CXL guest with the test job and report. Expects the kernel,
# kselftests and initramfs built (make test does that first).
# The test job runs as two guests at once (SHARDS=2, the default: a TCG
# guest keeps one host core busy, and this machine has two): shard 2
# takes the managed_nodes tests that fill CXL memory, shard 1 the rest
# (guest/jobs/test.sh, MN_SHARD). SHARDS=1 runs the whole job in one.
# For make mutants: KERNEL (vm.sh), LOGS (directory) and LOG_PREFIX for the
# logs ($LOGS/${LOG_PREFIX}test-console.log, ...), JOB_HEAD (shell lines put
# before the job).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
logs=${LOGS:-$BUILD/logs}
lp=${LOG_PREFIX:-}
mkdir -p "$logs"
# The debug kernel (KASAN, lockdep) runs the job about three times slower
# (2400 s was not enough on this machine for one guest: cxl_sysram had
# begun at 2236 s). The job takes 850-870 s here in one guest: the limit
# catches a hang, not a slow run.
timeout=${TEST_TIMEOUT:-$([ -n "${DEBUG:-}" ] && echo 3000 || echo 1200)}
job=$TOP/guest/jobs/${JOB:-test}.sh
shards=${SHARDS:-2}
[ "${JOB:-test}" = test ] || shards=1
case $shards in 1|2) ;; *) die "SHARDS must be 1 or 2" ;; esac
mkdir -p "$BUILD/run"
run=$(mktemp -d "$BUILD/run/tests.XXXXXX")
trap 'rm -rf "$run"' EXIT

for n in $(seq 1 "$shards"); do
	s=""; [ "$n" = 1 ] || s=-$n
	eval "console_$n=\$logs/\${lp}test-console$s.log results_$n=\$logs/\${lp}test-results$s.log"
done

start=$(date +%s)
pids=()
for n in $(seq 1 "$shards"); do
	eval "c=\$console_$n r=\$results_$n"
	{
		[ "$shards" = 1 ] || echo "MN_SHARD=$n"
		[ -z "${JOB_HEAD:-}" ] || printf '%s\n' "$JOB_HEAD"
		cat "$job"
	} > "$run/job-$n.sh"
	"$TOP/scripts/vm.sh" --job "$run/job-$n.sh" --quiet --timeout "$timeout" \
		--log "$c" --results "$r" > "$run/vm-$n.out" 2>&1 &
	pids+=($!)
done
vmrc=0
for n in $(seq 1 "$shards"); do
	eval "c=\$console_$n"
	rc=0
	wait "${pids[$((n - 1))]}" || rc=$?
	cat "$run/vm-$n.out" >&2
	if [ "$rc" = 2 ]; then
		# From the guest watchdog's stack dump if there is one, else the end.
		if grep -q '^mn: watchdog:' "$c"; then
			sed -n '/^mn: watchdog:/,$p' "$c" | head -80
		else
			tail -30 "$c"
		fi | sed "s/^/    console $n: /" >&2
		echo "error: guest $n did not finish the test job (see above)" >&2
	fi
	[ "$rc" = 0 ] || vmrc=$rc
done
info "$shards guest(s) ran $(($(date +%s) - start)) s (consoles: ${logs#"$TOP"/}/${lp}test-console*.log, results: ${logs#"$TOP"/}/${lp}test-results*.log)"
rrc=0
args=()
for n in $(seq 1 "$shards"); do
	eval "args+=(\"\$console_$n\" \"\$results_$n\")"
done
python3 "$TOP/scripts/report.py" "${args[@]}" "$KSRC/tools/testing/kunit/kunit.py" || rrc=$?
[ "$rrc" = 0 ] && [ "$vmrc" = 0 ]
