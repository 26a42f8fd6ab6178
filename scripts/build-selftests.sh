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
	# <dir>/ALL: every test of the directory, with its scripts, as the
	# kselftest install would have them (make upstream-compare). A test
	# that cannot be built here is left out, and its run fails alike on
	# both trees; the build's messages are in $out/build.log.
	if [ "$b" = ALL ]; then
		make -s -k -C "$KSRC/tools/testing/selftests/$d" OUTPUT="$out" \
			KHDR_INCLUDES="-isystem $OBJ/usr/include" \
			CC="ccache gcc" LDFLAGS=-static all > "$out/build.log" 2>&1 ||
			warn "some of $d did not build (see $out/build.log)"
		cp "$KSRC/tools/testing/selftests/$d"/*.sh "$out/"
		continue
	fi
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
