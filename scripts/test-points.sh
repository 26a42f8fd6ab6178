#!/usr/bin/env bash
# Run make test's guest job on the tree as it stands after chosen patches
# of the series (base..HEAD of build/linux), to show that the tests which
# exist at that point pass there. Each point builds in its own worktree and
# build directory (build/points/<N>), with the series' options that exist
# at that point on (as check-bisect's =y variant, so ccache hits), and only
# the kselftests whose source exists in that tree.
#   POINTS="18 40 44"  patch numbers (default: after the core, after the
#                      last mm service, after the CXL sysram tests)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
S=$TOP/scripts
POINTS=${POINTS:-"18 40 44"}
mapfile -t commits < <(git -C "$KSRC" rev-list --reverse base..HEAD)
summary=()
rc=0
for n in $POINTS; do
	c=${commits[$((n - 1))]:-}
	[ -n "$c" ] || die "the series has no patch $n"
	b=$BUILD/points/$n
	mkdir -p "$b"
	git -C "$KSRC" worktree remove --force "$b/linux" 2>/dev/null || rm -rf "$b/linux"
	git -C "$KSRC" worktree prune
	git -C "$KSRC" worktree add -q --detach "$b/linux" "$c"
	subj=$(git -C "$b/linux" log -1 --format=%s)
	info "point $n/${#commits[@]}: $subj"
	: > "$b/extra.config"
	for o in $SERIES_OPTIONS; do
		if tree_has_option "$b/linux" "$o"; then
			echo "CONFIG_$o=y" >> "$b/extra.config"
		else
			echo "# CONFIG_$o is not set" >> "$b/extra.config"
		fi
	done
	kst=""
	for t in $(grep -v '^#' "$TOP/configs/kselftests" | xargs); do
		if [ -f "$TOP/guest/selftests/$t.c" ] || [ -f "$b/linux/tools/testing/selftests/$t.c" ]; then
			kst="$kst $t"
		fi
	done
	prc=0
	(
		export BUILD=$b KSRC=$b/linux OBJ=$b/obj-y KERNEL=$b/obj-y/arch/x86/boot/bzImage
		CONFIG_EXTRA=$b/extra.config "$S/build-kernel.sh"
		rm -rf "$b/kselftest"
		KSELFTESTS="${kst# }" "$S/build-selftests.sh"
		"$S/initramfs.sh"
		"$S/run-tests.sh"
	) 2>&1 | tee "$b/report.log" || prc=$?
	# run-tests.sh ends with report.py's "N passed, N failed, N skipped".
	summary+=("patch $n ($subj): $(grep -E '^[0-9]+ passed, ' "$b/report.log" | tail -1)")
	[ "$prc" = 0 ] || rc=1
	git -C "$KSRC" worktree remove --force "$b/linux"
done
for l in "${summary[@]}"; do echo "$l"; done
exit $rc
