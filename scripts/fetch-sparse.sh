#!/usr/bin/env bash
# Fetch a sparse that can check this kernel (see SPARSE_* in base.conf):
# the package and the shared libraries it needs, glibc included, are
# unpacked into $CACHE/tools/sparse-<version>/root, and a wrapper that runs
# it with its own dynamic loader is written next to it. Prints the wrapper.
# Nothing of the system's apt configuration is touched.
#   SPARSE=<command>  use this sparse instead (it must pass checker-valid.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$TOP/base.conf"

if [ -n "${SPARSE:-}" ]; then
	echo "$SPARSE"
	exit 0
fi
mkdir -p "$CACHE/tools"
for d in "$CACHE"/tools/sparse-*/; do
	[ -x "$d/sparse" ] && [ -f "$d/manifest" ] && { echo "$d/sparse"; exit 0; }
done

APT=$CACHE/tools/apt-$SPARSE_SUITE
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial"
echo "deb $BASE_MIRROR $SPARSE_SUITE main" > "$APT/sources.list"
aptp=(-o Dir::Etc::sourcelist="$APT/sources.list" -o Dir::Etc::sourceparts=-
      -o Dir::State::Lists="$APT/lists" -o Dir::Cache="$APT/cache"
      -o Debug::NoLocking=1 -o APT::Get::List-Cleanup=0
      -o APT::Sandbox::User=root -o APT::Architecture=amd64)
info "fetching sparse=$SPARSE_VERSION from $SPARSE_SUITE (private apt state in $APT)"
apt-get "${aptp[@]}" -qq update >&2 ||
	die "apt-get update of $SPARSE_SUITE failed: check the network, or set SPARSE=<command>"
version=$SPARSE_VERSION
if ! apt-cache "${aptp[@]}" show "sparse=$version" >/dev/null 2>&1; then
	version=$(apt-cache "${aptp[@]}" show sparse | sed -n 's/^Version: //p' | head -1)
	[ -n "$version" ] || die "no sparse in $SPARSE_SUITE"
	warn "sparse $SPARSE_VERSION is gone from $SPARSE_SUITE: taking $version (update SPARSE_VERSION in base.conf)"
fi
# sparse itself only needs its libraries; gcc is for cgcc, which is not used.
mapfile -t libs < <(apt-cache "${aptp[@]}" depends --recurse --no-recommends --no-suggests \
	--no-conflicts --no-breaks --no-replaces --no-enhances \
	sparse | grep -E '^(lib(c6|xml2[a-z0-9.+-]*|sqlite3-[0-9]+|lzma[0-9]+)|zlib1g)$' | sort -u)
tmp=$(mktemp -d "$CACHE/tools/dl.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get "${aptp[@]}" -qq download "sparse=$version" "${libs[@]}" >&2) ||
	die "download of sparse $version and its libraries failed (or set SPARSE=<command>)"
mkdir -p "$tmp/root"
for d in "$tmp"/*.deb; do dpkg-deb -x "$d" "$tmp/root"; done
(cd "$tmp" && for d in *.deb; do dpkg-deb -f "$d" Package Version | paste -sd' '; done) \
	> "$tmp/manifest"
out=$CACHE/tools/sparse-$version
rm -rf "$out" && mkdir -p "$out"
mv "$tmp/root" "$tmp/manifest" "$out/"
lib=$out/root/usr/lib/x86_64-linux-gnu
cat > "$out/sparse" <<WRAP
#!/bin/sh
exec "$lib/ld-linux-x86-64.so.2" --library-path "$lib" "$out/root/usr/bin/sparse" "\$@"
WRAP
chmod +x "$out/sparse"
"$out/sparse" --version >/dev/null 2>&1 || die "the fetched sparse does not run ($out/sparse)"
info "sparse $version: $(wc -l < "$out/manifest") packages unpacked in $out"
echo "$out/sparse"
