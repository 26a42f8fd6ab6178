// SPDX-License-Identifier: GPL-2.0
/*
 * Page allocation cost seen from user space, for base-vs-series ratios
 * (make bench). Two loops, each repeated and reported as the median time
 * per 4 KiB page:
 *
 *   anon_fault:  first-touch write faults on a private anonymous mapping
 *                (the fault path and an order-0 folio allocation per page);
 *   shmem_alloc: fallocate() of a memfd (shmem folio allocations without
 *                the fault path).
 *
 * Output lines: "bench <name> <median ns/page> <min> <max>".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define REPS	9
#define LEN	(32UL << 20)

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

static double anon_fault(long page)
{
	char *p = mmap(NULL, LEN, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	double t;
	size_t i;

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	t = now_ns();
	for (i = 0; i < LEN; i += page)
		p[i] = 1;
	t = now_ns() - t;
	munmap(p, LEN);
	return t / (LEN / page);
}

static double shmem_alloc(long page)
{
	int fd = memfd_create("fault_bench", 0);
	double t;

	if (fd < 0) {
		perror("memfd_create");
		exit(1);
	}
	t = now_ns();
	if (fallocate(fd, 0, 0, LEN)) {
		perror("fallocate");
		exit(1);
	}
	t = now_ns() - t;
	close(fd);
	return t / (LEN / page);
}

static void run(const char *name, double (*fn)(long), long page)
{
	double v[REPS];
	int i;

	fn(page);	/* warm up */
	for (i = 0; i < REPS; i++)
		v[i] = fn(page);
	qsort(v, REPS, sizeof(v[0]), cmp_double);
	printf("bench %s %.1f %.1f %.1f\n", name, v[REPS / 2], v[0],
	       v[REPS - 1]);
	fflush(stdout);
}

int main(void)
{
	long page = sysconf(_SC_PAGESIZE);

	run("anon_fault", anon_fault, page);
	run("shmem_alloc", shmem_alloc, page);
	return 0;
}
