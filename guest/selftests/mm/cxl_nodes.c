// SPDX-License-Identifier: GPL-2.0
/*
 * CXL memory onlined through dax kmem, as user space sees it.
 *
 * These checks describe today's behaviour of device memory that is
 * hot-plugged as an ordinary NUMA node:
 *
 *  - every dax device onlined by kmem shows up as memory on its target node,
 *    with the device's capacity;
 *  - a page faulted under mbind(MPOL_BIND) to such a node is resident there;
 *  - an allocation that never names the node still spills onto it once the
 *    CPU node runs short of memory. This is the leak that managed memory
 *    nodes exist to close.
 *
 * Tests SKIP when the machine has no kmem-onlined dax device. Set
 * CXL_EXPECT_NODES=<n> to fail when fewer than <n> such nodes are found.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/mempolicy.h>

#include "../kselftest_harness.h"

#define DAX_DEVICES	"/sys/bus/dax/devices"
#define NODE_SYSFS	"/sys/devices/system/node"
#define MAX_KMEM_NODES	16
#define MB		(1024UL * 1024)
#define NR_BIND_PAGES	16

struct kmem_node {
	int nid;
	unsigned long long bytes;	/* kmem capacity onlined on the node */
};

static int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	char *nl;

	if (!f)
		return -errno;
	if (!fgets(buf, len, f)) {
		fclose(f);
		return -EIO;
	}
	fclose(f);
	nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
	return 0;
}

static int read_ull(const char *path, unsigned long long *val)
{
	char buf[64];
	char *end;
	int ret;

	ret = read_line(path, buf, sizeof(buf));
	if (ret)
		return ret;
	errno = 0;
	*val = strtoull(buf, &end, 0);
	if (errno || end == buf)
		return -EINVAL;
	return 0;
}

/* A dax device is kmem-online when bound to kmem and in an online state. */
static bool dax_is_kmem_online(const char *dev)
{
	char path[PATH_MAX], link[PATH_MAX], state[32];
	const char *drv;
	ssize_t n;

	snprintf(path, sizeof(path), DAX_DEVICES "/%s/driver", dev);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return false;
	link[n] = '\0';
	drv = strrchr(link, '/');
	if (!drv || strcmp(drv + 1, "kmem"))
		return false;
	snprintf(path, sizeof(path), DAX_DEVICES "/%s/state", dev);
	if (read_line(path, state, sizeof(state)))
		return false;
	return !strncmp(state, "online", 6);
}

/* Fill @nodes with the nodes that hold kmem-onlined dax capacity. */
static int find_kmem_nodes(struct kmem_node *nodes, int max)
{
	char path[PATH_MAX];
	struct dirent *de;
	int count = 0;
	DIR *dir;

	dir = opendir(DAX_DEVICES);
	if (!dir)
		return 0;
	while ((de = readdir(dir))) {
		unsigned long long nid, size;
		int i;

		if (strncmp(de->d_name, "dax", 3) || !dax_is_kmem_online(de->d_name))
			continue;
		snprintf(path, sizeof(path), DAX_DEVICES "/%s/target_node", de->d_name);
		if (read_ull(path, &nid))
			continue;
		snprintf(path, sizeof(path), DAX_DEVICES "/%s/size", de->d_name);
		if (read_ull(path, &size))
			continue;
		for (i = 0; i < count; i++)
			if (nodes[i].nid == (int)nid)
				break;
		if (i == count) {
			if (count == max)
				break;
			nodes[count].nid = nid;
			nodes[count].bytes = 0;
			count++;
		}
		nodes[i].bytes += size;
	}
	closedir(dir);
	return count;
}

/* One field of /sys/devices/system/node/nodeN/meminfo, in bytes (-1: none). */
static long long node_meminfo(int nid, const char *field)
{
	char path[PATH_MAX], line[256], name[64];
	long long val = -1, kb;
	int n;
	FILE *f;

	snprintf(path, sizeof(path), NODE_SYSFS "/node%d/meminfo", nid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Node %d %63s %lld", &n, name, &kb) != 3)
			continue;
		if (n == nid && !strncmp(name, field, strlen(field)) &&
		    name[strlen(field)] == ':') {
			val = kb * 1024;
			break;
		}
	}
	fclose(f);
	return val;
}

static long sys_mbind(void *addr, unsigned long len, int mode,
		      const unsigned long *nodemask, unsigned long maxnode,
		      unsigned int flags)
{
	return syscall(__NR_mbind, addr, len, mode, nodemask, maxnode, flags);
}

static long sys_move_pages(int pid, unsigned long count, void **pages,
			   const int *nodes, int *status, int flags)
{
	return syscall(__NR_move_pages, pid, count, pages, nodes, status, flags);
}

FIXTURE(cxl)
{
	struct kmem_node nodes[MAX_KMEM_NODES];
	int nr;
	long page;
	long saved_wsf;		/* vm.watermark_scale_factor to restore, or -1 */
};

FIXTURE_SETUP(cxl)
{
	const char *expect = getenv("CXL_EXPECT_NODES");

	self->page = sysconf(_SC_PAGESIZE);
	self->saved_wsf = -1;
	self->nr = find_kmem_nodes(self->nodes, MAX_KMEM_NODES);
	if (expect && self->nr < atoi(expect))
		TH_LOG("expected %s kmem CXL nodes, found %d", expect, self->nr);
	if (expect)
		ASSERT_GE(self->nr, atoi(expect));
	if (!self->nr)
		SKIP(return, "no dax device is onlined through kmem");
}

#define WSF_PATH	"/proc/sys/vm/watermark_scale_factor"

static int write_long(const char *path, long val)
{
	FILE *f = fopen(path, "w");
	int ret;

	if (!f)
		return -errno;
	ret = fprintf(f, "%ld\n", val) < 0 ? -EIO : 0;
	if (fclose(f) && !ret)
		ret = -errno;
	return ret;
}

FIXTURE_TEARDOWN(cxl)
{
	if (self->saved_wsf >= 0)
		write_long(WSF_PATH, self->saved_wsf);
}

/* Each kmem node reports exactly the capacity its dax devices onlined. */
TEST_F(cxl, capacity)
{
	int i;

	for (i = 0; i < self->nr; i++) {
		long long total = node_meminfo(self->nodes[i].nid, "MemTotal");

		TH_LOG("node %d: MemTotal %lld MiB, dax kmem %llu MiB",
		       self->nodes[i].nid, total / (long long)MB,
		       self->nodes[i].bytes / MB);
		ASSERT_EQ(total, (long long)self->nodes[i].bytes);
	}
}

/* A page faulted under MPOL_BIND to a kmem node is resident on that node. */
TEST_F(cxl, mbind_resident)
{
	void *pages[NR_BIND_PAGES];
	int status[NR_BIND_PAGES];
	int i, n;

	for (n = 0; n < self->nr; n++) {
		int nid = self->nodes[n].nid;
		unsigned long mask[(MAX_KMEM_NODES + 64) / 64] = { 0 };
		size_t len = NR_BIND_PAGES * self->page;
		char *buf;

		buf = mmap(NULL, len, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		ASSERT_NE(buf, MAP_FAILED);
		mask[nid / 64] |= 1UL << (nid % 64);
		ASSERT_EQ(sys_mbind(buf, len, MPOL_BIND, mask,
				    sizeof(mask) * 8, 0), 0) {
			TH_LOG("mbind(MPOL_BIND, node %d): %s", nid, strerror(errno));
		}
		memset(buf, 0x5a, len);
		for (i = 0; i < NR_BIND_PAGES; i++)
			pages[i] = buf + i * self->page;
		ASSERT_EQ(sys_move_pages(0, NR_BIND_PAGES, pages, NULL, status, 0), 0);
		for (i = 0; i < NR_BIND_PAGES; i++) {
			int where = status[i];

			ASSERT_EQ(where, nid) {
				TH_LOG("page %d of a node %d binding is on %d",
				       i, nid, where);
			}
		}
		munmap(buf, len);
	}
}

/*
 * Allocate more anonymous memory than the CPU node has free, with the default
 * policy: the excess lands on the kmem nodes, which are ordinary fallback
 * targets. Returns the overshoot, the bytes that node 0 could not hold, or
 * -1 when the test is skipped.
 */
static long long spill_into_kmem_nodes(struct __test_metadata *_metadata,
				       const struct kmem_node *nodes, int nr,
				       long *saved_wsf, long long *per_node)
{
	long long node0_free, kmem_free = 0, excess, spill = 0;
	long long before[MAX_KMEM_NODES];
	unsigned long long wsf;
	size_t len;
	char *buf;
	int i;

	/*
	 * Without swap, anonymous memory on node 0 is unreclaimable: once the
	 * fault path has pushed node 0 down to its low watermark and starts to
	 * spill, kernel allocations (page tables) only have the gap between
	 * the low and min watermarks left, and must not run out of it. Widen
	 * that gap to 3% of the node for the test.
	 */
	if (read_ull(WSF_PATH, &wsf))
		SKIP(return -1, "no " WSF_PATH);
	*saved_wsf = wsf;
	ASSERT_EQ(write_long(WSF_PATH, 300), 0);

	node0_free = node_meminfo(0, "MemFree");
	ASSERT_GT(node0_free, 0);
	for (i = 0; i < nr; i++) {
		before[i] = node_meminfo(nodes[i].nid, "MemFree");
		kmem_free += before[i];
	}
	/*
	 * Overshoot node 0 by a little: under QEMU, CXL memory is emulated
	 * I/O and every byte written to it is slow.
	 */
	excess = kmem_free / 2;
	if (excess > 8 * (long long)MB)
		excess = 8 * MB;
	ASSERT_GT(excess, 0);
	len = node0_free + excess;

	buf = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	ASSERT_NE(buf, MAP_FAILED);
	memset(buf, 0xa5, len);
	for (i = 0; i < nr; i++) {
		per_node[i] = before[i] - node_meminfo(nodes[i].nid, "MemFree");
		spill += per_node[i];
	}
	munmap(buf, len);
	TH_LOG("node 0 had %lld MiB free; %zu MiB allocated; %lld MiB spilled",
	       node0_free / (long long)MB, len / MB, spill / (long long)MB);
	return excess;
}

/* Memory pressure on node 0 spills onto the ordinary (kmem) CXL nodes. */
TEST_F_TIMEOUT(cxl, kmem_spill, 180)
{
	long long per_node[MAX_KMEM_NODES] = { 0 }, spill = 0, excess;
	int i;

	excess = spill_into_kmem_nodes(_metadata, self->nodes, self->nr,
				       &self->saved_wsf, per_node);
	if (excess < 0)
		return;
	for (i = 0; i < self->nr; i++) {
		TH_LOG("node %d: %lld MiB used by the spill",
		       self->nodes[i].nid, per_node[i] / (long long)MB);
		spill += per_node[i];
	}
	/* At least the overshoot must have landed on the kmem nodes. */
	ASSERT_GE(spill, excess);
}

TEST_HARNESS_MAIN
