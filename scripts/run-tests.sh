#!/usr/bin/env bash
# Boot the CXL guest with the test job and report. Expects the kernel,
# kselftests and initramfs built (make test does that first).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
logs=$BUILD/logs
mkdir -p "$logs"
# The debug kernel (KASAN, lockdep) runs the job about three times slower
# (2400 s was not enough on this machine: cxl_sysram had begun at 2236 s).
# The job takes 850-870 s here (866 s alone on this stop's tree):
# the limit catches a hang, not a slow run.
timeout=${TEST_TIMEOUT:-$([ -n "${DEBUG:-}" ] && echo 3000 || echo 1200)}
start=$(date +%s)
vmrc=0
"$TOP/scripts/vm.sh" --job "$TOP/guest/jobs/${JOB:-test}.sh" --quiet \
	--timeout "$timeout" \
	--log "$logs/test-console.log" --results "$logs/test-results.log" || vmrc=$?
info "guest ran $(($(date +%s) - start)) s (console: build/logs/test-console.log, results: build/logs/test-results.log)"
if [ "$vmrc" = 2 ]; then
	# From the guest watchdog's stack dump if there is one, else the end.
	if grep -q '^mn: watchdog:' "$logs/test-console.log"; then
		sed -n '/^mn: watchdog:/,$p' "$logs/test-console.log" | head -80
	else
		tail -30 "$logs/test-console.log"
	fi | sed 's/^/    console: /' >&2
	echo "error: the guest did not finish the test job (see above)" >&2
fi
rrc=0
python3 "$TOP/scripts/report.py" "$logs/test-console.log" "$logs/test-results.log" \
	"$KSRC/tools/testing/kunit/kunit.py" || rrc=$?
[ "$rrc" = 0 ] && [ "$vmrc" = 0 ]
