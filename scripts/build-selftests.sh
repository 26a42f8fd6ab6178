#!/usr/bin/env bash
# Build the kselftests the guest runs, from the patched tree, statically
# linked, with the tree's own uapi headers. Output: build/kselftest/<dir>/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
OBJ=${OBJ:-$BUILD/obj${DEBUG:+-debug}}
# Tests to build, as <selftests dir>/<binary>.
KSELFTESTS=${KSELFTESTS:-$(grep -v '^#' "$TOP/configs/kselftests" | xargs)}

[ -f "$OBJ/.config" ] || die "kernel not configured in $OBJ: run 'make kernel' first"
export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache}
make -s -C "$KSRC" O="$OBJ" headers
for t in $KSELFTESTS; do
	d=${t%/*} b=${t##*/}
	out=$BUILD/kselftest/$d
	mkdir -p "$out"
	# A test of the harness's own (guest/selftests/<dir>/<test>.c, not
	# part of the series) is built against the tree's kselftest headers.
	src=$TOP/guest/selftests/$d/$b.c
	if [ -f "$src" ]; then
		ccache gcc -O2 -Wall -static \
			-I"$KSRC/tools/testing/selftests/$d" -isystem "$OBJ/usr/include" \
			-o "$out/$b" "$src" || die "building harness test $t failed"
		continue
	fi
	make -s -C "$KSRC/tools/testing/selftests/$d" OUTPUT="$out" \
		KHDR_INCLUDES="-isystem $OBJ/usr/include" \
		CC="ccache gcc" LDFLAGS=-static "$out/$b" ||
		die "building kselftest $t failed"
done
info "kselftests: $KSELFTESTS"
