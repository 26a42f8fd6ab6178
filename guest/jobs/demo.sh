# Demo job: two CXL devices become NUMA nodes; show where memory lands.
# shellcheck shell=sh
say() { printf '\n### %s\n' "$*"; }
used() { echo "node $1 MemUsed $(node_meminfo "$1" MemUsed) kB"; }

say "Create a RAM region on each CXL device (sysfs only) and online it with dax kmem"
cxl_kmem_up || exit 1
say "NUMA nodes (numactl -H) and has_memory: $(cat /sys/devices/system/node/has_memory)"
numactl -H
say "Fallback order the kernel built (dmesg)"
dmesg | grep 'Fallback order' | tail -3 | sed 's/^\[[^]]*\] //'
for n in 1 2; do
	say "numactl --membind=$n: a 4 MiB tmpfs file lands on node $n"
	used "$n"
	numactl --membind="$n" dd if=/dev/zero of="/tmp/demo$n" bs=1M count=4 2>/dev/null
	used "$n"
	rm -f "/tmp/demo$n"
done
say "Today's problem: an allocation that names no node spills onto CXL once node 0 is short"
/kselftest/mm/cxl_nodes -t kmem_spill 2>&1 | grep -E 'spill|ok'
