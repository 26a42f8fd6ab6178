#!/usr/bin/env bash
# Create build/linux: the pinned base as one commit (tag "base") plus one
# commit per patch in patches/. Re-running it is safe: a tree that already
# carries the current series is left alone, and a tree with commits that are
# not exported to patches/, or with uncommitted changes, is never thrown away.
# The cover letter does not count: it changes nothing in the tree.
#   FORCE=1  reset build/linux to base + patches/ even if it has unexported work.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

stamp=$BUILD/tree.stamp
series_hash() {
	find "$TOP/patches" -name '[0-9]*.patch' ! -name '0000-*' | sort | xargs -r cat | sha256sum | cut -c1-16
}

apply_series() {
	local n
	n=$(find "$TOP/patches" -name '[0-9]*.patch' ! -name '0000-*' | wc -l)
	git -C "$KSRC" reset -q --hard base
	git -C "$KSRC" clean -qfdx
	if [ "$n" -gt 0 ]; then
		info "applying $n patches"
		if ! git -C "$KSRC" am -q --whitespace=nowarn \
			$(find "$TOP/patches" -name '[0-9]*.patch' ! -name '0000-*' | sort) \
			> "$BUILD/am.log" 2>&1; then
			grep -E '^(error|Patch failed)' "$BUILD/am.log" >&2 || cat "$BUILD/am.log" >&2
			git -C "$KSRC" am --abort 2>/dev/null || true
			# The tree is back at base: the next run must apply again.
			printf 'none %s\n' "$(git -C "$KSRC" rev-parse base)" > "$stamp"
			die "the series does not apply to the base: fix the patch named above (or move the base, see README)"
		fi
	fi
	printf '%s %s\n' "$(series_hash)" "$(git -C "$KSRC" rev-parse HEAD)" > "$stamp"
}

if [ -d "$KSRC/.git" ]; then
	read -r shash shead < "$stamp" 2>/dev/null || { shash=; shead=; }
	head=$(git -C "$KSRC" rev-parse HEAD)
	if [ "$shash" = "$(series_hash)" ]; then
		[ "$shead" = "$head" ] || info "build/linux has commits not yet exported (make export)"
		exit 0
	fi
	if [ -n "$(git -C "$KSRC" status --porcelain --untracked-files=no)" ] && [ -z "${FORCE:-}" ]; then
		die "patches/ changed and build/linux has uncommitted changes: commit them (and 'make export'), or FORCE=1 make tree to drop them"
	fi
	# Nothing to lose when the tree is the stamped one, or bare base.
	if [ "$shead" != "$head" ] && [ "$head" != "$(git -C "$KSRC" rev-parse base)" ] &&
	   [ -z "${FORCE:-}" ]; then
		die "patches/ changed and build/linux has its own commits: run 'make export' to keep the tree's work, or FORCE=1 make tree to take patches/"
	fi
	apply_series
	exit 0
fi

tarball=$("$TOP/scripts/fetch-base.sh")
info "unpacking $(basename "$(dirname "$tarball")")"
rm -rf "$KSRC.tmp" && mkdir -p "$KSRC.tmp"
tar -xf "$tarball" -C "$KSRC.tmp" --strip-components=1
# Debian's packaging rule "/*" at the end of .gitignore ignores the whole tree.
sed -i '/^\/\*$/d' "$KSRC.tmp/.gitignore"
(
	cd "$KSRC.tmp"
	git init -q -b master
	git config user.name "${GIT_AUTHOR_NAME:-$(git -C "$TOP" config user.name || echo builder)}"
	git config user.email "${GIT_AUTHOR_EMAIL:-$(git -C "$TOP" config user.email || echo builder@localhost)}"
	git add -A
	# A fixed identity and date make the base commit id reproducible, so the
	# "base-commit:" line in the patches names the same commit everywhere.
	GIT_AUTHOR_NAME=base GIT_AUTHOR_EMAIL=base@localhost GIT_COMMITTER_NAME=base \
	GIT_COMMITTER_EMAIL=base@localhost GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" \
	GIT_COMMITTER_DATE="2000-01-01T00:00:00Z" \
		git commit -q -m "Linux $(sed -n 's/^VERSION = //p' Makefile).$(sed -n 's/^PATCHLEVEL = //p' Makefile).$(sed -n 's/^SUBLEVEL = //p' Makefile) (Debian linux-source)"
	git tag base
)
mv "$KSRC.tmp" "$KSRC"
apply_series
info "build/linux ready: $(git -C "$KSRC" log --oneline base..HEAD | wc -l) patches on base"
