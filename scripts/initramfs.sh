#!/usr/bin/env bash
# Build the guest initramfs (build/initramfs.cpio.gz): busybox-static, the
# guest init and helpers, the kselftests built from the patched tree, and a
# few dynamically linked tools (numactl) with the libraries they need.
# Packed with the kernel's own usr/gen_init_cpio (no root, no mknod needed).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$TOP/base.conf"
OUT=${OUT:-$BUILD/initramfs.cpio.gz}
KST=$BUILD/kselftest
GEN=$BUILD/tools/gen_init_cpio
# EXTRA_TOOLS: more host tools for the guest (make upstream-compare: bash).
TOOLS="numactl migratepages ${EXTRA_TOOLS:-}"

[ -f "$KSRC/usr/gen_init_cpio.c" ] || die "no kernel tree at $KSRC: run 'make tree' first"
BB=$(command -v busybox || true)
[ -n "$BB" ] && file -L "$BB" 2>/dev/null | grep -q 'statically linked' || BB=/bin/busybox
[ -x "$BB" ] || die "busybox-static is missing: run 'make deps' (or apt-get install busybox-static)"
mkdir -p "$(dirname "$GEN")"
[ "$GEN" -nt "$KSRC/usr/gen_init_cpio.c" ] || gcc -O2 -o "$GEN" "$KSRC/usr/gen_init_cpio.c"

list=$(mktemp) && trap 'rm -f "$list"' EXIT
declare -A seen=()
dir() { [ -n "${seen[$1]:-}" ] && return; seen[$1]=1; [ "$1" = / ] || dir "$(dirname "$1")"; [ "$1" = / ] || echo "dir $1 0755 0 0" >> "$list"; }
add() { dir "$(dirname "$2")"; echo "file $2 $1 ${3:-0755} 0 0" >> "$list"; }

for d in /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp /root /mnt /etc/mn /lib/mn; do dir $d; done
echo "nod /dev/console 0600 0 0 c 5 1" >> "$list"
add "$BB" /bin/busybox
echo "slink /bin/sh busybox 0777 0 0" >> "$list"
add "$TOP/guest/init" /init
add "$TOP/guest/lib/lib.sh" /lib/mn/lib.sh 0644
for j in "$TOP"/guest/jobs/*.sh; do add "$j" "/lib/mn/jobs/$(basename "$j")" 0644; done

# kselftests: every executable the selftest build produced (and the
# bench's module, bench/page_alloc_bench.ko, for make bench).
if [ -d "$KST" ]; then
	while IFS= read -r f; do add "$f" "/kselftest/${f#"$KST"/}"; done \
		< <(find "$KST" -type f \( -perm -u+x -o -name '*.ko' \) | sort)
fi

# The guest's own small tools (guest/tools/*.c), static.
mkdir -p "$BUILD/tools/guest"
for c in "$TOP"/guest/tools/*.c; do
	[ -e "$c" ] || continue
	b=$BUILD/tools/guest/$(basename "$c" .c)
	[ "$b" -nt "$c" ] || gcc -O2 -Wall -static -o "$b" "$c" || die "building $c failed"
	add "$b" "/usr/bin/$(basename "$b")"
done

# Dynamically linked tools, with their libraries and the loader.
for t in $TOOLS; do
	p=$(command -v "$t" || true)
	[ -n "$p" ] || { warn "$t not installed: not in the guest"; continue; }
	add "$p" "/usr/bin/$t"
	while IFS= read -r lib; do
		add "$(readlink -f "$lib")" "$lib" 0755
	done < <(ldd "$p" | grep -o '/[^ ]*' | sort -u)
done

# cxl-cli (cxl, daxctl, ndctl) from Debian's ndctl $NDCTL_VERSION, with the
# glibc and libraries of the suite it comes from: under /opt/ndctl, run
# through that suite's dynamic loader by small wrappers in /usr/bin. Without
# it (NO_NDCTL=1, or no network) the tests that want it skip.
if [ -z "${NO_NDCTL:-}" ] && nroot=$("$TOP/scripts/fetch-tools.sh"); then
	nlib=$nroot/usr/lib/x86_64-linux-gnu
	nld=$nlib/ld-linux-x86-64.so.2
	declare -A nlibs=()
	for t in cxl daxctl ndctl; do
		add "$nroot/usr/bin/$t" "/opt/ndctl/bin/$t"
		while IFS= read -r lib; do nlibs[$lib]=1; done < <("$nld" --library-path "$nlib" \
			--list "$nroot/usr/bin/$t" | awk '$3 ~ /^\// {print $3}')
		w=$BUILD/tools/ndctl-wrap-$t
		printf '#!/bin/sh\nexec /opt/ndctl/lib/ld-linux-x86-64.so.2 --library-path /opt/ndctl/lib /opt/ndctl/bin/%s "$@"\n' \
			"$t" > "$w"
		add "$w" "/usr/bin/$t"
	done
	add "$nld" /opt/ndctl/lib/ld-linux-x86-64.so.2
	for lib in "${!nlibs[@]}"; do
		case $lib in "$nroot"/*) ;; *) die "$lib: not from the ndctl root" ;; esac
		add "$(readlink -f "$lib")" "/opt/ndctl/lib/$(basename "$lib")"
	done
else
	warn "*** no cxl-cli in the guest (NO_NDCTL or fetch failed): tests that use it skip ***"
fi

# make upstream-compare SUITES=cxl: the kernel's modules (MODROOT, the
# INSTALL_MOD_PATH of a modules_install, cxl_test's included) and ndctl's
# test suite (NDCTL_TESTS, the directory that holds its test/) under
# /ndctl, with guest/udev/: what this guest has instead of udev (coldplug:
# load the modules of the devices that have none; udevadm settle and a
# modprobe that run it), of the systemd journal (journalctl: the kernel
# log) and of util-linux's uuidgen.
if [ -n "${MODROOT:-}" ]; then
	[ -d "$MODROOT/lib/modules" ] || die "MODROOT=$MODROOT has no lib/modules"
	while IFS= read -r f; do add "$f" "${f#"$MODROOT"}" 0644; done \
		< <(find "$MODROOT/lib/modules" -type f | sort)
fi
if [ -n "${NDCTL_TESTS:-}" ]; then
	[ -f "$NDCTL_TESTS/test/common" ] || die "NDCTL_TESTS=$NDCTL_TESTS has no test/common"
	while IFS= read -r f; do add "$f" "/ndctl/${f#"$NDCTL_TESTS"/}" 0755; done \
		< <(find "$NDCTL_TESTS/test" -type f | sort)
	add "$TOP/guest/udev/coldplug" /usr/bin/coldplug
	add "$TOP/guest/udev/udevadm" /usr/bin/udevadm
	add "$TOP/guest/udev/journalctl" /usr/bin/journalctl
	add "$TOP/guest/udev/uuidgen" /usr/bin/uuidgen
	# Ahead of kmod's (/usr/bin/modprobe) in PATH.
	add "$TOP/guest/udev/modprobe" /bin/modprobe
fi

"$GEN" "$list" | gzip -1 > "$OUT.tmp" && mv "$OUT.tmp" "$OUT"
info "initramfs: $(du -h "$OUT" | cut -f1) ($(grep -c '^file' "$list") files)"
