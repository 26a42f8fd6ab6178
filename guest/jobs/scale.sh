# Scale job (make scale): a guest with 8 CXL devices (VM_CXL_DEVS=8), each
# a 256 MiB region, all made managed nodes through anondax.
#   scale:plug       each device in turn: the memory it costs outside its own
#                    node (node 0's MemFree), inside it (MemTotal - MemFree)
#                    and the durations of the hot-plug functions
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

# trace_dump PHASE: one "trace PHASE FUNCTION NS" line per traced call since
# the last dump. A leaf reads "| fn();", a parent's end "} /* fn */"; the
# duration is the number before "us".
trace_dump() {
	awk -v p="$1" '/ us +\|/ {
		for (i = 1; i < NF; i++) if ($(i + 1) == "us") d = $i
		fn = ""
		if (match($0, /[a-z_]+\(\);/)) fn = substr($0, RSTART, RLENGTH - 3)
		else if (match($0, /\/\* [a-z_]+ \*\//)) fn = substr($0, RSTART + 3, RLENGTH - 6)
		if (fn != "") printf "trace %s %s %d\n", p, fn, d * 1000
	}' $T/trace
	: > $T/trace
}

# node0_used: kB of node 0 in use, page cache dropped first.
node0_used() {
	echo 3 > /proc/sys/vm/drop_caches
	echo $(($(node_meminfo 0 MemTotal) - $(node_meminfo 0 MemFree)))
}

managed_has() { node_in_list "$(cat $N/has_memory_managed)" "$1"; }

# plug_one K DEV: make DEV a managed node, the K-th one online.
plug_one() {
	before=$(node0_used)
	dax_release "$2" > /dev/null && anondax_bind "$2" || return 1
	nid=$(cat "$DAX/$2/target_node")
	managed_has "$nid" || { echo "mn: node $nid not managed" >&2; return 1; }
	after=$(node0_used)
	own=$(($(node_meminfo "$nid" MemTotal) - $(node_meminfo "$nid" MemFree)))
	echo "plug $1 $2 node=$nid node0_kB=$((after - before)) own_kB=$own total_kB=$(node_meminfo "$nid" MemTotal)"
	trace_dump "first$1"
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
	start=$(node0_used)
	set -- $DEVS
	for d in "$@"; do
		nid=$(cat "$DAX/$d/target_node")
		i=0
		while [ $i -lt "$CYCLES" ]; do
			echo "$d" > $A/unbind || return 1
			! managed_has "$nid" || { echo "mn: node $nid still managed after unbind" >&2; return 1; }
			trace_dump managed_unplug
			echo "$d" > $A/bind || return 1
			mn_wait_for "$DAX/$d/hotplug" || return 1
			managed_has "$nid" || { echo "mn: node $nid not managed after bind" >&2; return 1; }
			trace_dump managed_plug
			i=$((i + 1))
		done
	done
	echo "cycled $# devices $CYCLES times: node0_kB=$(($(node0_used) - start)) after all cycles"
	# The last device as an ordinary kmem node, for reference.
	d=$(echo $DEVS | awk '{ print $NF }')
	echo "$d" > $A/unbind && echo "$d" > $A/remove_id && dax_kmem_rebind "$d" || return 1
	: > $T/trace
	i=0
	while [ $i -lt "$CYCLES" ]; do
		echo unplugged > "$DAX/$d/state" || return 1
		trace_dump kmem_unplug
		echo online_movable > "$DAX/$d/state" || return 1
		trace_dump kmem_plug
		i=$((i + 1))
	done
	echo "# has_memory: $(cat $N/has_memory) has_memory_managed: $(cat $N/has_memory_managed)"
}

setup() {
	DEVS=$(cxl_regions_up) || return 1
	[ "$(echo $DEVS | wc -w)" -eq 8 ] || { echo "mn: want 8 CXL regions, have: $DEVS" >&2; return 1; }
	echo "# dax devices: $DEVS"
	trace_setup
}
mn_section guest:setup setup || exit 1
# mn_section runs its command in this shell: setup's DEVS stays set.
mn_section scale:plug1 plug_first || exit 1
mn_section bench:managed1 "$B"
mn_section scale:plug plug_rest || exit 1
mn_section bench:managed8 "$B"
mn_section scale:cycle cycle_all || exit 1
true
