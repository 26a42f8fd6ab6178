#!/usr/bin/env bash
# Fetch the guest's cxl-cli (cxl, daxctl, ndctl) from Debian, the way the base
# kernel comes: a pinned package version through a private apt state (the
# system's apt configuration is not touched). Debian 12's ndctl 76.1 cannot
# create RAM regions; 81 can. The packages and the libraries they need, glibc
# included, are unpacked into $CACHE/tools/ndctl-$NDCTL_VERSION/root and run
# in the guest with their own dynamic loader (see initramfs.sh). Prints the
# root directory.
#   NDCTL_ROOT=<dir>   use this unpacked root instead (must hold usr/bin/cxl).
#   NO_NDCTL=1         do not fetch: the guest then goes without cxl-cli.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$TOP/base.conf"

if [ -n "${NDCTL_ROOT:-}" ]; then
	[ -x "$NDCTL_ROOT/usr/bin/cxl" ] || die "NDCTL_ROOT=$NDCTL_ROOT has no usr/bin/cxl"
	echo "$NDCTL_ROOT"
	exit 0
fi
out=$CACHE/tools/ndctl-$NDCTL_VERSION
if [ -x "$out/root/usr/bin/cxl" ] && [ -f "$out/manifest" ]; then
	echo "$out/root"
	exit 0
fi

APT=$CACHE/tools/apt
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial"
echo "deb $BASE_MIRROR $NDCTL_SUITE main" > "$APT/sources.list"
aptp=(-o Dir::Etc::sourcelist="$APT/sources.list" -o Dir::Etc::sourceparts=-
      -o Dir::State::Lists="$APT/lists" -o Dir::Cache="$APT/cache"
      -o Debug::NoLocking=1 -o APT::Get::List-Cleanup=0
      -o APT::Sandbox::User=root -o APT::Architecture=amd64)
info "fetching ndctl=$NDCTL_VERSION from $NDCTL_SUITE (private apt state in $APT)"
apt-get "${aptp[@]}" -qq update >&2 ||
	die "apt-get update of $NDCTL_SUITE failed: check the network, or set NO_NDCTL=1"
apt-cache "${aptp[@]}" show "ndctl=$NDCTL_VERSION" >/dev/null 2>&1 ||
	die "ndctl=$NDCTL_VERSION is no longer in $NDCTL_SUITE: update NDCTL_VERSION in base.conf"

# The tools at the pinned version, and the shared libraries they depend on
# (transitively, library packages only) at whatever $NDCTL_SUITE serves.
pkgs=("ndctl=$NDCTL_VERSION" "cxl=$NDCTL_VERSION" "daxctl=$NDCTL_VERSION")
mapfile -t libs < <(apt-cache "${aptp[@]}" depends --recurse --no-recommends --no-suggests \
	--no-conflicts --no-breaks --no-replaces --no-enhances \
	ndctl cxl daxctl | grep -E '^(lib[a-z0-9.+-]*[0-9]|libc6|zlib1g)$' | sort -u)
tmp=$(mktemp -d "$CACHE/tools/dl.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get "${aptp[@]}" -qq download "${pkgs[@]}" "${libs[@]}" >&2) ||
	die "download of ndctl $NDCTL_VERSION and its libraries failed (or set NO_NDCTL=1)"
mkdir -p "$tmp/root"
for d in "$tmp"/*.deb; do dpkg-deb -x "$d" "$tmp/root"; done
[ -x "$tmp/root/usr/bin/cxl" ] || die "the ndctl packages hold no usr/bin/cxl"
(cd "$tmp" && for d in *.deb; do dpkg-deb -f "$d" Package Version | paste -sd' '; done) \
	> "$tmp/manifest"
rm -rf "$out" && mkdir -p "$out"
mv "$tmp/root" "$tmp/manifest" "$out/"
info "ndctl $NDCTL_VERSION: $(wc -l < "$out/manifest") packages unpacked in $out"
echo "$out/root"
