# Scale job (make scale): a guest with 8 CXL devices (VM_CXL_DEVS=8), each
# a 256 MiB region, all made managed nodes through anondax.
#   guest:setup      8 regions, each added (offline) by dax kmem
#   scale:plug1/plug each device in turn, released by kmem and hot-plugged
#                    by anondax: the kernel memory that costs (struct pages,
#                    slab, per-CPU), what is used inside the node, and the
#                    durations of the hot-plug functions
#   bench:managed1   normal-node loops with the first managed node online
#   bench:managed8   the same with all 8 online
#   scale:cycle      each device 10 times off and on again through anondax
#                    (unbind, bind), then the last device 10 times as kmem
#                    (state unplugged, online_movable) for reference
# Durations come from the function_graph tracer, filtered to the hot-plug
# functions (TRACED), as "trace <phase> <function> <ns>" lines.
# shellcheck shell=sh
B=/kselftest/bench/fault_bench
T=/sys/kernel/tracing
A=/sys/bus/dax/drivers/anondax
N=/sys/devices/system/node
CYCLES=${CYCLES:-10}
TRACED="build_all_zonelists online_pages offline_pages add_memory_resource offline_and_remove_memory_ranges"
DEVS=""

trace_setup() {
	mount -t tracefs tracefs $T 2>/dev/null
	[ -e $T/current_tracer ] || { echo "mn: no tracefs" >&2; return 1; }
	: > $T/set_ftrace_filter
	for f in $TRACED; do
		echo "$f" >> $T/set_ftrace_filter || echo "# cannot trace $f" >&2
	done
	echo "# traced: $(tr '\n' ' ' < $T/set_ftrace_filter)"
	echo function_graph > $T/current_tracer &&
	echo 1 > $T/options/funcgraph-tail &&
	echo 1 > $T/tracing_on && : > $T/trace
}

# trace_dump PHASE: for each traced function called since the last dump,
# "trace PHASE FUNCTION NS CALLS": the sum of its durations. A leaf reads
# "| fn();", a parent's end "} /* fn */"; the duration is the number before
# "us".
trace_dump() {
	awk -v p="$1" '/ us +\|/ {
		for (i = 1; i < NF; i++) if ($(i + 1) == "us") d = $i
		fn = ""
		if (match($0, /[a-z_]+\(\);/)) fn = substr($0, RSTART, RLENGTH - 3)
		else if (match($0, /\/\* [a-z_]+ \*\//)) fn = substr($0, RSTART + 3, RLENGTH - 6)
		if (fn != "") { sum[fn] += d * 1000; n[fn]++ }
	}
	END { for (fn in sum) printf "trace %s %s %d %d\n", p, fn, sum[fn], n[fn] }' $T/trace
	: > $T/trace
}

# mem LABEL: the kernel memory that grows with a node, in kB: struct pages
# of hot-added memory (nr_memmap_pages), slab (kmalloc of a pgdat
# included) and per-CPU areas. Free pages sitting on per-CPU lists would
# make MemFree drift by megabytes; these counters do not see them.
mem() {
	echo 3 > /proc/sys/vm/drop_caches
	echo 1 > /proc/sys/vm/stat_refresh 2>/dev/null
	echo "mem $1 memmap_kB=$(($(awk '$1 == "nr_memmap_pages" { print $2 }' /proc/vmstat) * 4))" \
		"slab_kB=$(awk '$1 == "Slab:" { print $2 }' /proc/meminfo)" \
		"percpu_kB=$(awk '$1 == "Percpu:" { print $2 }' /proc/meminfo)"
}

managed_has() { node_in_list "$(cat $N/has_memory_managed)" "$1"; }

# plug_one K DEV: make DEV a managed node, the K-th one online. Its memory
# leaves kmem first (outside the trace and the "before" figures).
plug_one() {
	dax_release "$2" > /dev/null || return 1
	mem "released$1"
	: > $T/trace
	anondax_bind "$2" || return 1
	nid=$(cat "$DAX/$2/target_node")
	managed_has "$nid" || { echo "mn: node $nid not managed" >&2; return 1; }
	trace_dump "first$1"
	mem "managed$1"
	own=$(($(node_meminfo "$nid" MemTotal) - $(node_meminfo "$nid" MemFree)))
	echo "plug $1 $2 node=$nid own_kB=$own total_kB=$(node_meminfo "$nid" MemTotal)"
}

plug_first() {
	set -- $DEVS
	plug_one 1 "$1" && echo "# has_memory_managed: $(cat $N/has_memory_managed)"
}

plug_rest() {
	set -- $DEVS
	shift
	k=1
	for d in "$@"; do
		k=$((k + 1))
		plug_one $k "$d" || return 1
	done
	echo "# has_memory_managed: $(cat $N/has_memory_managed)"
}

cycle_all() {
	set -- $DEVS
	for d in "$@"; do
		nid=$(cat "$DAX/$d/target_node")
		i=0
		while [ $i -lt "$CYCLES" ]; do
			echo "$d" > $A/unbind || return 1
			! managed_has "$nid" || { echo "mn: node $nid still managed after unbind" >&2; return 1; }
			trace_dump managed_unplug
			echo "$d" > $A/bind || return 1
			mn_wait_for "$DAX/$d/state" || return 1
			managed_has "$nid" || { echo "mn: node $nid not managed after bind" >&2; return 1; }
			trace_dump managed_plug
			i=$((i + 1))
		done
	done
	echo "cycled $# devices $CYCLES times"
	mem cycled
	# The last device as an ordinary kmem node, for reference.
	d=$(echo $DEVS | awk '{ print $NF }')
	echo "$d" > $A/unbind && echo "$d" > $A/remove_id && dax_kmem_rebind "$d" || return 1
	: > $T/trace
	i=0
	while [ $i -lt "$CYCLES" ]; do
		echo unplugged > "$DAX/$d/state" || return 1
		trace_dump kmem_unplug
		mem "kmem_unplugged$i"
		: > $T/trace
		echo online_movable > "$DAX/$d/state" || return 1
		trace_dump kmem_plug
		mem "kmem_plugged$i"
		i=$((i + 1))
	done
	echo "# has_memory: $(cat $N/has_memory) has_memory_managed: $(cat $N/has_memory_managed)"
}

setup() {
	trace_setup || return 1
	mem none
	DEVS=$(cxl_regions_up) || return 1
	[ "$(echo $DEVS | wc -w)" -eq 8 ] || { echo "mn: want 8 CXL regions, have: $DEVS" >&2; return 1; }
	echo "# dax devices:" $DEVS
	mem kmem_added
}
mn_section guest:setup setup || exit 1
# mn_section runs its command in this shell: setup's DEVS stays set.
mn_section scale:plug1 plug_first || exit 1
mn_section bench:managed1 "$B"
mn_section scale:plug plug_rest || exit 1
mn_section bench:managed8 "$B"
mn_section scale:cycle cycle_all || exit 1
true
