# Helpers for guest jobs (sourced by /init; jobs can use them directly).
# shellcheck shell=sh
MN_RES=/dev/ttyS1
[ -c "$MN_RES" ] || MN_RES=/dev/console

# mn_result TEXT: one line on the results channel.
mn_result() { echo "$*" > "$MN_RES"; }

# mn_section NAME CMD...: run CMD with its output on the results channel
# between markers that the host runner splits on.
mn_section() {
	_name=$1; shift
	echo "mn: running $_name"
	mn_result "==== MN BEGIN $_name ===="
	"$@" > "$MN_RES" 2>&1
	_rc=$?
	mn_result "==== MN END $_name rc=$_rc ===="
	# With the uptime: the console log then says where a slow run went.
	read -r _up _ < /proc/uptime
	echo "mn: $_name rc=$_rc (uptime ${_up%.*} s)"
	# A builtin's redirection opens /proc/self as this shell.
	read -r _self _ < /proc/self/stat
	mn_home 1 "$_self"
	return $_rc
}

# mn_home PID...: move the pages of these tasks (the harness shells) back
# to node 0. A shell's page left on a CXL node (allocated there while node
# 0 was full, or demoted) takes the signal frame of its next SIGCHLD, and
# QEMU dies on that XSAVE into CXL memory (README, "A QEMU crash").
mn_home() {
	command -v migratepages > /dev/null || return 0
	for _p; do
		_off=$(awk '{ for (i = 2; i <= NF; i++)
			if ($i ~ /^N[0-9]+=/ && $i !~ /^N0=/) { split($i, a, "="); n += a[2] } }
			END { print n + 0 }' "/proc/$_p/numa_maps" 2>/dev/null)
		[ "${_off:-0}" -gt 0 ] || continue
		migratepages "$_p" all 0 > /dev/null 2>&1
		echo "mn: moved pid $_p's $_off pages on CXL nodes back to node 0"
	done
	return 0
}

CXL=/sys/bus/cxl/devices
DAX=/sys/bus/dax/devices

# cxl_memdevs: the CXL memory devices, in order.
cxl_memdevs() { for m in "$CXL"/mem*; do [ -e "$m" ] && basename "$m"; done; }

# cxl_endpoint_of MEMDEV: the endpoint port whose uport is MEMDEV.
cxl_endpoint_of() {
	_mp=$(readlink -f "$CXL/$1")
	for _e in "$CXL"/endpoint*; do
		[ "$(readlink -f "$_e/uport")" = "$_mp" ] && { basename "$_e"; return 0; }
	done
	return 1
}

# cxl_root_decoder_for MEMDEV: the root decoder whose window targets the
# memdev's host bridge. The host bridge is the PCI root "pciSSSS:BB" above
# the memdev; its id in root0 (dport<BB>) appears in the decoder's target_list.
cxl_root_decoder_for() {
	_hb=$(readlink -f "$CXL/$1" | sed -n 's|^/sys/devices/pci[0-9a-f]*:\([0-9a-f]*\)/.*|\1|p')
	[ -n "$_hb" ] || return 1
	_id=$((0x$_hb))
	for _rd in "$CXL"/root0/decoder0.*; do
		tr ',' '\n' < "$_rd/target_list" | grep -qx "$_id" && { basename "$_rd"; return 0; }
	done
	return 1
}

# cxl_region_up MEMDEV SIZE_BYTES [CONSUMER]: create, commit and bind a RAM
# region of SIZE on MEMDEV through sysfs (cxl-cli cannot create RAM
# regions). CONSUMER (dax by default, or sysram) is set before the bind.
# Prints the region name. Leaves the resulting child device to the caller.
# A decoder that kept its capacity from a deleted region is reused as is.
cxl_region_up() {
	_md=$1 _sz=$2 _co=${3:-}
	_rd=$(cxl_root_decoder_for "$_md") || { echo "mn: no root decoder for $_md" >&2; return 1; }
	_ep=$(cxl_endpoint_of "$_md") || { echo "mn: no endpoint for $_md" >&2; return 1; }
	_ed=$(cd "$CXL/$_ep" && ls -d decoder*.0 | head -1)
	if [ $(($(cat "$CXL/$_ed/dpa_size"))) -eq 0 ]; then
		echo ram > "$CXL/$_ed/mode" && echo "$_sz" > "$CXL/$_ed/dpa_size" || {
			echo "mn: sizing $_ed failed" >&2; return 1; }
	fi
	_r=$(cat "$CXL/$_rd/create_ram_region") &&
	echo "$_r" > "$CXL/$_rd/create_ram_region" &&
	echo 4096 > "$CXL/$_r/interleave_granularity" &&
	echo 1 > "$CXL/$_r/interleave_ways" &&
	echo "$_sz" > "$CXL/$_r/size" &&
	echo "$_ed" > "$CXL/$_r/target0" &&
	{ [ -z "$_co" ] || echo "$_co" > "$CXL/$_r/consumer"; } &&
	echo 1 > "$CXL/$_r/commit" &&
	echo "$_r" > /sys/bus/cxl/drivers/cxl_region/bind || {
		echo "mn: bringing up a region on $_md ($_rd/$_ed) failed" >&2; return 1; }
	echo "$_r"
}

# cxl_cli_region_up MEMDEV SIZE_BYTES [CONSUMER]: as cxl_region_up, with
# cxl-cli (ndctl >= 80: cxl create-region -t ram). create-region commits and
# enables the region at once, with the default consumer (dax); for another
# consumer the region is disabled, the consumer set and the region enabled
# again. Prints the region name; fails (with a message) without cxl-cli.
cxl_cli_region_up() {
	_md=$1 _sz=$2 _co=${3:-dax}
	command -v cxl > /dev/null || { echo "mn: no cxl-cli in the guest" >&2; return 1; }
	_rd=$(cxl_root_decoder_for "$_md") || { echo "mn: no root decoder for $_md" >&2; return 1; }
	_out=$(cxl create-region -t ram -d "$_rd" -m "$_md" -s "$_sz" 2>&1) || {
		echo "mn: cxl create-region -t ram -d $_rd -m $_md failed: $_out" >&2; return 1; }
	_r=$(echo "$_out" | sed -n 's/.*"region":"\(region[0-9]*\)".*/\1/p' | head -1)
	[ -n "$_r" ] || { echo "mn: cxl create-region printed no region: $_out" >&2; return 1; }
	if [ "$_co" != dax ]; then
		cxl disable-region "$_r" > /dev/null 2>&1 &&
		echo "$_co" > "$CXL/$_r/consumer" &&
		cxl enable-region "$_r" > /dev/null 2>&1 || {
			echo "mn: switching $_r to consumer $_co failed" >&2; return 1; }
	fi
	echo "$_r"
}

# mn_wait_for PATH [TENTHS]: wait for PATH to exist (default 10 s); drivers
# probe asynchronously after a bind.
mn_wait_for() {
	_n=${2:-100}
	while [ ! -e "$1" ]; do
		_n=$((_n - 1))
		[ $_n -gt 0 ] || { echo "mn: timed out waiting for $1" >&2; return 1; }
		sleep 0.1
	done
}

# cxl_region_dax REGION: the dax device created for REGION.
cxl_region_dax() {
	_n=100
	while [ $_n -gt 0 ]; do
		for _x in "$CXL/$1"/dax_region*/dax[0-9]*; do
			[ -e "$_x" ] && { basename "$_x"; return 0; }
		done
		_n=$((_n - 1))
		sleep 0.1
	done
	echo "mn: $1 has no dax device" >&2
	return 1
}

# dax_kmem_online DAXDEV [MODE]: online a dax device bound to kmem
# (MODE: online_movable by default). Onlining is allowed from "unplugged".
dax_kmem_online() {
	_s=$DAX/$1/state
	mn_wait_for "$_s" || return 1
	[ "$(cat "$_s")" = unplugged ] || echo unplugged > "$_s" || return 1
	echo "${2:-online_movable}" > "$_s"
}

# node_meminfo NID FIELD: value in kB from the node's meminfo.
node_meminfo() {
	# Fold the per-cpu counter deltas first, so that the value is exact.
	echo 1 > /proc/sys/vm/stat_refresh 2>/dev/null
	awk -v f="$2:" '$3 == f { print $4 }' "/sys/devices/system/node/node$1/meminfo"
}

# cxl_kmem_up [SIZE_BYTES]: one region per memdev, each onlined through dax
# kmem as ordinary memory (the unpatched kernel's only path).
cxl_kmem_up() {
	for _m in $(cxl_memdevs); do
		_r=$(cxl_region_up "$_m" "${1:-$((256 << 20))}") || return 1
		_x=$(cxl_region_dax "$_r") || { echo "mn: $_r has no dax device" >&2; return 1; }
		dax_kmem_online "$_x" || return 1
		echo "mn: $_m -> $_r -> $_x -> node $(cat "$DAX/$_x/target_node") ($(cat "$DAX/$_x/state"))"
	done
}

# cxl_regions_up [SIZE_BYTES]: one RAM region per memdev; prints the dax
# devices, one per line. kmem binds to them with their memory offline.
cxl_regions_up() {
	for _m in $(cxl_memdevs); do
		_r=$(cxl_region_up "$_m" "${1:-$((256 << 20))}") || return 1
		cxl_region_dax "$_r" || return 1
	done
}

# dax_release DAXDEV: take the device's memory away from kmem and unbind it,
# leaving a bare physical range. Prints "nid:start:size" (hex).
dax_release() {
	_d=$DAX/$1
	mn_wait_for "$_d/state" || return 1
	[ "$(cat "$_d/state")" = unplugged ] || echo unplugged > "$_d/state" || return 1
	echo "$1" > /sys/bus/dax/drivers/kmem/unbind || return 1
	printf '%d:%s:0x%x\n' "$(cat "$_d/target_node")" "$(cat "$_d/resource")" "$(cat "$_d/size")"
}

# dax_kmem_rebind DAXDEV [MODE]: give a released device back to kmem, online.
dax_kmem_rebind() {
	echo "$1" > /sys/bus/dax/drivers/kmem/bind || return 1
	dax_kmem_online "$1" "$2"
}

# node_in_list LIST NID: is NID in a node list such as "0-2,4"?
node_in_list() {
	echo "$1" | tr ',' '\n' | while IFS=- read -r _a _b; do
		[ -n "$_a" ] || continue
		[ "$2" -ge "$_a" ] && [ "$2" -le "${_b:-$_a}" ] && echo y
	done | grep -q y
}

# anondax_bind DAXDEV: hand a released dax device to anondax, which
# hot-plugs it (online_movable) as a managed node with every service off.
anondax_bind() {
	_a=/sys/bus/dax/drivers/anondax
	[ -d "$_a" ] || { echo "mn: no anondax driver" >&2; return 1; }
	echo "$1" > "$_a/new_id" || return 1
	mn_wait_for "$DAX/$1/state" || return 1
	[ "$(cat "$DAX/$1/state")" = online_movable ]
}

# kunit_run SUITE: run a built-in KUnit suite again through debugfs and
# print its KTAP results.
kunit_run() {
	_k=/sys/kernel/debug/kunit/$1
	[ -e "$_k/run" ] || { echo "not ok 1 $1 # no such suite in debugfs"; return 1; }
	echo 1 > "$_k/run"
	cat "$_k/results"
}
