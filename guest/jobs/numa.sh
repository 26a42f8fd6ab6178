# Upstream NUMA selftests (make numa-compare): both CXL regions online as
# ordinary kmem nodes, then mm/migration and the ksm_numa category of
# run_vmtests.sh (ksm_tests -N -m 1, -N -m 0).
# shellcheck shell=sh
setup() {
	echo "TAP version 13"
	echo "1..1"
	if cxl_kmem_up; then echo "ok 1 cxl_kmem_up"; else echo "not ok 1 cxl_kmem_up"; fi
	echo "# has_memory: $(cat /sys/devices/system/node/has_memory)"
}
mn_section guest:setup setup
# The kernel leaves THP off on a 512 MiB machine; the THP cases need it.
echo always > /sys/kernel/mm/transparent_hugepage/enabled
cd /kselftest/mm || exit 1
mn_section kselftest:migration ./migration
mn_section kselftest:ksm_numa_m1 ./ksm_tests -N -m 1
mn_section kselftest:ksm_numa_m0 ./ksm_tests -N -m 0
true
