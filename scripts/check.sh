#!/usr/bin/env bash
# The series applies cleanly to the pinned base; every patch is checkpatch
# --strict clean (any ERROR, WARNING or CHECK fails) and reaches a list
# through get_maintainer.pl; kernel-doc -Wall, docutils, W=1 and sparse have
# nothing to say about what the series adds.
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
	# FILE_PATH_CHANGES ("does MAINTAINERS need updating?") is replaced by
	# the stronger check above: every added file has a real entry.
	if out=$(cd "$wt" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --quiet --no-signoff \
			--ignore FILE_PATH_CHANGES "$p" 2>&1) && [ -z "$out" ]; then
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
# get_maintainer.pl: every patch reaches at least one list besides LKML.
for p in "${patches[@]}"; do
	lists=$(cd "$wt" && ./scripts/get_maintainer.pl --no-git --no-git-fallback --no-rolestats \
		--no-tree --no-m --no-r --l "$p" 2>/dev/null | grep -v 'linux-kernel@vger.kernel.org' |
		paste -sd' ' || true)
	if [ -n "$lists" ]; then
		printf 'lists %-60.60s %s\n' "$(basename "$p")" "$lists"
	else
		echo "get_maintainer FAIL: $(basename "$p") reaches no list but LKML"
		fail=1
	fi
done

# The kernel's other tools, on what the series adds: build/linux must be the
# exported series (the W=1/sparse pass reuses its build/obj).
[ "$(git -C "$wt" rev-parse 'HEAD^{tree}')" = "$(git -C "$KSRC" rev-parse 'HEAD^{tree}')" ] &&
	git -C "$KSRC" diff --quiet HEAD ||
	die "build/linux is not what patches/ holds: 'make export' (or 'make tree') first"
mapfile -t newsrc < <(git -C "$KSRC" diff --name-only --diff-filter=A base..HEAD -- \
	'include/*.h' 'mm/*.[ch]' 'drivers/*.[ch]' 'kernel/*.[ch]')
mapfile -t touched < <(git -C "$KSRC" diff --name-only --diff-filter=AM base..HEAD -- \
	'mm/*.c' 'drivers/*.c' 'kernel/*.c' 'fs/*.c' 'lib/*.c')
mapfile -t rst < <(git -C "$KSRC" diff --name-only --diff-filter=AM base..HEAD -- '*.rst')

# kernel-doc -none -Wall on every header and .c file the series adds, and on
# the lines it adds to the files it touches (the base has its own warnings).
out=$(cd "$KSRC" && ./scripts/kernel-doc -none -Wall "${newsrc[@]}" 2>&1 || true)
mapfile -t touchedsrc < <(git -C "$KSRC" diff --name-only --diff-filter=M base..HEAD -- '*.[ch]')
out2=$(cd "$KSRC" && ./scripts/kernel-doc -none -Wall "${touchedsrc[@]}" 2>&1 |
	sed -E 's/^Warning: ([^ ]+):([0-9]+) /warning: \1:\2: /' |
	python3 "$TOP/scripts/check-tools.py" "$KSRC" || true)
if [ -n "$out$out2" ]; then
	echo "kernel-doc FAIL:"; printf '%s\n%s\n' "$out" "$out2" | sed '/^$/d; s/^/    /'; fail=1
else
	echo "kernel-doc ok:   ${#newsrc[@]} new files, the added lines of ${#touchedsrc[@]} touched ones"
fi

# rst: docutils on every document the series adds or changes (Sphinx's own
# roles and directives accepted as opaque; make htmldocs does not fit here).
python3 "$TOP/scripts/check-rst.py" "${rst[@]/#/$KSRC/}" || fail=1

# W=1 and sparse (C=2: checked even if not rebuilt) on every .c file the
# series adds or touches that the test config builds. Only diagnostics on a
# new file or on a line the series adds count (the base has its own).
"$TOP/scripts/build-kernel.sh" >&2
# Debian 12's sparse cannot check this kernel (kbuild would skip it with a
# warning): use the one fetch-sparse.sh brings, and insist that kbuild takes it.
export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache} CCACHE_BASEDIR=$BUILD
sparse=$("$TOP/scripts/fetch-sparse.sh")
[ "$("$KSRC/scripts/checker-valid.sh" "$sparse" -m64)" = 1 ] ||
	die "sparse ($sparse) fails the kernel's checker-valid.sh: C=1 would check nothing"
objs=()
for f in "${touched[@]}"; do
	[ -f "$BUILD/obj/${f%.c}.o" ] && objs+=("${f%.c}.o")
done
info "W=1 C=2 (sparse $("$sparse" --version 2>&1 | head -1)) on ${#objs[@]} objects"
log=$BUILD/check-w1-sparse.log
make -C "$KSRC" O="$BUILD/obj" CC="ccache gcc" -j"$(($(nproc) + 1))" W=1 C=2 CHECK="$sparse" \
	"${objs[@]}" > "$log" 2>&1 || { tail -20 "$log"; die "W=1 C=2 build failed (log: $log)"; }
grep -q 'C=2 specified, but' "$log" && die "kbuild refused sparse (log: $log)"
checked=$(grep -c '^  CHECK ' "$log" || true)
[ "$checked" -ge "${#objs[@]}" ] || die "sparse checked $checked of ${#objs[@]} objects (log: $log)"
if out=$(python3 "$TOP/scripts/check-tools.py" "$KSRC" < "$log"); then
	echo "W=1 + sparse ok: ${#objs[@]} objects, no diagnostic on a line the series adds (log: $log)"
else
	echo "W=1 + sparse FAIL:"; echo "$out"; fail=1
fi
# Put the objects back as the normal build makes them.
"$TOP/scripts/build-kernel.sh" >&2

[ $fail = 0 ] || die "check found problems"
info "check ok"
