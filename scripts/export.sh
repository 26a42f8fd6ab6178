#!/usr/bin/env bash
# Regenerate patches/ from build/linux (base..HEAD, one patch per commit).
# The cover letter's subject and text are kept from patches/0000-cover-letter.patch;
# its shortlog and diffstat are regenerated.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
P=$TOP/patches
cover=$P/0000-cover-letter.patch

[ -d "$KSRC/.git" ] || die "no kernel tree at $KSRC: run 'make tree' first"
git -C "$KSRC" diff --quiet HEAD -- ||
	die "build/linux has uncommitted changes: commit them (git commit / --fixup) before exporting"
n=$(git -C "$KSRC" rev-list --count base..HEAD)
[ "$n" -gt 0 ] || die "build/linux has no commits on top of base: nothing to export"

subject="managed memory nodes"
body="(cover letter text)"
if [ -f "$cover" ]; then
	# Subject (possibly folded over several lines), without the [PATCH x/y] tag.
	subject=$(awk '/^Subject:/{s=$0; f=1; next} f&&/^[ \t]/{s=s $0; next} f{exit} END{print s}' "$cover" |
		sed -E 's/^Subject: *(\[[^]]*\] *)?//; s/[ \t]+/ /g')
	# Body: after the header block, up to the shortlog ("Name (N):").
	body=$(awk 'hdr==0 && /^$/ {hdr=1; next} hdr==1 && /^[^ \t].* \([0-9]+\):$/ {exit} hdr==1 {print}' "$cover")
fi
git -C "$KSRC" config "branch.$(git -C "$KSRC" symbolic-ref --short HEAD).description" \
	"$(printf '%s\n\n%s\n' "$subject" "$body")"

tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
git -C "$KSRC" format-patch -q --cover-letter --cover-from-description=subject \
	--base=base --zero-commit --no-signature -o "$tmp" base..HEAD
rm -f "$P"/[0-9]*.patch
mkdir -p "$P"
cp "$tmp"/*.patch "$P"/
# The same hash as tree.sh: the cover letter does not count.
hash=$(find "$P" -name '[0-9]*.patch' ! -name '0000-*' | sort | xargs -r cat | sha256sum | cut -c1-16)
printf '%s %s\n' "$hash" "$(git -C "$KSRC" rev-parse HEAD)" > "$BUILD/tree.stamp"
info "exported $n patches + cover letter to patches/"
git -C "$TOP" status --short -- patches/ >&2 || true
