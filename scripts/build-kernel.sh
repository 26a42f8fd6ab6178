#!/usr/bin/env bash
# Configure and build the QEMU test kernel out of tree (build/obj) with ccache.
#   DEBUG=1            also apply configs/debug.config (KASAN, lockdep, ...)
#   CONFIG_EXTRA=file  also apply this fragment (check-bisect uses it)
#   KSRC=dir OBJ=dir   build another tree (check-bisect uses it)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
OBJ=${OBJ:-$BUILD/obj${DEBUG:+-debug}}
JOBS=${JOBS:-$(($(nproc) + 1))}
[ -f "$KSRC/Makefile" ] || die "no kernel tree at $KSRC: run 'make tree' first"
command -v ccache >/dev/null || die "ccache missing: run 'make deps'"

frags=("$TOP/configs/qemu-cxl.config")
[ -n "${DEBUG:-}" ] && frags+=("$TOP/configs/debug.config")
[ -n "${CONFIG_EXTRA:-}" ] && frags+=("$CONFIG_EXTRA")

export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache} CCACHE_BASEDIR=$BUILD CCACHE_COMPILERCHECK=content
mkdir -p "$OBJ"
kmake() { make -s -C "$KSRC" O="$OBJ" CC="ccache gcc" HOSTCC="ccache gcc" -j"$JOBS" "$@"; }

# Reconfigure only when a fragment or Kconfig changed.
sig=$(cat "${frags[@]}" | sha256sum | cut -c1-16)-$(git -C "$KSRC" ls-files -s '*Kconfig*' | sha256sum | cut -c1-16)
if [ "$(cat "$OBJ/.config.sig" 2>/dev/null)" != "$sig" ] || [ ! -f "$OBJ/.config" ]; then
	info "configuring $(basename "$OBJ") (tinyconfig + ${frags[*]##*/})"
	kmake tinyconfig >/dev/null
	(cd "$OBJ" && "$KSRC/scripts/kconfig/merge_config.sh" -m -O "$OBJ" .config "${frags[@]}" >/dev/null)
	kmake olddefconfig >/dev/null
	# Check the merged request (a later fragment overrides an earlier one):
	# every symbol finally asked to be =y/=m/=value must be so.
	bad=""
	while IFS= read -r l; do
		grep -qx "$l" "$OBJ/.config" || bad="$bad ${l%%=*}"
	done < <(cat "${frags[@]}" | sed -nE 's/^# (CONFIG_[A-Z0-9_]+) is not set$/\1=n/p; /^CONFIG_[A-Z0-9_]+=/p' |
		awk -F= '{v[$1] = $0; if (!($1 in o)) o[$1] = n++} END {for (k in o) print v[k]}' | grep -v '=n$')
	[ -z "$bad" ] || die "config fragment not honoured (dependency missing?):$bad"
	echo "$sig" > "$OBJ/.config.sig"
fi
info "building bzImage in $(basename "$OBJ")"
start=$(date +%s)
kmake bzImage
info "bzImage built in $(($(date +%s) - start)) s"
