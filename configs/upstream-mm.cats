# The run_vmtests.sh categories make upstream-compare SUITES=mm runs, in
# this order, each under CAT_TIMEOUT (600 s) on each kernel. Left out:
#   hmm, vmalloc, page_frag, memory-failure  need test modules (the test
#                 kernel has no module support)
#   hugevm        maps 128 TiB of address space and walks it: hours under TCG
#   managed_nodes the series' own suite (make test runs it)
# gup_test runs its default list (run_vmtests.sh -a would run the whole
# 480-case matrix).
mmap
gup_test
userfaultfd
compaction
mlock
process_mrelease
mremap
hugetlb
madv_guard
madv_populate
memfd_secret
ksm
ksm_numa
pkey
soft_dirty
pagemap
pfnmap
process_madv
cow
thp
migration
mkdirty
mdwe
vma_merge
rmap
