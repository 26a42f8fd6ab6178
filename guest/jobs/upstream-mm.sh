# Upstream mm selftests (make upstream-compare SUITES=mm): the categories
# of run_vmtests.sh, from the tree this kernel was built from, one at a
# time under a time limit. MODE=kmem: both CXL regions online as ordinary
# kmem nodes. MODE=managed (the series only): the first region a managed
# node (anondax) with its mbind, reclaim and demotion services on (or the
# services SERVICES names), the second on kmem.
# shellcheck shell=sh
MODE=${MODE:-kmem}
CAT_TIMEOUT=${CAT_TIMEOUT:-600}
setup() {
	echo "TAP version 13"
	echo "1..1"
	DEVS=$(cxl_regions_up) || { echo "not ok 1 setup_$MODE"; return 1; }
	set -- $DEVS
	if [ "$MODE" = managed ]; then
		dax_release "$1" > /dev/null && anondax_bind "$1" &&
		for k in ${SERVICES:-mbind reclaim demotion}; do
			echo 1 > "$DAX/$1/$k" || return 1
		done && dax_kmem_online "$2"
	else
		dax_kmem_online "$1" && dax_kmem_online "$2"
	fi || { echo "not ok 1 setup_$MODE"; return 1; }
	echo "# has_memory: $(cat /sys/devices/system/node/has_memory)"
	[ -e /sys/devices/system/node/has_memory_managed ] &&
		echo "# has_memory_managed: $(cat /sys/devices/system/node/has_memory_managed)"
	echo "ok 1 setup_$MODE"
}
mn_section guest:setup setup || exit 1
# run_vmtests.sh and the scripts it calls are bash scripts.
ln -sf /usr/bin/bash /bin/bash
# The kernel leaves THP off on a small machine; the thp and cow cases want it.
echo always > /sys/kernel/mm/transparent_hugepage/enabled
# A pool of huge pages for the hugetlb cases, on node 0: a huge page on a
# CXL node is emulated MMIO, which the guest writes at a few MiB/s.
echo "${HUGE_PAGES:-256}" > /sys/devices/system/node/node0/hugepages/hugepages-2048kB/nr_hugepages
# run_limited S CMD...: CMD in a session of its own; after S seconds the
# whole session, CMD and every test it started, is killed (rc 124).
# timeout(1) would kill CMD alone, and leave its test running on into the
# next category.
run_limited() {
	_t=$1; shift
	rm -f /tmp/mn_timed_out
	setsid "$@" &
	_pid=$!
	(sleep "$_t" && : > /tmp/mn_timed_out && kill -KILL -"$_pid") 2>/dev/null &
	_wd=$!
	wait "$_pid"
	_rc=$?
	kill "$_wd" 2>/dev/null
	[ -e /tmp/mn_timed_out ] && _rc=124
	return $_rc
}
cd /kselftest/mm || exit 1
for c in $CATS; do
	mn_section "vmtests:$c" run_limited "$CAT_TIMEOUT" bash ./run_vmtests.sh -t "$c"
done
true
