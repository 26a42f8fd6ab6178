#!/usr/bin/env bash
# make mutants: sabotage the series one line at a time and check that the
# tests notice. Each mutants/*.diff is applied to a scratch worktree of
# build/linux (build/mutants/linux), the kernel is built there
# (build/mutants/obj, ccache) and the whole test job is run on it with the
# kselftests and initramfs of the normal build. A mutant is killed when at
# least one test fails (or the guest crashes); the target fails if any
# mutant survives, or no longer applies.
#   MUTANTS="name ..."  run only these (file names without .diff)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
wt=$BUILD/mutants/linux obj=$BUILD/mutants/obj logs=$BUILD/mutants/logs
[ -f "$BUILD/initramfs.cpio.gz" ] || die "no initramfs: run 'make initramfs' (or 'make test') first"
mkdir -p "$logs"
git -C "$KSRC" worktree remove --force "$wt" 2>/dev/null || rm -rf "$wt"
git -C "$KSRC" worktree prune
git -C "$KSRC" worktree add -q --detach "$wt" HEAD
trap 'git -C "$KSRC" worktree remove --force "$wt" 2>/dev/null || true' EXIT

names=${MUTANTS:-$(cd "$TOP/mutants" && ls ./*.diff | sed 's|^\./||; s|\.diff$||')}
survived="" killed=0
for m in $names; do
	d=$TOP/mutants/$m.diff
	[ -f "$d" ] || die "no mutant $d"
	git -C "$wt" checkout -q -f HEAD
	git -C "$wt" apply "$d" || die "mutant $m no longer applies to the series: update mutants/$m.diff"
	what=$(sed -n 's/^# mutant: //p' "$d" | head -1)
	start=$(date +%s)
	KSRC=$wt OBJ=$obj "$TOP/scripts/build-kernel.sh" > "$logs/$m-build.log" 2>&1 ||
		die "mutant $m does not build (log: build/mutants/logs/$m-build.log)"
	rc=0
	KERNEL=$obj/arch/x86/boot/bzImage "$TOP/scripts/vm.sh" --job "$TOP/guest/jobs/test.sh" \
		--quiet --timeout "${TEST_TIMEOUT:-900}" \
		--log "$logs/$m-console.log" --results "$logs/$m-results.log" || rc=$?
	out=$(python3 "$TOP/scripts/report.py" "$logs/$m-console.log" "$logs/$m-results.log" \
		"$KSRC/tools/testing/kunit/kunit.py" 2>&1 || true)
	fails=$(echo "$out" | sed -n 's/^FAIL  //p' | head -5 | tr '\n' ' ')
	count=$(echo "$out" | tail -1)
	secs=$(($(date +%s) - start))
	if [ -n "$fails" ] || [ "$rc" = 2 ]; then
		killed=$((killed + 1))
		echo "killed   $m (${secs}s): $what -- ${fails:-guest crashed}"
	else
		survived="$survived $m"
		echo "SURVIVED $m (${secs}s): $what -- $count"
	fi
done
[ -z "$survived" ] || die "mutants survived:$survived"
info "all $killed mutants killed"
