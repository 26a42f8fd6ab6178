# Test job: bring the CXL memory online, then run every kselftest in the
# initramfs with its TAP output on the results channel.
# shellcheck shell=sh

# The setup itself is reported as a test, so a broken bring-up fails the run.
setup_tap() {
	echo "TAP version 13"
	echo "1..1"
	if out=$(cxl_kmem_up 2>&1); then
		echo "$out" | sed 's/^/# /'
		echo "ok 1 cxl_regions_online"
	else
		echo "$out" | sed 's/^/# /'
		echo "not ok 1 cxl_regions_online"
	fi
}
mn_section guest:setup setup_tap

export CXL_EXPECT_NODES=2
for t in $(find /kselftest -type f | sort); do
	mn_section "kselftest:${t#/kselftest/}" "$t"
done
true
