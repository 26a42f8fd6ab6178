# Upstream CXL unit tests (make upstream-compare SUITES=cxl): ndctl's cxl
# test suite (test/cxl-*.sh of Debian's ndctl source, the version of the
# guest's cxl-cli) against cxl_test, the mock CXL topology built from this
# kernel's tools/testing/cxl. Each test runs as ndctl's meson does (the
# tools in $NDCTL, $DAXCTL and $CXL, one test at a time, 600 s each), in a
# section of its own that ends with a TAP line: ok, ok # SKIP (exit 77,
# ndctl's skip status) or not ok. The kernel log is cleared before each
# test, so that ndctl's check_dmesg (which reads it through journalctl, here
# a shim over dmesg) sees this test's messages only.
# shellcheck shell=sh
TESTS=${TESTS:-cxl-topology cxl-region-sysfs cxl-labels cxl-create-region cxl-xor-region cxl-events cxl-sanitize cxl-destroy-region cxl-qos-class cxl-poison cxl-update-firmware}
T_TIMEOUT=${T_TIMEOUT:-600}
export NDCTL=/usr/bin/ndctl DAXCTL=/usr/bin/daxctl CXL=/usr/bin/cxl
export TEST_PATH=/ndctl/test DATA_PATH=/ndctl/test
# bash, and coreutils' mktemp (busybox's wants six X's, the tests give
# four), ahead of busybox's in PATH.
ln -sf /usr/bin/bash /bin/bash
ln -sf /usr/bin/mktemp /bin/mktemp
# Process substitution (the tests' "readarray < <(...)") reads /dev/fd/N,
# which udev's rules would have linked; devtmpfs does not.
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
# No udev here: modprobe and udevadm settle load the modules of the
# devices that have none (guest/udev/coldplug).
mkdir -p /sys/kernel/tracing
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
run_one() {
	echo "TAP version 13"
	echo "1..1"
	dmesg -c > /dev/null
	timeout "$T_TIMEOUT" bash "./$1.sh"
	_rc=$?
	case $_rc in
	0) echo "ok 1 $1" ;;
	77) echo "ok 1 $1 # SKIP" ;;
	*) echo "# kernel log of $1:"
	   dmesg | tail -n 60 | sed 's/^/# /'
	   echo "not ok 1 $1 # exit=$_rc" ;;
	esac
}
setup() {
	echo "TAP version 13"
	echo "1..1"
	if ! [ -d "/lib/modules/$(uname -r)" ] || ! [ -f /ndctl/test/common ] ||
	   ! /usr/bin/modprobe -n cxl_test; then
		echo "not ok 1 cxl_test_present"
		return 1
	fi
	echo "ok 1 cxl_test_present"
}
mn_section guest:setup setup || exit 1
cd /ndctl/test || exit 1
for t in $TESTS; do
	mn_section "cxltest:$t" run_one "$t"
done
true
