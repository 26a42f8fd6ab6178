# Managed memory nodes: patch queue + QEMU CXL test harness.
# `make help` lists the targets; README.md explains the workflow.

SHELL := /bin/bash
S := scripts
export DEBUG

.DEFAULT_GOAL := help
.PHONY: help deps tree export kernel selftests initramfs vm shell demo test \
	check check-bisect numa-compare upstream-compare bench scale mutants clean distclean

help:
	@echo "managed-nodes patch queue on Linux $$(. ./base.conf; echo $$BASE_VERSION)"
	@echo
	@echo "  make test          build everything, boot the CXL guest, run KUnit + kselftests"
	@echo "  make demo          build, boot, show the CXL nodes at work"
	@echo "  make deps          install missing Debian packages (QEMU from bookworm-backports)"
	@echo "  make tree          build/linux = pinned base + patches/ (one commit per patch)"
	@echo "  make export        regenerate patches/ from build/linux"
	@echo "  make kernel        build the test kernel (build/obj, ccache; DEBUG=1: KASAN+lockdep)"
	@echo "  make selftests     build the kselftests listed in configs/kselftests"
	@echo "  make initramfs     pack the guest initramfs"
	@echo "  make vm CMD='...'  boot and run CMD in the guest; 'make shell' for a shell"
	@echo "  make check         checkpatch --strict on every patch; the series applies"
	@echo "  make check-bisect  build after each patch, CONFIG_MANAGED_NODES=y and =n"
	@echo "  make numa-compare  upstream migration + ksm_numa selftests: base vs series"
	@echo "  make upstream-compare  the kernel's own suites, base vs series: mm selftests, cxl_test + ndctl (SUITES=\"mm cxl\")"
	@echo "  make bench         allocation/fault loops: ratios series/base"
	@echo "  make scale         8 CXL devices as 8 managed nodes: hot-plug cost, memory, bench"
	@echo "  make mutants       one-line sabotages of the series: the tests must catch each"
	@echo "  make clean         remove build/ products but keep build/linux"

deps:
	@$(S)/deps.sh

tree: deps
	@$(S)/tree.sh

export:
	@$(S)/export.sh

kernel: tree
	@$(S)/build-kernel.sh

selftests: kernel
	@$(S)/build-selftests.sh

initramfs: selftests
	@$(S)/initramfs.sh

vm: initramfs
	@if [ -n "$(CMD)" ]; then $(S)/vm.sh --cmd '$(subst ','\'',$(CMD))'; \
	elif [ -n "$(JOB)" ]; then $(S)/vm.sh --job '$(JOB)'; \
	else $(S)/vm.sh; fi

shell: initramfs
	@$(S)/vm.sh

demo: initramfs
	@VM_APPEND="loglevel=3 $(VM_APPEND)" $(S)/vm.sh --job guest/jobs/demo.sh --timeout 300

test: initramfs
	@$(S)/run-tests.sh

check: tree
	@$(S)/check.sh

check-bisect: tree
	@$(S)/check-bisect.sh

numa-compare: tree
	@$(S)/compare.sh numa

upstream-compare: tree
	@$(S)/compare.sh upstream

bench: tree
	@$(S)/compare.sh bench

scale: tree
	@$(S)/compare.sh scale

mutants: initramfs
	@$(S)/mutants.sh

clean:
	rm -rf build/obj build/obj-debug build/kselftest build/initramfs.cpio.gz build/run build/logs build/bisect* build/mutants build/upstream

distclean:
	@git -C build/linux status --porcelain --untracked-files=no 2>/dev/null | grep -q . && \
		{ echo "error: build/linux has uncommitted changes; commit and 'make export' first" >&2; exit 1; } || true
	rm -rf build

# Anything else is a typo: say so instead of make's terse message.
%:
	@echo "error: unknown target '$@': run 'make help' for the list" >&2; exit 2
