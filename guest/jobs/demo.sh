# Demo job: two CXL devices become NUMA nodes, one managed (anondax), one
# ordinary (dax kmem); show where memory lands.
# shellcheck shell=sh
say() { printf '\n### %s\n' "$*"; }
free_kb() { echo "node $1 MemFree $(node_meminfo "$1" MemFree) kB"; }

say "Create a RAM region on each CXL device (sysfs only)"
DEVS=$(cxl_regions_up) || exit 1
set -- $DEVS
MANAGED_DEV=$1 KMEM_DEV=$2
say "$MANAGED_DEV -> anondax (managed node), $KMEM_DEV -> dax kmem (ordinary node)"
dax_release "$MANAGED_DEV" > /dev/null && anondax_bind "$MANAGED_DEV" || exit 1
dax_release "$KMEM_DEV" > /dev/null && dax_kmem_rebind "$KMEM_DEV" || exit 1
M=$(cat "$DAX/$MANAGED_DEV/target_node") K=$(cat "$DAX/$KMEM_DEV/target_node")
echo "has_memory: $(cat /sys/devices/system/node/has_memory)  has_memory_managed: $(cat /sys/devices/system/node/has_memory_managed)"
echo "anondax knobs on $MANAGED_DEV:"
for k in hotplug adistance mbind reclaim compaction demotion ksm; do
	printf '  %-10s %s\n' "$k" "$(cat "$DAX/$MANAGED_DEV/$k")"
done
say "Fallback order the kernel built (dmesg): no node falls back to node $M"
dmesg | grep 'Fallback order' | tail -3 | sed 's/^\[[^]]*\] //'

say "numactl --membind=$M while the owner keeps mbind off: refused"
numactl --membind="$M" true 2>&1 | grep -E 'out of range|is invalid'
say "echo 1 > $MANAGED_DEV/mbind; numactl --membind=$M: a 4 MiB file lands on node $M"
echo 1 > "$DAX/$MANAGED_DEV/mbind"
free_kb "$M"
numactl --membind="$M" dd if=/dev/zero of=/tmp/demo bs=1M count=4 2>/dev/null
free_kb "$M"
rm -f /tmp/demo

say "Pressure on node 0 (anonymous memory, page cache, slab): node $K fills, node $M does not move"
/kselftest/mm/managed_nodes -t pressure_isolation 2>&1 | grep -E 'anon:|page cache:|slab:|ok' | sed 's/^# managed_nodes.c:[0-9]*:pressure_isolation://'
