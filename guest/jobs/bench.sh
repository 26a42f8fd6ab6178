# Benchmark job (make bench): the allocation loops of bench/fault_bench on
# node 0 with no CXL memory; with one CXL region online as an ordinary kmem
# node; and, on a kernel with anondax, with the other region added as a
# managed node (the allocator's managed-node hooks switched on).
# shellcheck shell=sh
B=/kselftest/bench/fault_bench
mn_section bench:no_cxl "$B"
DEVS=""
kmem_up() {
	DEVS=$(cxl_regions_up) || return 1
	set -- $DEVS
	dax_kmem_online "$1" && echo "# has_memory: $(cat /sys/devices/system/node/has_memory)"
}
managed_up() {
	set -- $DEVS
	dax_release "$2" > /dev/null && anondax_bind "$2" &&
	echo "# has_memory_managed: $(cat /sys/devices/system/node/has_memory_managed)"
}
mn_section guest:kmem_up kmem_up && mn_section bench:kmem_node_online "$B"
if [ -d /sys/bus/dax/drivers/anondax ]; then
	mn_section guest:managed_up managed_up &&
	mn_section bench:kmem_and_managed_online "$B"
fi
true
