# QEMU stress job (not part of make test): the workload that made
# multi-threaded TCG in QEMU 10.0.2 die with SIGSEGV. One CXL device is a
# managed node with mbind on, the other an ordinary kmem node; four
# unbound processes touch node 0's free memory plus 40 MiB between them,
# so the excess spills onto the kmem node, whose memory QEMU serves
# through MMIO callbacks. Run it with `make vm JOB=guest/jobs/tcg-stress.sh`
# (TCG_THREAD=multi to try the multi-threaded TCG).
# shellcheck shell=sh
DEVS=$(cxl_regions_up) || exit 1
set -- $DEVS
dax_release "$1" > /dev/null && anondax_bind "$1" || exit 1
dax_release "$2" > /dev/null && dax_kmem_rebind "$2" || exit 1
M=$(cat "$DAX/$1/target_node") K=$(cat "$DAX/$2/target_node")
echo 1 > "$DAX/$1/mbind"
[ -n "${WSF:-}" ] && echo "$WSF" > /proc/sys/vm/watermark_scale_factor
for round in 1 2 3 4 5; do
	free0=$(node_meminfo 0 MemFree)
	each=$(( (free0 + 40 * 1024) / 4 ))
	echo "round $round: node 0 MemFree $free0 kB; 4 x $each kB; node $K MemFree $(node_meminfo "$K" MemFree) kB"
	for i in 1 2 3 4; do
		memtouch "$each" 4 &
	done
	sleep 3; echo "  peak: node $K MemFree $(node_meminfo "$K" MemFree) kB, node 0 $(node_meminfo 0 MemFree) kB"
	wait
	echo "round $round done: node $M MemFree $(node_meminfo "$M" MemFree) kB, node $K $(node_meminfo "$K" MemFree) kB"
done
echo "tcg-stress: survived"
