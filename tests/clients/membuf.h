/* SPDX-License-Identifier: GPL-2.0 */
/*
 * membuf.h: the buffer a client program pins, named on its command line.
 *
 *   anon          MAP_PRIVATE | MAP_ANONYMOUS
 *   memfd         MAP_SHARED of a memfd (shmem)
 *   shared:PATH   MAP_SHARED of the file PATH (created, sized to fit);
 *                 on hugetlbfs (/dev/hugepages/...) this is hugetlb memory
 *   private:PATH  MAP_PRIVATE of the file PATH (created, sized to fit)
 *
 * Every page is written once before the pin, so that it is present and
 * mapped writable (GUP-fast needs a writable PTE for FOLL_WRITE), and, for
 * a private file mapping, already copied on write.
 *
 * Setup failures are not results: they print "error: ..." and exit 2.
 */
#ifndef MEMBUF_H
#define MEMBUF_H
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Exit statuses shared by the client programs. */
#define EXIT_ACCEPTED	0	/* the kernel took the pin / registration */
#define EXIT_REFUSED	1	/* the kernel refused it */
#define EXIT_SETUP	2	/* the program could not get that far */

static inline void membuf_die(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	printf("error: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(": %s (%s)\n", strerror(err), strerrorname_np(err) ?: "?");
	exit(EXIT_SETUP);
}

/* The errno's name, for the machine-readable part of a result line. */
static inline const char *errname(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "?";
}

static inline void *membuf_map(const char *spec, size_t size)
{
	int fd = -1, flags;
	const char *path = NULL;
	void *p;

	if (!strcmp(spec, "anon")) {
		flags = MAP_PRIVATE | MAP_ANONYMOUS;
	} else if (!strcmp(spec, "memfd")) {
		flags = MAP_SHARED;
		fd = memfd_create("clients-membuf", MFD_CLOEXEC);
		if (fd < 0)
			membuf_die("memfd_create");
	} else if (!strncmp(spec, "shared:", 7)) {
		flags = MAP_SHARED;
		path = spec + 7;
	} else if (!strncmp(spec, "private:", 8)) {
		flags = MAP_PRIVATE;
		path = spec + 8;
	} else {
		errno = EINVAL;
		membuf_die("unknown memory '%s' (anon, memfd, shared:PATH, private:PATH)", spec);
	}
	if (path) {
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0)
			membuf_die("open %s", path);
	}
	if (fd >= 0 && ftruncate(fd, size))
		membuf_die("ftruncate %s to %zu bytes", path ? path : "memfd", size);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, flags, fd, 0);
	if (p == MAP_FAILED)
		membuf_die("mmap %s", spec);
	if (fd >= 0)
		close(fd);
	memset(p, 0x5a, size);
	return p;
}

#endif
