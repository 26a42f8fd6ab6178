#!/usr/bin/env bash
# The series applies cleanly to the pinned base, and every patch is
# checkpatch --strict clean (any ERROR, WARNING or CHECK fails).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
P=$TOP/patches
mapfile -t patches < <(find "$P" -name '[0-9]*.patch' ! -name '0000-*' | sort)
[ ${#patches[@]} -gt 0 ] || { info "no patches in patches/: nothing to check"; exit 0; }

wt=$BUILD/check
git -C "$KSRC" worktree remove --force "$wt" 2>/dev/null || rm -rf "$wt"
git -C "$KSRC" worktree prune
git -C "$KSRC" worktree add -q --detach "$wt" base
trap 'git -C "$KSRC" worktree remove --force "$wt" 2>/dev/null || true' EXIT
if ! git -C "$wt" am -q --whitespace=error "${patches[@]}"; then
	die "the series does not apply cleanly to base (see the patch named above)"
fi
info "series applies: ${#patches[@]} patches"

fail=0
# Every added file must be covered by a real MAINTAINERS entry (not only
# the LKML catch-all), as get_maintainer.pl sees it after the whole series.
for p in "${patches[@]}"; do
	for f in $(awk '/^diff --git/{f=$4; sub("^b/","",f)} /^new file mode/{print f}' "$p"); do
		m=$(cd "$wt" && ./scripts/get_maintainer.pl --no-git --no-git-fallback --no-rolestats \
			--no-tree -f "$f" 2>/dev/null | grep -v 'linux-kernel@vger.kernel.org' || true)
		if [ -z "$m" ]; then
			echo "no MAINTAINERS entry covers $f (added by $(basename "$p"))"
			fail=1
		fi
	done
done
for p in "${patches[@]}"; do
	if out=$(cd "$wt" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --quiet --no-signoff \
			"$p" 2>&1) && [ -z "$out" ]; then
		echo "checkpatch ok:   $(basename "$p")"
	else
		echo "checkpatch FAIL: $(basename "$p")"
		echo "$out" | sed 's/^/    /'
		fail=1
	fi
done
# Every commit must carry a Signed-off-by.
for p in "${patches[@]}"; do
	grep -q '^Signed-off-by: ' "$p" || { echo "missing Signed-off-by: $(basename "$p")"; fail=1; }
done
[ $fail = 0 ] || die "checkpatch found problems"
info "check ok"
