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
for k in state adistance mbind reclaim compaction demotion ksm; do
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

say "CXL sysram: the region itself owns the memory (no dax device)"
R=$(basename "$(readlink -f "$DAX/$MANAGED_DEV/../..")")
RD=$(basename "$(readlink -f "$CXL/$R/..")")
MD=$(cxl_memdevs | head -1)
echo "# echo $R > $RD/delete_region   (anondax unplugs node $M on the way)"
echo "$R" > "$CXL/$RD/delete_region" || exit 1
echo "has_memory_managed: '$(cat /sys/devices/system/node/has_memory_managed)'"
if command -v cxl > /dev/null; then
	echo "# cxl create-region -t ram -d $(cxl_root_decoder_for "$MD") -m $MD -s 256M   ($(cxl version) from Debian's ndctl)"
	echo "# cxl disable-region regionN; echo sysram > regionN/consumer; cxl enable-region regionN"
	R=$(cxl_cli_region_up "$MD" $((256 << 20)) sysram) || exit 1
	mn_wait_for "$CXL/sysram_$R/state" || exit 1
	cxl list -R -r "$R" -u
	echo "# daxctl list: the kmem node's dax device only (a sysram region has none)"
	daxctl list -u
else
	echo "*** no cxl-cli in this initramfs (NO_NDCTL=1 or fetch failed): falling back to sysfs ***"
	echo "# create a RAM region on $MD as before, then: echo sysram > regionN/consumer; commit; bind"
	R=$(cxl_region_up "$MD" $((256 << 20)) sysram) || exit 1
fi
S=$CXL/sysram_$R
mn_wait_for "$S/state" || exit 1
echo "$R: consumer $(cat "$CXL/$R/consumer"); sysram_$R: target_node $(cat "$S/target_node"), state $(cat "$S/state"), mbind $(cat "$S/mbind")"
echo "has_memory: $(cat /sys/devices/system/node/has_memory)  has_memory_managed: $(cat /sys/devices/system/node/has_memory_managed)"
grep -A1 "sysram_$R" /proc/iomem
echo "# echo dax > $R/consumer while bound: $(echo dax 2>&1 > "$CXL/$R/consumer" || true)"

say "echo 1 > sysram_$R/mbind; a 4 MiB file under numactl --membind=$M, then delete the region"
echo 1 > "$S/mbind"
numactl --membind="$M" dd if=/dev/urandom of=/tmp/demo bs=1M count=4 2>/dev/null
free_kb "$M"
before=$(md5sum < /tmp/demo)
echo "$R" > "$CXL/$RD/delete_region" && echo "$R deleted"
after=$(md5sum < /tmp/demo)
echo "node $M MemTotal: $(node_meminfo "$M" MemTotal 2>/dev/null || echo 0) kB; /proc/iomem sysram lines: $(grep -c sysram /proc/iomem)"
[ "$before" = "$after" ] && echo "the file moved to normal memory intact (md5 $after)"
rm -f /tmp/demo

say "CXL cram: consumer cram, a page's life on a compressed-memory node"
echo "# demoted from node 0 by memory.reclaim, read in place, mprotect(RW) leaves it read-only,"
echo "# a write promotes it to a normal node; pressure 1000 stops demotion, kswapd empties the node;"
echo "# freed pages are scrubbed (the owner gets them back as zeroes)"
/kselftest/mm/cxl_sysram -r sysram.cram_demote_read_write -r sysram.cram_pressure -r sysram.cram_scrub 2>&1 |
	grep -E 'cram_[a-z_]*:|^(ok|not ok)' | sed 's/^# cxl_sysram.c:[0-9]*:/  /'
