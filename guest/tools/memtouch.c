// SPDX-License-Identifier: GPL-2.0
/*
 * memtouch KB [SECONDS]: fault in KB of private anonymous memory, one write
 * per page, hold it for SECONDS (default 2), exit. For guest jobs that put
 * memory pressure on a node from several processes at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t len, i;
	char *p;

	if (argc < 2) {
		fprintf(stderr, "usage: memtouch KB [SECONDS]\n");
		return 2;
	}
	len = strtoull(argv[1], NULL, 0) * 1024;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (i = 0; i < len; i += page)
		p[i] = 1;
	sleep(argc > 2 ? atoi(argv[2]) : 2);
	return 0;
}
