#!/usr/bin/env bash
# make mutants: sabotage the series one line at a time and check that the
# tests notice. Each mutants/*.diff is applied to a scratch worktree of
# build/linux (build/mutants/linux), the kernel is built there
# (build/mutants/obj, ccache) and the whole test job is run on it with the
# kselftests and initramfs of the normal build. A mutant is killed when at
# least one test fails (or the guest crashes); the target fails if any
# mutant survives, or no longer applies.
# A mutant's "# tests:" line names the tests that killed it before
# ("managed_nodes:NAME", "cxl_sysram:NAME", "kunit", "guest:SECTION").
# A quick pass runs the job with only those kselftests (the KUnit suites,
# the boot log check and the shell sections run as always); a mutant it
# does not kill gets the whole job, so only the whole job can let one
# survive. One line per mutant goes to build/mutants/results.tsv (name,
# verdict, pass, seconds, failed tests, series commit).
#   MUTANTS="name ..."  run only these (file names without .diff)
#   QUICK=0             the whole job for every mutant
set -euo pipefail
. "$(dirname "$0")/lib.sh"
wt=$BUILD/mutants/linux obj=$BUILD/mutants/obj logs=$BUILD/mutants/logs
[ -f "$BUILD/initramfs.cpio.gz" ] || die "no initramfs: run 'make initramfs' (or 'make test') first"
mkdir -p "$logs"
git -C "$KSRC" worktree remove --force "$wt" 2>/dev/null || rm -rf "$wt"
git -C "$KSRC" worktree prune
git -C "$KSRC" worktree add -q --detach "$wt" HEAD
trap 'git -C "$KSRC" worktree remove --force "$wt" 2>/dev/null || true' EXIT

series="$(git -C "$KSRC" rev-list --count base..HEAD) patches, $(git -C "$KSRC" rev-parse --short HEAD)"
names=${MUTANTS:-$(cd "$TOP/mutants" && ls ./*.diff | sed 's|^\./||; s|\.diff$||')}
survived="" killed=0
for m in $names; do
	d=$TOP/mutants/$m.diff
	[ -f "$d" ] || die "no mutant $d"
	git -C "$wt" checkout -q -f HEAD
	git -C "$wt" apply "$d" || die "mutant $m no longer applies to the series: update mutants/$m.diff"
	what=$(sed -n 's/^# mutant: //p' "$d" | head -1)
	only=$(sed -n 's/^# tests: //p' "$d" | head -1)
	start=$(date +%s)
	KSRC=$wt OBJ=$obj "$TOP/scripts/build-kernel.sh" > "$logs/$m-build.log" 2>&1 ||
		die "mutant $m does not build (log: build/mutants/logs/$m-build.log)"
	passes=whole
	[ "${QUICK:-1}" = 1 ] && [ -n "$only" ] && passes="quick whole"
	for pass in $passes; do
		# The quick pass in one guest, the whole job as make test runs
		# it (two guests at once).
		head="" shards=2 limit=${TEST_TIMEOUT:-1200}
		[ "$pass" = whole ] || { head="MN_ONLY=\"$only\"" shards=1 limit=600; }
		rm -f "$logs/$m-$pass-"test-*.log
		out=$(KERNEL=$obj/arch/x86/boot/bzImage LOGS=$logs LOG_PREFIX=$m-$pass- \
			JOB_HEAD=$head SHARDS=$shards TEST_TIMEOUT=$limit \
			"$TOP/scripts/run-tests.sh" 2>&1) && rc=0 || rc=$?
		fails=$(echo "$out" | sed -n 's/^FAIL  //p' | head -5 | tr '\n' ' ')
		[ -n "$fails" ] || [ "$rc" = 0 ] || fails="guest crashed or hung"
		[ -z "$fails" ] || break
	done
	count=$(echo "$out" | tail -1)
	secs=$(($(date +%s) - start))
	if [ -n "$fails" ]; then
		killed=$((killed + 1))
		echo "killed   $m (${secs}s, $pass): $what -- $fails"
		verdict=killed
	else
		survived="$survived $m"
		echo "SURVIVED $m (${secs}s): $what -- $count"
		verdict=survived
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$m" "$verdict" "$pass" "$secs" \
		"${fails:-$count}" "$series" >> "$BUILD/mutants/results.tsv"
done
[ -z "$survived" ] || die "mutants survived:$survived"
info "all $killed mutants killed"
