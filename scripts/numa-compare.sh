#!/usr/bin/env bash
# Run the upstream NUMA selftests (mm/migration and the ksm_numa category)
# on the unpatched base and on the series, in the same guest (4 vCPUs:
# migration needs at least 3; two kmem CXL nodes), and print both results.
# Each side builds in its own worktree under build/numa/<side>.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
S=$TOP/scripts
frag=$TOP/configs/upstream-numa.config
declare -A rev=([base]=base [series]=HEAD)
for side in base series; do
	b=$BUILD/numa/$side
	mkdir -p "$b"
	git -C "$KSRC" worktree remove --force "$b/linux" 2>/dev/null || rm -rf "$b/linux"
	git -C "$KSRC" worktree prune
	git -C "$KSRC" worktree add -q --detach "$b/linux" "${rev[$side]}"
	info "$side: $(git -C "$b/linux" log -1 --format='%h %s')"
	# The series' own options do not exist on the base.
	cp "$frag" "$b/extra.config"
	for o in MANAGED_NODES MANAGED_NODES_KUNIT_TEST DEV_DAX_ANON; do
		grep -qs "^config $o\$" "$b/linux/mm/Kconfig" "$b/linux/drivers/dax/Kconfig" ||
			echo "# CONFIG_$o is not set" >> "$b/extra.config"
	done
	BUILD=$b KSRC=$b/linux CONFIG_EXTRA=$b/extra.config "$S/build-kernel.sh"
	BUILD=$b KSRC=$b/linux KSELFTESTS="mm/migration mm/ksm_tests" "$S/build-selftests.sh"
	BUILD=$b KSRC=$b/linux "$S/initramfs.sh"
	rc=0
	BUILD=$b VM_SMP=4 "$S/vm.sh" --job "$TOP/guest/jobs/numa.sh" --quiet \
		--timeout 900 --log "$b/console.log" --results "$b/results.log" || rc=$?
	[ "$rc" -le 1 ] || die "$side: guest failed (console: $b/console.log)"
	git -C "$KSRC" worktree remove --force "$b/linux"
done
for side in base series; do
	echo "== $side"
	grep -a -E '^(ok|not ok) |MN END' "$BUILD/numa/$side/results.log" |
		grep -v '^ok 1 cxl_kmem_up'
done
