#!/usr/bin/env bash
# Fetch ndctl's own test suite (test/ of Debian's ndctl source package, the
# same version as the guest's cxl-cli, base.conf's NDCTL_VERSION) for make
# upstream-compare SUITES=cxl. The cxl tests are bash scripts that drive
# the cxl, ndctl and daxctl tools ($CXL, $NDCTL, $DAXCTL); in the guest they
# run the tools of Debian's build of the same source (fetch-tools.sh), so
# nothing here is compiled. The upstream tarball is taken from the suite's
# Sources index (signed; its SHA-256 is checked) through a private apt
# state: the system's apt configuration is not touched. Prints the
# directory that holds test/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$TOP/base.conf"

upver=${NDCTL_VERSION%-*}
out=$CACHE/tools/ndctl-src-$NDCTL_VERSION
if [ -f "$out/test/common" ] && [ -f "$out/test/cxl-topology.sh" ]; then
	echo "$out"
	exit 0
fi

APT=$CACHE/tools/apt-src
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial"
echo "deb-src $BASE_MIRROR $NDCTL_SUITE main" > "$APT/sources.list"
aptp=(-o Dir::Etc::sourcelist="$APT/sources.list" -o Dir::Etc::sourceparts=-
      -o Dir::State::Lists="$APT/lists" -o Dir::Cache="$APT/cache"
      -o Debug::NoLocking=1 -o APT::Get::List-Cleanup=0 -o APT::Sandbox::User=root)
info "fetching ndctl $NDCTL_VERSION's source from $NDCTL_SUITE (private apt state in $APT)"
apt-get "${aptp[@]}" -qq update >&2 ||
	die "apt-get update of $NDCTL_SUITE's sources failed: check the network"
# The source record of this version (showsrc lists every version it has).
rec=$(apt-cache "${aptp[@]}" showsrc ndctl 2>/dev/null | awk -v v="$NDCTL_VERSION" '
	/^Package: / {r = ""; ok = 0} {r = r $0 "\n"} /^Version: / {ok = ($2 == v)}
	/^$/ && ok {printf "%s", r; ok = 0; exit} END {if (ok) printf "%s", r}')
[ -n "$rec" ] ||
	die "ndctl=$NDCTL_VERSION's source is no longer in $NDCTL_SUITE: update NDCTL_VERSION in base.conf"
dir=$(sed -n 's/^Directory: //p' <<< "$rec" | head -1)
tarball=ndctl_$upver.orig.tar.gz
sum=$(awk -v f="$tarball" '/^Checksums-Sha256:/ {s = 1; next} /^[^ ]/ {s = 0}
	s && $3 == f {print $1; exit}' <<< "$rec")
[ -n "$dir" ] && [ -n "$sum" ] || die "no $tarball in ndctl=$NDCTL_VERSION's source record"

tmp=$(mktemp -d "$CACHE/tools/src.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
curl -fsS -o "$tmp/$tarball" "$BASE_MIRROR/$dir/$tarball" ||
	die "download of $BASE_MIRROR/$dir/$tarball failed"
echo "$sum  $tmp/$tarball" | sha256sum -c --quiet - >&2 ||
	die "$tarball: SHA-256 differs from $NDCTL_SUITE's Sources index"
tar -xzf "$tmp/$tarball" -C "$tmp" "ndctl-$upver/test" "ndctl-$upver/COPYING" "ndctl-$upver/LICENSES"
[ -f "$tmp/ndctl-$upver/test/common" ] || die "$tarball holds no test/common"
rm -rf "$out" && mv "$tmp/ndctl-$upver" "$out"
info "ndctl $upver's tests in $out"
echo "$out"
