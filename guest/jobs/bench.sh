# Benchmark job (make bench), the same on the base and on the series:
#   bench:no_cxl          normal-node loops with no CXL memory online
#   bench:kmem_online     the same with the first CXL region on dax kmem
#   bench:managed_online  the same with the second region online too: as a
#                         managed node (anondax, every service off) on the
#                         series, on kmem on the base
# and, where anondax exists (the series), with the managed node's mbind
# service on:
#   bench:target_kmem     1 MiB of mbind faults and move_pages onto the kmem node
#   bench:target_managed  the same onto the managed node
# shellcheck shell=sh
B=/kselftest/bench/fault_bench
# The normal-node loops: fault_bench's, then the allocator's own
# (page_alloc_bench.ko prints its lines to the kernel log and fails to load).
normal_loops() {
	"$B" || return 1
	dmesg -c > /dev/null
	insmod /kselftest/bench/page_alloc_bench.ko 2> /dev/null
	dmesg | sed -n 's/.*page_alloc_bench: //p'
}
mn_section bench:no_cxl normal_loops
DEVS=""
kmem_up() {
	DEVS=$(cxl_regions_up) || return 1
	set -- $DEVS
	dax_kmem_online "$1" && echo "# has_memory: $(cat /sys/devices/system/node/has_memory)"
}
second_up() {
	set -- $DEVS
	if [ -d /sys/bus/dax/drivers/anondax ]; then
		dax_release "$2" > /dev/null && anondax_bind "$2" &&
		echo "# has_memory_managed: $(cat /sys/devices/system/node/has_memory_managed)"
	else
		dax_kmem_online "$2" && echo "# has_memory: $(cat /sys/devices/system/node/has_memory)"
	fi
}
mn_section guest:kmem_up kmem_up || exit 1
mn_section bench:kmem_online normal_loops
mn_section guest:second_up second_up || exit 1
mn_section bench:managed_online normal_loops
[ -d /sys/bus/dax/drivers/anondax ] || exit 0
mbind_on() {
	set -- $DEVS
	echo 1 > "$DAX/$2/mbind" && echo "# mbind: $(cat "$DAX/$2/mbind")"
}
mn_section guest:mbind_on mbind_on || exit 1
set -- $DEVS
mn_section bench:target_kmem "$B" "$(cat "$DAX/$1/target_node")"
mn_section bench:target_managed "$B" "$(cat "$DAX/$2/target_node")"
true
