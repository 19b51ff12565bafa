// SPDX-License-Identifier: GPL-2.0
/*
 * hazard DIR...: show what happens to data written through a long-term
 * writable pin of a MAP_SHARED file mapping, on the file system at each DIR.
 *
 *  1. a page of a file is written through a shared mapping ('A'): the
 *     write fault tells the file system the folio is dirty;
 *  2. a driver pins it long-term for writing (pin_hazard.ko);
 *  3. writeback cleans the folio and write-protects the PTE (fsync);
 *  4. the driver writes 'B' through the kernel's mapping: no fault, so
 *     nobody marks the folio dirty;
 *  5. the driver unpins without dirtying, the page cache is dropped, and
 *     the file is read back.
 *
 * One line per DIR: "REFUSED" (the pin failed: the kernel protects the
 * file), "LOST" (the file still holds 'A': data written through the pin
 * vanished), "KEPT" (the file holds 'B'), or "ERROR".
 * Exit status 0 unless a step failed unexpectedly.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/vfs.h>
#include <unistd.h>
#include "pin_hazard.h"

#define DEV "/sys/kernel/debug/pin_hazard"

static int fail(const char *dir, const char *what)
{
	printf("%-14s ERROR   %s: %s\n", dir, what, strerror(errno));
	return 1;
}

static int one(int dev, const char *dir)
{
	size_t ps = getpagesize();
	char path[4096], *map, *buf = malloc(ps);
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/hazard.%d", dir, getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, ps))
		return fail(dir, "create");
	map = mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		return fail(dir, "mmap");
	memset(map, 'A', ps);					/* 1 */

	if (ioctl(dev, PIN_HAZARD_PIN, (unsigned long)map)) {	/* 2 */
		printf("%-14s REFUSED long-term write pin: %s\n", dir,
		       strerror(errno));
		goto out;
	}
	if (fsync(fd))						/* 3 */
		ret = fail(dir, "fsync");
	if (!ret && ioctl(dev, PIN_HAZARD_WRITE, 'B'))		/* 4 */
		ret = fail(dir, "write through pin");
	if (!ret && map[0] != 'B') {
		errno = EIO;
		ret = fail(dir, "pinned page does not show the write");
	}
	if (ioctl(dev, PIN_HAZARD_UNPIN, 0) && !ret)		/* 5 */
		ret = fail(dir, "unpin");
	if (ret)
		goto out;
	munmap(map, ps);
	map = MAP_FAILED;
	/* Drop the clean page, as memory pressure eventually would. */
	posix_fadvise(fd, 0, ps, POSIX_FADV_DONTNEED);
	if (pread(fd, buf, ps, 0) != (ssize_t)ps)
		ret = fail(dir, "read back");
	else if (buf[0] == 'A')
		printf("%-14s LOST    data written through the pin is gone after writeback\n", dir);
	else if (buf[0] == 'B')
		printf("%-14s KEPT    data written through the pin reached the file\n", dir);
	else
		printf("%-14s ERROR   unexpected file contents 0x%02x\n", dir, buf[0]);
out:
	if (map != MAP_FAILED)
		munmap(map, ps);
	close(fd);
	unlink(path);
	free(buf);
	return ret;
}

int main(int argc, char **argv)
{
	int dev, i, ret = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR...\n", argv[0]);
		return 2;
	}
	dev = open(DEV, O_RDWR);
	if (dev < 0) {
		perror(DEV " (is pin_hazard.ko loaded?)");
		return 1;
	}
	for (i = 1; i < argc; i++)
		ret |= one(dev, argv[i]);
	close(dev);
	return ret;
}
