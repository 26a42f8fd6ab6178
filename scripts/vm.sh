#!/usr/bin/env bash
# Boot the test kernel under QEMU (TCG) with one CPU node of DRAM and two
# CXL type-3 volatile devices behind two fixed memory windows (VM_CXL_DEVS
# for another number).
#
#   vm.sh                      interactive shell on the serial console
#   vm.sh --cmd 'CMD'          run CMD in the guest (output on the console)
#   vm.sh --job FILE           run a job script (guest/jobs/*.sh)
# Options: --timeout S (default 600), --log FILE (console), --results FILE
# (second serial port: test results), --quiet (console only to the log).
# Exit: 0 when the job ran to its end and returned 0; 1 when it returned
# non-zero; 2 when the guest panicked, hung or died before finishing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mode=shell cmd="" job="" timeout=${VM_TIMEOUT:-600} quiet=""
log=$BUILD/logs/console.log results=$BUILD/logs/results.log
while [ $# -gt 0 ]; do
	case $1 in
	--cmd) mode=cmd cmd=$2; shift ;;
	--job) mode=job job=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--log) log=$2; shift ;;
	--results) results=$2; shift ;;
	--quiet) quiet=1 ;;
	*) die "vm.sh: unknown option '$1' (see the header of scripts/vm.sh)" ;;
	esac
	shift
done

KERNEL=$(realpath -m "${KERNEL:-$BUILD/obj${DEBUG:+-debug}/arch/x86/boot/bzImage}")
INITRD=$BUILD/initramfs.cpio.gz
[ -f "$KERNEL" ] || die "no kernel at $KERNEL: run 'make kernel' first"
[ -f "$INITRD" ] || die "no initramfs at $INITRD: run 'make initramfs' first"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing: run 'make deps'"
qmaj=$(qemu-system-x86_64 --version | sed -n 's/.*version \([0-9]*\)\..*/\1/p' | head -1)
[ "${qmaj:-0}" -ge 8 ] || die "QEMU $qmaj is too old for CXL volatile memory: run 'make deps' (QEMU >= 8 from bookworm-backports)"

mkdir -p "$(dirname "$log")" "$(dirname "$results")" "$BUILD/run"
run=$(mktemp -d "$BUILD/run/vm.XXXXXX")
trap 'rm -rf "$run"' EXIT

# The job travels as a second cpio archive appended to the initramfs: the
# kernel unpacks both, so a new command needs no initramfs rebuild.
initrd=$INITRD
if [ "$mode" != shell ]; then
	if [ "$mode" = cmd ]; then
		printf '%s\n' "$cmd" > "$run/job.sh"
	else
		[ -f "$job" ] || die "no job file '$job'"
		cp "$job" "$run/job.sh"
	fi
	printf 'dir /etc 0755 0 0\ndir /etc/mn 0755 0 0\nfile /etc/mn/job.sh %s 0755 0 0\n' \
		"$run/job.sh" > "$run/job.list"
	"$BUILD/tools/gen_init_cpio" "$run/job.list" | gzip -1 > "$run/job.cpio"
	cat "$INITRD" "$run/job.cpio" > "$run/initrd"
	initrd=$run/initrd
fi

ACCEL=${ACCEL:-tcg}
# Multi-threaded TCG (one host thread per vCPU) is QEMU's default, and
# QEMU 10.0.2 can crash with it when the guest stores to CXL memory (MMIO)
# from several vCPUs under memory pressure: see README, "The test
# machine". Single-threaded TCG runs the vCPUs in turn on one thread.
TCG_THREAD=${TCG_THREAD:-single}
# VM_ICOUNT=1 (make bench): the guest clock advances 1 ns per guest
# instruction (-icount shift=0), with no sleeping or realignment to host
# time, so that timings in the guest are instruction counts and repeat
# from one boot to the next. It needs single-threaded TCG.
ICOUNT=()
if [ -n "${VM_ICOUNT:-}" ]; then
	[ "$ACCEL" = tcg ] || die "VM_ICOUNT needs ACCEL=tcg"
	TCG_THREAD=single
	ICOUNT=(-icount shift=0,sleep=off,align=off)
fi
[ "$ACCEL" = tcg ] && ACCEL="tcg,thread=$TCG_THREAD"
# A job still running 90 s before the timeout has the guest dump its
# blocked tasks and CPUs to the console (guest/init): a hang leaves its
# stacks in the log. Not under icount, where guest time is not host time.
watchdog=""
if [ "$mode" != shell ] && [ -z "${VM_ICOUNT:-}" ] && [ "$timeout" -ge 180 ]; then
	watchdog="mn_watchdog=$((timeout - 90)) "
fi
MEM_MB=${VM_MEM_MB:-512}
CXL_MB=${VM_CXL_MB:-256}
SMP=${VM_SMP:-2}
# VM_CXL_DEVS=N (0-8, default 2): N type-3 devices, each alone behind its
# own host bridge, root port and 4 GiB fixed memory window, as the two of
# the test guest are (make scale boots 8; make upstream-compare's cxl_test
# guest none: its CXL topology is a mock).
NDEV=${VM_CXL_DEVS:-2}
case $NDEV in [0-8]) ;; *) die "VM_CXL_DEVS must be 0-8, not '$NDEV'" ;; esac
cxl=() fmw="" machine=q35,cxl=on
for i in $(seq 0 $((NDEV - 1))); do
	# Bus numbers 12 and 222 for the first two, as the test guest always
	# had; the others in between, each host bridge with room for its ports.
	case $i in 0) bus=12 ;; 1) bus=222 ;; *) bus=$((12 + (i - 1) * 30)) ;; esac
	cxl+=(-object "memory-backend-ram,id=vmem$i,share=on,size=${CXL_MB}M"
	      -device "pxb-cxl,bus_nr=$bus,bus=pcie.0,id=cxl.$((i + 1))"
	      -device "cxl-rp,port=0,bus=cxl.$((i + 1)),id=rp$i,chassis=0,slot=$((i + 2))"
	      -device "cxl-type3,bus=rp$i,volatile-memdev=vmem$i,id=cxl-vmem$i")
	fmw+="${fmw:+,}cxl-fmw.$i.targets.0=cxl.$((i + 1)),cxl-fmw.$i.size=4G"
done
fmw=(-M "$fmw")
[ "$NDEV" != 0 ] || fmw=() machine=q35
# VM_DRAM_NODES=2 (make upstream-compare's cxl_test guest, which has no CXL
# device): DRAM split over nodes 0 and 1, the last vCPU on node 1.
# cxl_test puts its mock devices on nodes 0 and 1 and allocates on them,
# which with a single node possible reads past SLUB's per-node array.
case ${VM_DRAM_NODES:-1} in
1) dram=(-object "memory-backend-ram,id=m0,size=${MEM_MB}M"
	 -numa "node,nodeid=0,cpus=0-$((SMP - 1)),memdev=m0") ;;
2) [ "$NDEV" = 0 ] && [ "$SMP" -ge 2 ] || die "VM_DRAM_NODES=2 needs VM_CXL_DEVS=0 and 2 vCPUs or more"
   dram=(-object "memory-backend-ram,id=m0,size=$((MEM_MB / 2))M"
	 -numa "node,nodeid=0,cpus=0-$((SMP - 2)),memdev=m0"
	 -object "memory-backend-ram,id=m1,size=$((MEM_MB - MEM_MB / 2))M"
	 -numa "node,nodeid=1,cpus=$((SMP - 1)),memdev=m1") ;;
*) die "VM_DRAM_NODES must be 1 or 2" ;;
esac
args=(
	-accel "$ACCEL" "${ICOUNT[@]}" -cpu max -smp "$SMP" -no-reboot
	-M "$machine" -m "${MEM_MB}M,maxmem=8G,slots=4"
	"${dram[@]}"
	"${cxl[@]}"
	"${fmw[@]}"
	-kernel "$KERNEL" -initrd "$initrd"
	-append "console=ttyS0 panic=-1 oops=panic ${DEBUG:+page_owner=on }$watchdog${VM_APPEND:-}"
	-display none -monitor none
)

if [ "$mode" = shell ]; then
	info "interactive guest: exit the shell (or Ctrl-A x) to power off"
	exec qemu-system-x86_64 "${args[@]}" -serial mon:stdio -serial "file:$results"
fi

: > "$results"
rc=0
# A QEMU crash leaves its core in build/logs (kernel.core_pattern allowing).
mkdir -p "$BUILD/logs"
qemu() {
	(cd "$BUILD/logs" && { ulimit -c unlimited 2>/dev/null || true; } &&
	 exec timeout -k 10 "$timeout" qemu-system-x86_64 "$@")
}
results=$(realpath -m "$results") log=$(realpath -m "$log")
if [ -n "$quiet" ]; then
	qemu "${args[@]}" -serial stdio -serial "file:$results" < /dev/null > "$log" 2>&1 || rc=$?
else
	set -o pipefail
	qemu "${args[@]}" -serial stdio -serial "file:$results" < /dev/null 2>&1 | tee "$log" || rc=$?
fi

if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	echo "error: guest timed out after ${timeout}s (console: $log)" >&2
	exit 2
fi
if ! done=$(grep -a -o 'MN DONE rc=[0-9]*' "$results" | tail -1) || [ -z "$done" ]; then
	p=$(grep -a -m1 -E 'Kernel panic|BUG:|Oops' "$log" || true)
	if [ -n "$p" ]; then
		echo "error: guest crashed: ${p#*] } (console: $log)" >&2
	elif [ "$rc" = 139 ]; then
		# 128 + SIGSEGV: QEMU itself died, not the guest kernel.
		echo "error: qemu-system-x86_64 died with SIGSEGV (console: $log). QEMU 10.0.2 crashes when the guest runs XSAVE/FXSAVE into CXL memory, which it serves as MMIO (target/i386/tcg/access.c, access_ptr(): see README, 'A QEMU crash'); rerun, or use a QEMU with that fix" >&2
	else
		echo "error: guest stopped before the job finished (qemu rc=$rc, console: $log)" >&2
	fi
	exit 2
fi
[ "${done#MN DONE rc=}" = 0 ] || exit 1
exit 0
