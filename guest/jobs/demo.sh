# Demo job: bring the two CXL devices online and show them as NUMA nodes.
# shellcheck shell=sh
say() { printf '\n### %s\n' "$*"; }

say "CXL memory devices and the regions created on them (sysfs only)"
cxl_kmem_up || exit 1
say "NUMA nodes (numactl -H)"
numactl -H
say "Memory tiers"
for t in /sys/devices/virtual/memory_tiering/memory_tier*; do
	[ -e "$t" ] && echo "$(basename "$t"): nodes $(cat "$t/nodelist")"
done
say "A page bound to each CXL node with numactl --membind lands there"
for n in $(cd /sys/devices/system/node && ls -d node* | sed 's/node//'); do
	[ "$n" = 0 ] && continue
	before=$(node_meminfo "$n" MemUsed)
	numactl --membind="$n" sh -c 'x=$(head -c 33554432 /dev/zero | tr "\0" a | wc -c); echo "  touched $x bytes"' 
	echo "  node $n MemUsed: ${before} kB before"
done
say "Today's problem: an allocation that names no node spills onto CXL once node 0 is short"
free0=$(node_meminfo 0 MemFree)
echo "  node 0 MemFree ${free0} kB; CXL nodes MemFree: $(node_meminfo 1 MemFree) kB, $(node_meminfo 2 MemFree) kB"
