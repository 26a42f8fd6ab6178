# Test job. First the managed-node suites that need real memory: both CXL
# regions are created, released from kmem, and handed to the
# managed_nodes_hotplug KUnit suite (a test-only owner) as two managed
# nodes. Then the first region goes to anondax (a managed node) and the
# second back to kmem (an ordinary node), and numactl and every kselftest
# in the initramfs run against them. Last, anondax is unbound with data on
# its node and the device moved to kmem and back. TAP/KTAP goes to the
# results channel.
# shellcheck shell=sh

# No swap here: node 0's anonymous memory cannot be reclaimed, so a
# watermark boost (raised when a pageblock is stolen for another
# migratetype) is never paid back, and the pressure tests, which take
# node 0 to just above its min watermark, then OOM in a page-table
# allocation (seen once under the debug kernel: min 14.5 MiB with a
# 12 MiB boost). Boosting is off for the whole job.
[ -w /proc/sys/vm/watermark_boost_factor ] && echo 0 > /proc/sys/vm/watermark_boost_factor

# make test boots two guests at once, one per host core (MN_SHARD, set by
# scripts/run-tests.sh). Shard 2 runs the managed_nodes tests named in
# MN_SPLIT, the ones that fill a block of CXL memory (emulated MMIO, a
# few MiB/s: the slowest tests), on a managed node and a kmem node of its
# own; shard 1 runs the rest of the job. Without MN_SHARD the job runs
# everything (make mutants, make vm JOB=...).
MN_SPLIT="pressure_isolation preferred_obeys_cpuset compaction_obeys_knob
	bind_strict_when_full unmovable_folio_not_admitted oom_bound_obeys_adj"
if [ "${MN_SHARD:-}" = 2 ]; then
	ANONDAX=""
	shard2_tap() {
		echo "TAP version 13"
		echo "1..1"
		ok="not ok"
		if devs=$(cxl_regions_up 2>&1); then
			ok=ok
			# The lowest node becomes the managed node, as below.
			for d in $(for d in $devs; do echo "$(cat "$DAX/$d/target_node") $d"; done | sort -n | cut -d' ' -f2); do
				if [ -z "$ANONDAX" ]; then
					if dax_release "$d" > /dev/null && anondax_bind "$d"; then
						ANONDAX=$d
					else
						ok="not ok"
					fi
				else
					dax_kmem_online "$d" || ok="not ok"
				fi
			done
			[ -n "$ANONDAX" ] || ok="not ok"
		fi
		echo "# dax devices: $devs; anondax: $ANONDAX; has_memory_managed: $(cat /sys/devices/system/node/has_memory_managed)" | tr '\n' ' '
		echo
		echo "$ok 1 shard2_managed_and_kmem_nodes"
	}
	mn_section guest:shard2_setup shard2_tap
	export CXL_EXPECT_NODES=1 MN_ANONDAX="$ANONDAX"
	set --
	for t in $MN_SPLIT; do set -- "$@" -t "$t"; done
	mn_section kselftest:mm/managed_nodes /kselftest/mm/managed_nodes "$@"
	# The job is sourced by the guest's init: this ends it.
	return 0
fi

DAXDEVS=""
RANGES=""
setup_tap() {
	echo "TAP version 13"
	echo "1..1"
	if out=$(cxl_regions_up 2>&1); then
		DAXDEVS=$out
		for d in $DAXDEVS; do
			r=$(dax_release "$d" 2>&1) || { out="$out $r"; DAXDEVS=""; break; }
			RANGES="${RANGES:+$RANGES,}$r"
		done
	fi
	echo "# dax devices: $DAXDEVS; ranges: $RANGES" | tr '\n' ' '
	echo
	if [ -n "$DAXDEVS" ] && [ -n "$RANGES" ]; then
		echo "ok 1 cxl_regions_created"
	else
		echo "$out" | sed 's/^/# /'
		echo "not ok 1 cxl_regions_created"
	fi
}
# A function call with a redirection runs in this shell: DAXDEVS and
# RANGES stay set for what follows.
mn_section guest:setup setup_tap

# What user space sees of a managed node: has_memory_managed, not
# has_memory, node meminfo and /proc/zoneinfo with the node's capacity, and
# the boot/hotplug fallback order, which lists normal nodes only ("0 ...",
# not the node itself: see Documentation/mm/managed-nodes.rst).
managed_sysfs_tap() {
	echo "TAP version 13"
	echo "1..5"
	mm=$(cat /sys/devices/system/node/has_memory_managed)
	echo "# has_memory_managed: $mm; has_memory: $(cat /sys/devices/system/node/has_memory)"
	r1=ok r2=ok r3=ok r4=ok
	for r in $(echo "$RANGES" | tr ',' ' '); do
		nid=${r%%:*}; size=$((${r##*:}))
		expect_kb=$((size / 1024))
		total=$(node_meminfo "$nid" MemTotal)
		present=$(awk -v n="$nid" '$1 == "Node" { cur = ($2 == n",") } cur && $1 == "present" { s += $2 } END { print s + 0 }' /proc/zoneinfo)
		fb=$(dmesg | grep "Fallback order for Node $nid:" | tail -1 | sed 's/.*: //')
		echo "# node $nid: MemTotal $total kB (expect $expect_kb), zoneinfo present $present pages, fallback: $fb"
		node_in_list "$(cat /sys/devices/system/node/has_memory)" "$nid" && r1="not ok"
		[ "$total" = "$expect_kb" ] || r2="not ok"
		[ "$present" = $((size / 4096)) ] || r3="not ok"
		# Node 0 first, and no managed node (this one included).
		case " $fb " in " 0 "*) ;; *) r4="not ok" ;; esac
		for m in $(echo "$RANGES" | tr ',' ' '); do
			case " $fb " in *" ${m%%:*} "*) r4="not ok" ;; esac
		done
	done
	# has_memory_managed names every managed node (a list like "1-2").
	[ -n "$mm" ] || r1="not ok"
	echo "$r1 1 has_memory_managed_not_has_memory"
	echo "$r2 2 node_meminfo_memtotal"
	echo "$r3 3 zoneinfo_present_pages"
	echo "$r4 4 fallback_order_normal_only"

	# Pressure from user space on node 0: page cache (a tmpfs file) and
	# slab (5000 inodes and dentries). With the low watermark lifted to
	# ~10% of the node, the fill takes node 0 below it but not below min:
	# there an ordinary node next in the fallback list would take the
	# excess (cxl_nodes shows that spill); a managed node's free memory
	# must not go down.
	wsf=$(cat /proc/sys/vm/watermark_scale_factor)
	echo 1000 > /proc/sys/vm/watermark_scale_factor
	before=""
	for r in $(echo "$RANGES" | tr ',' ' '); do
		before="$before ${r%%:*}=$(node_meminfo "${r%%:*}" MemFree)"
	done
	free0=$(node_meminfo 0 MemFree)
	fill=$(( (free0 - 24576) / 1024 ))
	mkdir -p /tmp/press
	mount -t tmpfs -o size=$((fill + 64))m press /tmp/press
	dd if=/dev/zero of=/tmp/press/cache bs=1M count=$fill 2>&1 | grep -v records | sed 's/^/# dd: /'
	i=0
	while [ $i -lt 5000 ]; do : > /tmp/press/f$i; i=$((i + 1)); done
	echo "# node 0: MemFree $free0 kB before, $(node_meminfo 0 MemFree) kB with ${fill} MiB page cache and 5000 files"
	r5=ok
	for b in $before; do
		nid=${b%%=*}; now=$(node_meminfo "$nid" MemFree)
		echo "# node $nid: MemFree ${b#*=} kB before, $now kB under pressure"
		# Not down: pages the hotplug suite freed onto per-cpu lists
		# (not counted free) may be drained back meanwhile.
		[ "$now" -ge "${b#*=}" ] || r5="not ok"
	done
	umount /tmp/press
	echo "$wsf" > /proc/sys/vm/watermark_scale_factor
	echo "$r5 5 pressure_page_cache_slab_no_leak"
}

if [ -n "$RANGES" ]; then
	P=/sys/module/managed_nodes_kunit/parameters
	echo "$RANGES" > $P/hotplug_ranges
	# First run keeps the two managed nodes for inspection; the second
	# checks them again and removes them.
	echo 1 > $P/hotplug_keep
	mn_section kunit:managed_nodes_hotplug kunit_run managed_nodes_hotplug
	mn_section guest:managed_nodes_sysfs managed_sysfs_tap
	echo 0 > $P/hotplug_keep
	mn_section kunit:managed_nodes_hotplug_remove kunit_run managed_nodes_hotplug
fi

# The device on the lowest node becomes a managed node through anondax
# (so that rebinding tests see the managed node below the kmem node, where
# a positional remap shifts policies); the others go back to kmem as
# ordinary memory, for contrast.
ANONDAX=""
kmem_tap() {
	echo "TAP version 13"
	echo "1..2"
	ok=ok aok="not ok"
	for d in $(for d in $DAXDEVS; do echo "$(cat "$DAX/$d/target_node") $d"; done | sort -n | cut -d' ' -f2); do
		if [ -z "$ANONDAX" ]; then
			ANONDAX=$d
			if anondax_bind "$d"; then
				aok=ok
				echo "# $d -> anondax, managed node $(cat "$DAX/$d/target_node"); has_memory_managed: $(cat /sys/devices/system/node/has_memory_managed)"
			fi
		elif dax_kmem_rebind "$d"; then
			echo "# $d -> node $(cat "$DAX/$d/target_node") ($(cat "$DAX/$d/state"))"
		else
			ok="not ok"
		fi
	done
	echo "$ok 1 cxl_regions_online_kmem"
	echo "$aok 2 anondax_managed_node"
}
mn_section guest:kmem kmem_tap

# numactl on the managed node: --membind works while the owner allows
# mbind and fails with numactl's own message while it does not.
numactl_tap() {
	echo "TAP version 13"
	echo "1..2"
	nid=$(cat "$DAX/$ANONDAX/target_node")
	echo 0 > "$DAX/$ANONDAX/mbind"
	out=$(numactl --membind="$nid" true 2>&1); rc=$?
	msg=$(echo "$out" | grep -E "out of range|invalid" | tr '\n' ' ')
	echo "# mbind=0: numactl --membind=$nid true: rc=$rc: $msg"
	if [ $rc -ne 0 ] && [ -n "$msg" ]; then echo "ok 1 numactl_membind_refused"; else echo "not ok 1 numactl_membind_refused"; fi
	echo 1 > "$DAX/$ANONDAX/mbind"
	# A 1 MiB file on /tmp (tmpfs): its pages follow the task's policy
	# (counted by the node's Shmem, exact where MemFree is not).
	before=$(node_meminfo "$nid" Shmem)
	out=$(numactl --membind="$nid" dd if=/dev/zero of=/tmp/mn_numactl bs=64k count=16 2>&1); rc=$?
	after=$(node_meminfo "$nid" Shmem)
	rm -f /tmp/mn_numactl
	echo "# mbind=1: numactl --membind=$nid dd 1 MiB: rc=$rc, node $nid Shmem $before -> $after kB"
	if [ $rc -eq 0 ] && [ $((after - before)) -ge 1024 ]; then echo "ok 2 numactl_membind_allowed"; else echo "not ok 2 numactl_membind_allowed"; fi
	echo 0 > "$DAX/$ANONDAX/mbind"
}
[ -n "$ANONDAX" ] && mn_section guest:numactl numactl_tap

# MN_ONLY (set by scripts/mutants.sh for its quick pass): a list of
# "binary:test" words; each kselftest binary then runs only its named
# tests (-t), and a binary with none is left out. The KUnit suites, the
# boot log check and the shell sections run as always.
mn_kselftest() {
	if [ -z "${MN_ONLY:-}" ]; then
		set -- "$1"
		# Shard 1 leaves shard 2's tests out.
		if [ "${MN_SHARD:-}" = 1 ] && [ "${1##*/}" = managed_nodes ]; then
			for t in $MN_SPLIT; do set -- "$@" -T "$t"; done
		fi
		mn_section "kselftest:${1#/kselftest/}" "$@"
		return 0
	fi
	t=$1
	set --
	for w in $MN_ONLY; do
		case $w in "${t##*/}":*) set -- "$@" -t "${w#*:}" ;; esac
	done
	if [ $# -gt 0 ]; then
		mn_section "kselftest:${t#/kselftest/}" "$t" "$@"
	fi
	return 0
}

export CXL_EXPECT_NODES=1 MN_ANONDAX="$ANONDAX"
for t in $(find /kselftest -type f | sort); do
	# cxl_sysram needs a free CXL device: it runs last, below.
	case $t in */cxl_sysram) continue ;; esac
	mn_kselftest "$t"
done

# Unbinding anondax with data on the node migrates it; the device then
# goes to kmem and back to anondax.
rebind_tap() {
	echo "TAP version 13"
	echo "1..3"
	d=$ANONDAX
	nid=$(cat "$DAX/$d/target_node")
	echo 1 > "$DAX/$d/mbind"
	# The node's Shmem counts the file's pages exactly; a MemFree delta
	# misses pages that came from a per-CPU free list (seen: 2008 kB).
	shmem=$(node_meminfo "$nid" Shmem)
	numactl --membind="$nid" dd if=/dev/urandom of=/tmp/mn_live bs=64k count=32 2>/dev/null
	before=$(md5sum < /tmp/mn_live)
	used=$(($(node_meminfo "$nid" Shmem) - shmem))
	echo "$d" > /sys/bus/dax/drivers/anondax/unbind
	after=$(md5sum < /tmp/mn_live)
	echo "# 2 MiB file written under numactl --membind=$nid took $used kB there; after unbind: has_memory_managed '$(cat /sys/devices/system/node/has_memory_managed)', driver '$(basename "$(readlink "$DAX/$d/driver" 2>/dev/null)")'"
	if [ "$before" = "$after" ] && [ $used -ge 2048 ] && [ ! -e "$DAX/$d/driver" ] &&
	   ! node_in_list "$(cat /sys/devices/system/node/has_memory_managed)" "$nid"; then
		echo "ok 1 anondax_unbind_migrates_live_data"
	else
		echo "not ok 1 anondax_unbind_migrates_live_data"
	fi
	rm -f /tmp/mn_live
	echo "$d" > /sys/bus/dax/drivers/anondax/remove_id
	if dax_kmem_rebind "$d" && node_in_list "$(cat /sys/devices/system/node/has_memory)" "$nid"; then
		echo "# $d -> kmem: node $nid in has_memory ($(cat /sys/devices/system/node/has_memory))"
		echo "ok 2 anondax_to_kmem"
	else
		echo "not ok 2 anondax_to_kmem"
	fi
	if dax_release "$d" > /dev/null && anondax_bind "$d" &&
	   [ "$(cat /sys/devices/system/node/has_memory_managed)" = "$nid" ]; then
		echo "# $d -> anondax again: has_memory_managed $(cat /sys/devices/system/node/has_memory_managed)"
		echo "ok 3 kmem_to_anondax"
	else
		echo "not ok 3 kmem_to_anondax"
	fi
}
[ -n "$ANONDAX" ] && mn_section guest:anondax_rebind rebind_tap
# Deleting the anondax region (the dax path) unplugs its managed node and
# frees the CXL device; cxl_sysram then makes its own regions on it, while
# the other device stays on dax/kmem.
delete_tap() {
	echo "TAP version 13"
	echo "1..1"
	d=$ANONDAX
	nid=$(cat "$DAX/$d/target_node")
	r=$(basename "$(readlink -f "$DAX/$d/../..")")
	rd=$(basename "$(readlink -f "$CXL/$r/..")")
	echo "# $d is on $r (root decoder $rd)"
	if echo "$r" > "$CXL/$rd/delete_region" && [ ! -e "$CXL/$r" ] &&
	   ! node_in_list "$(cat /sys/devices/system/node/has_memory_managed)" "$nid" &&
	   ! grep -q "$d" /proc/iomem; then
		echo "ok 1 dax_region_delete"
	else
		echo "not ok 1 dax_region_delete"
	fi
}
[ -n "$ANONDAX" ] && mn_section guest:dax_region_delete delete_tap
# cxl-cli (Debian's ndctl, newer than Debian 12's): cxl create-region -t
# ram on the freed device, the consumer attribute switched to sysram, the
# region seen by cxl list as a managed node, then cxl destroy-region. SKIP
# without cxl-cli or when the control case (a dax region) fails.
cli_tap() {
	echo "TAP version 13"
	echo "1..3"
	md="" r="" nid=""
	for m in $(cxl_memdevs); do
		ep=$(cxl_endpoint_of "$m") || continue
		busy=0
		for ed in "$CXL/$ep"/decoder*; do
			[ -n "$(cat "$ed/region" 2>/dev/null)" ] && busy=1
		done
		[ $busy = 0 ] && { md=$m; break; }
	done
	if ! command -v cxl > /dev/null || [ -z "$md" ]; then
		for i in 1 2 3; do echo "ok $i cxl_cli # SKIP no cxl-cli in the guest or no free memdev"; done
		return 0
	fi
	echo "# $(cxl version 2>&1 | head -1 | sed 's/^/cxl-cli /'), memdev $md"
	if r=$(cxl_cli_region_up "$md" $((256 << 20)) 2>&1) && mn_wait_for "$CXL/$r/consumer" 20 &&
	   [ "$(cat "$CXL/$r/consumer")" = dax ]; then
		echo "ok 1 cxl_cli_create_region_ram"
	else
		echo "# $r" | tr '\n' ' '; echo
		for i in 1 2 3; do echo "ok $i cxl_cli # SKIP cxl create-region -t ram failed (control case)"; done
		return 0
	fi
	ok="not ok"
	if cxl disable-region "$r" > /dev/null 2>&1 && echo sysram > "$CXL/$r/consumer" &&
	   cxl enable-region "$r" > /dev/null 2>&1 && mn_wait_for "$CXL/sysram_$r/target_node" 50; then
		nid=$(cat "$CXL/sysram_$r/target_node")
		cxl list -R -r "$r" -u 2>&1 | sed 's/^/# /'
		echo "# has_memory_managed: $(cat /sys/devices/system/node/has_memory_managed); daxctl list: $(daxctl list 2>&1 | tr -d ' \n')"
		if node_in_list "$(cat /sys/devices/system/node/has_memory_managed)" "$nid" &&
		   cxl list -R -r "$r" | grep -q '"type":"ram"' &&
		   [ ! -e "$CXL/$r/dax_region0" ] && ! ls -d "$CXL/$r"/dax_region* > /dev/null 2>&1; then
			ok=ok
		fi
	fi
	echo "$ok 2 cxl_cli_consumer_sysram_managed_node"
	ok="not ok"
	out=$(cxl destroy-region -f "$r" 2>&1) && [ ! -e "$CXL/$r" ] &&
		! node_in_list "$(cat /sys/devices/system/node/has_memory_managed)" "$nid" && ok=ok
	echo "# cxl destroy-region -f $r: $out" | tr '\n' ' '; echo
	echo "$ok 3 cxl_cli_destroy_region"
}
mn_section guest:cxl_cli cli_tap
[ -x /kselftest/mm/cxl_sysram ] && mn_kselftest /kselftest/mm/cxl_sysram
true
