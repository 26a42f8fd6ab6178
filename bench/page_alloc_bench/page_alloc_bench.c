// SPDX-License-Identifier: GPL-2.0
/*
 * The page allocator's own cost, for base-vs-series ratios (make bench):
 * alloc_pages() + __free_pages() pairs of order 0 and order 9 in a kernel
 * loop, through the same entry (the task's memory policy, then
 * __alloc_frozen_pages_noprof()) as every folio a fault allocates. Under
 * QEMU -icount the guest clock counts instructions, so the figures are
 * guest instructions per pair.
 *
 * Loading the module runs the loops, prints one line per loop,
 *   page_alloc_bench: bench <name> <median> <min> <max>
 * and fails with -EAGAIN, so that nothing stays loaded.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/sort.h>

#define REPS	9

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* The median over REPS runs of @pairs alloc/free pairs of @order. */
static void bench_pairs(const char *name, unsigned int order,
			unsigned int pairs)
{
	u64 cost[REPS];
	struct page *page;
	unsigned int i, r;
	u64 t0;

	for (r = 0; r < REPS; r++) {
		t0 = ktime_get_ns();
		for (i = 0; i < pairs; i++) {
			page = alloc_pages(GFP_HIGHUSER_MOVABLE | __GFP_NOWARN,
					   order);
			if (!page) {
				pr_info("bench %s failed\n", name);
				return;
			}
			__free_pages(page, order);
		}
		cost[r] = (ktime_get_ns() - t0) / pairs;
		cond_resched();
	}
	sort(cost, REPS, sizeof(cost[0]), cmp_u64, NULL);
	pr_info("bench %s %llu %llu %llu\n", name, cost[REPS / 2], cost[0],
		cost[REPS - 1]);
}

static int __init page_alloc_bench_init(void)
{
	bench_pairs("alloc_order0", 0, 4096);
	bench_pairs("alloc_order9", 9, 64);
	return -EAGAIN;
}
module_init(page_alloc_bench_init);

MODULE_DESCRIPTION("page allocator alloc/free pair cost, for make bench");
MODULE_LICENSE("GPL");
