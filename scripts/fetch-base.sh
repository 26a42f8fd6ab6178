#!/usr/bin/env bash
# Fetch the pinned upstream base (Debian's linux-source-7.3) into the cache and
# print the path of the source tarball. Uses a private apt state: the system's
# apt configuration is not touched.
#   LINUX_SOURCE=<file.deb|file.tar.xz>  use this instead of downloading.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$TOP/base.conf"

extract_deb() {	# $1 = .deb -> prints the tarball path
	local deb=$1 out=$CACHE/src/$(basename "${1%.deb}")
	if [ ! -f "$out/linux-source.tar.xz" ]; then
		rm -rf "$out.tmp" && mkdir -p "$out.tmp"
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$out.tmp" --wildcards './usr/src/linux-source-*.tar.xz' ||
			die "$deb holds no usr/src/linux-source-*.tar.xz: is it a linux-source package?"
		mv "$out.tmp"/usr/src/linux-source-*.tar.xz "$out.tmp/linux-source.tar.xz"
		rm -rf "$out" && mv "$out.tmp" "$out"
	fi
	echo "$out/linux-source.tar.xz"
}

if [ -n "${LINUX_SOURCE:-}" ]; then
	[ -f "$LINUX_SOURCE" ] || die "LINUX_SOURCE=$LINUX_SOURCE does not exist: point it at a linux-source .deb or .tar.xz"
	case "$LINUX_SOURCE" in
	*.deb) extract_deb "$(realpath "$LINUX_SOURCE")" ;;
	*.tar.xz|*.tar.gz|*.tar) realpath "$LINUX_SOURCE" ;;
	*) die "LINUX_SOURCE=$LINUX_SOURCE: expected a .deb or a .tar.xz" ;;
	esac
	exit 0
fi

deb=$CACHE/$BASE_PKG_FILE
if [ -f "$deb" ] && echo "$BASE_SHA256  $deb" | sha256sum -c --quiet 2>/dev/null; then
	extract_deb "$deb"
	exit 0
fi

APT=$CACHE/apt
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$CACHE"
echo "deb $BASE_MIRROR $BASE_SUITE main" > "$APT/sources.list"
aptp=(-o Dir::Etc::sourcelist="$APT/sources.list" -o Dir::Etc::sourceparts=-
      -o Dir::State::Lists="$APT/lists" -o Dir::Cache="$APT/cache"
      -o Debug::NoLocking=1 -o APT::Get::List-Cleanup=0
      -o APT::Sandbox::User=root)
info "fetching $BASE_PKG=$BASE_VERSION from $BASE_SUITE (private apt state in $APT)"
apt-get "${aptp[@]}" -qq update >&2 ||
	die "apt-get update of $BASE_SUITE failed: check the network, or set LINUX_SOURCE=<linux-source .deb>"
ver=$BASE_VERSION
if ! apt-cache "${aptp[@]}" show "$BASE_PKG=$BASE_VERSION" >/dev/null 2>&1; then
	ver=$(apt-cache "${aptp[@]}" madison "$BASE_PKG" | awk '{print $3}' | grep '^7\.3\.' | sort -V | tail -1)
	[ -n "$ver" ] || die "$BASE_PKG has no 7.3.y build in $BASE_SUITE: set LINUX_SOURCE=<linux-source .deb>"
	warn "**************************************************************"
	warn "pinned base $BASE_PKG=$BASE_VERSION is no longer served;"
	warn "using the newest 7.3.y instead: $ver. The series may not apply;"
	warn "update base.conf (version + SHA-256) once it is verified."
	warn "**************************************************************"
fi
tmp=$(mktemp -d "$CACHE/dl.XXXXXX")
(cd "$tmp" && apt-get "${aptp[@]}" -qq download "$BASE_PKG=$ver" >&2) ||
	die "download of $BASE_PKG=$ver failed: set LINUX_SOURCE=<linux-source .deb> to use a local copy"
f=$(ls "$tmp"/*.deb)
if [ "$ver" = "$BASE_VERSION" ]; then
	echo "$BASE_SHA256  $f" | sha256sum -c --quiet >&2 ||
		die "$f does not match the pinned SHA-256 $BASE_SHA256: refusing to use it"
	mv "$f" "$deb"
else
	deb=$CACHE/$(basename "$f") && mv "$f" "$deb"
fi
rmdir "$tmp"
extract_deb "$deb"
