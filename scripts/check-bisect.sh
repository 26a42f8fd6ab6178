#!/usr/bin/env bash
# Build the test kernel after every patch of the series (base..HEAD of
# build/linux), with CONFIG_MANAGED_NODES=y and =n once the option exists,
# and once CRAM exists also MANAGED_NODES=y with CRAM=n (variant c).
# A patch fails if it does not build or if the compiler warns.
# Uses a separate worktree (build/bisect) and object dirs, with ccache.
#   FROM=N  start at the N-th patch.
#   ONLY="N ..."  check only these patches (positions in the series).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
# Same relative layout as build/linux + build/obj, so ccache (CCACHE_BASEDIR=build)
# sees the same relative paths and hits.
wt=$BUILD/bisect/linux
mapfile -t commits < <(git -C "$KSRC" rev-list --reverse base..HEAD)
[ ${#commits[@]} -gt 0 ] || { info "no commits on base: nothing to bisect"; exit 0; }
git -C "$KSRC" worktree remove --force "$wt" 2>/dev/null || rm -rf "$wt"
git -C "$KSRC" worktree prune
mkdir -p "$BUILD/bisect"
git -C "$KSRC" worktree add -q --detach "$wt" base
trap 'git -C "$KSRC" worktree remove --force "$wt" 2>/dev/null || true' EXIT

# FROM=N starts at the N-th patch (the earlier ones were checked before).
i=0
for c in "${commits[@]}"; do
	i=$((i + 1))
	[ "$i" -ge "${FROM:-1}" ] || continue
	[ -z "${ONLY:-}" ] || [[ " $ONLY " == *" $i "* ]] || continue
	git -C "$wt" checkout -q "$c"
	subj=$(git -C "$wt" log -1 --format=%s)
	variants=(n)
	grep -q '^config MANAGED_NODES$' "$wt/mm/Kconfig" && variants=(y n)
	# cram: also MANAGED_NODES=y with CRAM=n (its stubs in every hook).
	tree_has_option "$wt" CRAM && variants=(y c n)
	for v in "${variants[@]}"; do
		cfg=$BUILD/bisect/$v.config
		# The options the series adds, as far as this commit has them.
		: > "$cfg"
		for o in $SERIES_OPTIONS; do
			if [ "$v" = c ] && [ "$o" = CRAM ]; then
				echo "# CONFIG_$o is not set" >> "$cfg"
			elif [ "$v" != n ] && tree_has_option "$wt" "$o"; then
				echo "CONFIG_$o=y" >> "$cfg"
			else
				echo "# CONFIG_$o is not set" >> "$cfg"
			fi
		done
		start=$(date +%s)
		if ! KSRC=$wt OBJ=$BUILD/bisect/obj-$v CONFIG_EXTRA=$cfg \
			"$TOP/scripts/build-kernel.sh" > "$BUILD/bisect/$v.log" 2>&1; then
			tail -20 "$BUILD/bisect/$v.log" >&2
			die "patch $i/${#commits[@]} '$subj' does not build with variant $v (log: build/bisect/$v.log)"
		fi
		# The base builds this config without a warning; a patch that adds
		# one fails (make reruns only the files a patch touches, and ccache
		# replays the warnings of cached objects).
		if grep -E ': warning: |: note: ' "$BUILD/bisect/$v.log" >&2; then
			die "patch $i/${#commits[@]} '$subj' builds with a warning with variant $v (log: build/bisect/$v.log)"
		fi
		echo "ok $i/${#commits[@]} ${v/c/y,CRAM=n} $(($(date +%s) - start))s  $subj"
	done
done
info "every patch builds"
