# Test job. First the managed-node suites that need real memory: both CXL
# regions are created, released from kmem, and handed to the
# managed_nodes_hotplug KUnit suite (a test-only owner) as two managed
# nodes. Then the regions go back to kmem as ordinary memory, and every
# kselftest in the initramfs runs against them. TAP/KTAP goes to the
# results channel.
# shellcheck shell=sh

DAXDEVS=""
RANGES=""
setup_tap() {
	echo "TAP version 13"
	echo "1..1"
	if out=$(cxl_regions_up 2>&1); then
		DAXDEVS=$out
		for d in $DAXDEVS; do
			r=$(dax_release "$d" 2>&1) || { out="$out $r"; DAXDEVS=""; break; }
			RANGES="${RANGES:+$RANGES,}$r"
		done
	fi
	echo "# dax devices: $DAXDEVS; ranges: $RANGES" | tr '\n' ' '
	echo
	if [ -n "$DAXDEVS" ] && [ -n "$RANGES" ]; then
		echo "ok 1 cxl_regions_created"
	else
		echo "$out" | sed 's/^/# /'
		echo "not ok 1 cxl_regions_created"
	fi
}
# A function call with a redirection runs in this shell: DAXDEVS and
# RANGES stay set for what follows.
mn_section guest:setup setup_tap

if [ -n "$RANGES" ]; then
	echo "$RANGES" > /sys/module/managed_nodes_kunit/parameters/hotplug_ranges
	mn_section kunit:managed_nodes_hotplug kunit_run managed_nodes_hotplug
fi

kmem_tap() {
	echo "TAP version 13"
	echo "1..1"
	ok=ok
	for d in $DAXDEVS; do
		if dax_kmem_rebind "$d"; then
			echo "# $d -> node $(cat "$DAX/$d/target_node") ($(cat "$DAX/$d/state"))"
		else
			ok="not ok"
		fi
	done
	echo "$ok 1 cxl_regions_online_kmem"
}
mn_section guest:kmem kmem_tap

export CXL_EXPECT_NODES=2
for t in $(find /kselftest -type f | sort); do
	mn_section "kselftest:${t#/kselftest/}" "$t"
done
true
