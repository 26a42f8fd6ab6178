#!/usr/bin/env bash
# Install what the harness needs on Debian 12 (bookworm). Idempotent: does
# nothing when everything is present. QEMU >= 8 comes from bookworm-backports
# (Debian 12 ships 7.2, which has no volatile CXL memory).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PKGS="build-essential flex bison bc libelf-dev libssl-dev cpio ccache xz-utils
      busybox-static python3 python3-ply python3-git python3-docutils git rsync kmod
      numactl libnuma-dev libcap-dev jq curl"
QEMU_MIN=8

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

qemu_major() {
	command -v qemu-system-x86_64 >/dev/null || { echo 0; return; }
	qemu-system-x86_64 --version | sed -n 's/.*version \([0-9]*\)\..*/\1/p' | head -1
}

missing=""
for p in $PKGS; do have_pkg "$p" || missing="$missing $p"; done
qmaj=$(qemu_major)

if [ -z "$missing" ] && [ "${qmaj:-0}" -ge $QEMU_MIN ]; then
	exit 0
fi

if ! grep -qs '^VERSION_CODENAME=bookworm' /etc/os-release; then
	die "not Debian 12: install by hand:$missing qemu-system-x86 (>= $QEMU_MIN, with CXL type-3 volatile memory), then rerun"
fi
[ "$(id -u)" = 0 ] || SUDO=sudo
SUDO=${SUDO:-}

export DEBIAN_FRONTEND=noninteractive
BP=/etc/apt/sources.list.d/bookworm-backports.list
if [ "${qmaj:-0}" -lt $QEMU_MIN ] && [ ! -f "$BP" ]; then
	info "adding bookworm-backports (only qemu is taken from it)"
	echo "deb http://deb.debian.org/debian bookworm-backports main" | $SUDO tee "$BP" >/dev/null
fi
qnote=""
[ "${qmaj:-0}" -ge $QEMU_MIN ] || qnote=" qemu-system-x86 (>= $QEMU_MIN, from bookworm-backports)"
info "installing:${missing}${qnote}"
$SUDO apt-get update -qq
if [ -n "$missing" ]; then
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
if [ "$(qemu_major)" -lt $QEMU_MIN ]; then
	$SUDO apt-get install -y -qq --no-install-recommends -t bookworm-backports \
		qemu-system-x86 >/dev/null
fi
qmaj=$(qemu_major)
[ "${qmaj:-0}" -ge $QEMU_MIN ] || die "QEMU $qmaj is too old (need >= $QEMU_MIN with CXL): install qemu-system-x86 from bookworm-backports"
info "deps ok (qemu $(qemu-system-x86_64 --version | head -1 | awk '{print $4}'))"
