// SPDX-License-Identifier: GPL-2.0
/*
 * Page allocation cost seen from user space, for base-vs-series ratios
 * (make bench). Each loop is repeated and reported as the median cost per
 * 4 KiB page. Under QEMU -icount the guest clock counts instructions, so
 * "ns" is then guest instructions.
 *
 * fault_bench             the normal-node loops, 32 MiB each:
 *   anon_fault:  first-touch write faults on a private anonymous mapping
 *                (the fault path and an order-0 folio allocation per page);
 *   shmem_alloc: fallocate() of a memfd (shmem folio allocations without
 *                the fault path);
 *   file_fault:  first-touch write faults on a private mapping of a
 *                populated memfd (will-it-scale's page_fault2 shape: each
 *                fault copies the file page into a new anonymous folio).
 *
 * fault_bench NODE        the same small amount (1 MiB: CXL memory is
 *                         emulated MMIO under TCG) placed on NODE:
 *   mbind_fault: first-touch faults on a mapping mbind(MPOL_BIND) to NODE;
 *   move_pages:  move_pages() of pages faulted on node 0 onto NODE.
 *   Every page is checked to be on NODE afterwards (exit 1 if not).
 *
 * Output lines: "bench <name> <median ns/page> <min> <max>".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define REPS		9
#define LEN		(32UL << 20)
#define NODE_LEN	(1UL << 20)
#define MPOL_BIND	2
#define MPOL_MF_MOVE	(1 << 1)
#define MAX_PAGES	(NODE_LEN / 4096)

static long page;
static int target = -1;

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void die(const char *what)
{
	fprintf(stderr, "fault_bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static char *map(size_t len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap");
	return p;
}

static void bind_to(char *p, size_t len, int nid)
{
	unsigned long mask = 1UL << nid;

	if (syscall(SYS_mbind, p, len, MPOL_BIND, &mask, sizeof(mask) * 8, 0))
		die("mbind");
}

/* Exit unless every page of [p, p + len) is on @nid. */
static void check_node(char *p, size_t len, int nid)
{
	void *pages[MAX_PAGES];
	int status[MAX_PAGES];
	size_t i, n = len / page;

	for (i = 0; i < n; i++)
		pages[i] = p + i * page;
	if (syscall(SYS_move_pages, 0, n, pages, NULL, status, 0))
		die("move_pages (query)");
	for (i = 0; i < n; i++) {
		if (status[i] != nid) {
			fprintf(stderr, "fault_bench: page %zu on node %d, not %d\n",
				i, status[i], nid);
			exit(1);
		}
	}
}

static double anon_fault(void)
{
	char *p = map(LEN);
	double t;
	size_t i;

	t = now_ns();
	for (i = 0; i < LEN; i += page)
		p[i] = 1;
	t = now_ns() - t;
	munmap(p, LEN);
	return t / (LEN / page);
}

static double shmem_alloc(void)
{
	int fd = memfd_create("fault_bench", 0);
	double t;

	if (fd < 0)
		die("memfd_create");
	t = now_ns();
	if (fallocate(fd, 0, 0, LEN))
		die("fallocate");
	t = now_ns() - t;
	close(fd);
	return t / (LEN / page);
}

static double file_fault(void)
{
	int fd = memfd_create("fault_bench", 0);
	double t;
	size_t i;
	char *p;

	if (fd < 0)
		die("memfd_create");
	if (fallocate(fd, 0, 0, LEN))
		die("fallocate");
	p = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		die("mmap");
	t = now_ns();
	for (i = 0; i < LEN; i += page)
		p[i] = 1;
	t = now_ns() - t;
	munmap(p, LEN);
	close(fd);
	return t / (LEN / page);
}

static double mbind_fault(void)
{
	char *p = map(NODE_LEN);
	double t;
	size_t i;

	bind_to(p, NODE_LEN, target);
	t = now_ns();
	for (i = 0; i < NODE_LEN; i += page)
		p[i] = 1;
	t = now_ns() - t;
	check_node(p, NODE_LEN, target);
	munmap(p, NODE_LEN);
	return t / (NODE_LEN / page);
}

static double move_pages(void)
{
	char *p = map(NODE_LEN);
	void *pages[MAX_PAGES];
	int nodes[MAX_PAGES], status[MAX_PAGES];
	size_t i, n = NODE_LEN / page;
	double t;

	bind_to(p, NODE_LEN, 0);
	for (i = 0; i < n; i++) {
		p[i * page] = 1;
		pages[i] = p + i * page;
		nodes[i] = target;
	}
	t = now_ns();
	if (syscall(SYS_move_pages, 0, n, pages, nodes, status, MPOL_MF_MOVE))
		die("move_pages");
	t = now_ns() - t;
	check_node(p, NODE_LEN, target);
	munmap(p, NODE_LEN);
	return t / n;
}

static void run(const char *name, double (*fn)(void))
{
	double v[REPS];
	int i;

	fn();	/* warm up */
	for (i = 0; i < REPS; i++)
		v[i] = fn();
	qsort(v, REPS, sizeof(v[0]), cmp_double);
	printf("bench %s %.1f %.1f %.1f\n", name, v[REPS / 2], v[0],
	       v[REPS - 1]);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	page = sysconf(_SC_PAGESIZE);
	if (page <= 0 || NODE_LEN / page > MAX_PAGES) {
		fprintf(stderr, "fault_bench: unexpected page size %ld\n", page);
		return 1;
	}
	if (argc > 2 || (argc == 2 && (target = atoi(argv[1])) <= 0)) {
		fprintf(stderr, "usage: fault_bench [NODE (> 0)]\n");
		return 1;
	}
	if (target < 0) {
		run("anon_fault", anon_fault);
		run("shmem_alloc", shmem_alloc);
		run("file_fault", file_fault);
	} else {
		run("mbind_fault", mbind_fault);
		run("move_pages", move_pages);
	}
	return 0;
}
