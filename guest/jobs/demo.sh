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
echo "anondax's files on $MANAGED_DEV (state as dax kmem's; the services off until the owner opts in):"
for k in state adistance mbind reclaim compaction demotion madvise numa_balancing ksm khugepaged longterm_pin oom; do
	printf '  %-15s %s\n' "$k" "$(cat "$DAX/$MANAGED_DEV/$k")"
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

say "Pressure on node 0 (anonymous memory, page cache): node $K fills, node $M does not move"
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
echo "Three kselftests of cxl_sysram each plug a cram region (the device compresses what"
echo "it stores; writes to it are refused), move 16 pages of a task through it, and check"
echo "every figure below ('ok' when all are as expected). A cram node takes pages only by"
echo "demotion: its owner refuses mbind, ksm, khugepaged, longterm_pin and numa_balancing."
/kselftest/mm/cxl_sysram -r sysram.cram_demote_read_write -r sysram.cram_pressure -r sysram.cram_scrub \
	> /tmp/cram.log 2>&1
awk '
function nums(s, n) { gsub(/[^0-9]+/, " ", s); return split(s, n, " ") }
function yes(v) { return v ? "yes" : "NO" }
/^# cxl_sysram\.c:[0-9]+:/ {
	line = $0
	sub(/^# cxl_sysram\.c:[0-9]+:/, "", line)
	sub(/^[a-z_]+:/, "", line)
	if (line ~ /: after [0-9]+ reclaims:/) {
		what = line; sub(/: after .*/, "", what)
		nums(substr(line, length(what) + 1), a)
		tries = a[1]; dram = a[3]; cram = a[4]; kmem = a[5]; intact = a[6]
		if (what ~ /^control/)
			printf "  control, cram region unplugged: memory.reclaim demoted %d of 16 pages to the kmem node\n", kmem
		else if (what == "cram")
			printf "  plugged: memory.reclaim (%d write%s) demoted %d of 16 pages onto the cram node; intact: %s\n", tries + 1, tries ? "s" : "", cram, yes(intact)
		else if (what == "pressure 1000")
			printf "  at pressure 1000 demotion passes the cram node by: %d of 16 pages went to the kmem node, %d to cram\n", kmem, cram
		else if (what ~ /^pressure 0/)
			printf "  back at 0, demotion takes them again: %d of 16 onto the cram node\n", cram
		else if (what == "scrub")
			printf "  %d of 16 pages demoted onto the cram node\n", cram
		next
	}
	if (line ~ /^read /) {
		nums(line, a)
		if (what == "cram") {
			printf "  read back in place: %d still on the cram node, read-only\n", a[1]
			printf "  mprotect(PROT_READ), then PROT_READ|PROT_WRITE: %d still there, still read-only\n", a[3]
			printf "  one write to each of the first 8: %d of them moved to a normal node, with the data\n", a[4]
			printf "    and the write; the other %d stayed compressed\n", a[5]
		} else if (what ~ /^pressure 0/)
			printf "  a second later they are still there: %d of 16\n", a[3]
		next
	}
	if (line ~ /^left /) {
		nums(line, a)
		if (what == "cram")
			printf "  every page checked after the writes: intact: %s\n", yes(a[2])
		else if (what ~ /^pressure 0/)
			printf "  raised to 1000 with the pages on it: kswapd moved %d of 16 down to the kmem\n    node within %d ms; data intact: %s\n", 16 - a[1], a[3] + 100, yes(a[2])
		else if (what == "scrub")
			printf "  a write to every page promoted it: %d left on the cram node, each cram copy freed\n", a[1]
		next
	}
	if (line ~ /^owner_alloc /) {
		nums(line, a)
		if (what == "scrub") {
			printf "  the owner then allocated %d pages on its node: %d were pages just freed there,\n", a[2], a[3]
			printf "    %d of those not zeroed; %d others are not zero: never used since the plug,\n", a[4], a[1] - a[4]
			printf "    they hold what the device held\n"
		}
		next
	}
	if (line ~ /^node [0-9]+: [0-9]+ pages; low/) {
		nums(line, a)
		printf "  echo 1000 > cram_pressure: node %d (%d pages) low watermark %d -> %d, high %d -> %d:\n", a[1], a[2], a[3], a[4], a[5], a[6]
		printf "    kswapd now wakes below half the node free and frees all of it\n"
		next
	}
	next
}
/^(ok|not ok) / { sub(/ sysram\./, " "); print "  => " $0 }
' /tmp/cram.log
if grep -q '^not ok' /tmp/cram.log; then
	echo "*** a cram test failed; its own output: ***"
	cat /tmp/cram.log
fi
