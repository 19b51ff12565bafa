// SPDX-License-Identifier: GPL-2.0
/*
 * hazard -k base|patched DIR...: what happens to data a driver writes
 * through a long-term writable pin of a MAP_SHARED file mapping, on the
 * file system at each DIR, as TAP with the result expected for that
 * kernel. Two scenarios per DIR, both starting the same way:
 *
 *  a. a page of a file is written through a shared mapping ('A'): the
 *     write fault tells the file system the folio is dirty;
 *  b. a driver pins it long-term for writing (pin_hazard.ko);
 *  c. fsync(): writeback cleans the folio and write-protects the PTE;
 *  d. the driver writes 'B' through the kernel's mapping: no fault, so
 *     nobody marks the folio dirty.
 *
 * unpin-clean: a driver that unpins without dirtying. The page cache is
 *   then dropped and the file read back:
 *     LOST     the file still holds 'A': the driver's write vanished
 *     KEPT     the file holds 'B'
 * fsync: a correct driver, which will dirty the page when it unpins
 *   (unpin_user_pages_dirty_lock(..., true), as RDMA and vfio do). While
 *   it still holds the pin the program calls fsync() and, if that
 *   returns 0, reads the disk with O_DIRECT:
 *     UNSYNCED fsync() returned 0 but the disk lacks the driver's write
 *     SYNCED   the disk holds 'B'
 *     KEPT     no disk (tmpfs): the page cache, the only copy, holds 'B'
 *   The line also tells whether the write reached the disk after the
 *   unpin dirtied the page and a second fsync() ran (or, failing that,
 *   a sync()).
 * Either scenario: REFUSED (the pin failed; the errno is in the line) or
 * ERROR (a step failed unexpectedly).
 *
 * Expected: ext4, xfs, btrfs: LOST and UNSYNCED on the base kernel,
 * REFUSED with EFAULT on the patched one; tmpfs (the control): KEPT on
 * both. Exit status 0 if every result is the expected one.
 *
 * Each TAP line reads "ok N - SCENARIO FS RESULT ERRNO: what happened
 * (expected WHAT)", ERRNO "-" when there is none, for scripts to parse.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/vfs.h>
#include <unistd.h>
#include "pin_hazard.h"

#define DEV "/sys/kernel/debug/pin_hazard"

#define EXT4_MAGIC	0xef53
#define XFS_MAGIC	0x58465342
#define BTRFS_MAGIC	0x9123683e
#define TMPFS_MAGIC	0x01021994

enum scenario { UNPIN_CLEAN, FSYNC };
static const char *const scenario_name[] = { "unpin-clean", "fsync" };

struct result {
	const char *word;	/* LOST, KEPT, UNSYNCED, SYNCED, REFUSED, ERROR */
	int err;		/* errno of REFUSED or ERROR, else 0 */
	char msg[512];
};

static int dev, patched, nr_test, failed;

static void set(struct result *r, const char *word, int err,
		const char *fmt, ...)
{
	va_list ap;

	r->word = word;
	r->err = err;
	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
}

static void step_failed(struct result *r, const char *what)
{
	int err = errno;

	set(r, "ERROR", err, "%s: %s", what, strerror(err));
}

/* ext4, xfs, btrfs: -1 for the control (tmpfs), -2 for anything else */
static int fs_kind(const char *dir, const char **name)
{
	struct statfs sf;

	*name = "unknown";
	if (statfs(dir, &sf))
		return -2;
	switch ((unsigned long)sf.f_type) {
	case EXT4_MAGIC:
		*name = "ext4";
		return 0;
	case XFS_MAGIC:
		*name = "xfs";
		return 0;
	case BTRFS_MAGIC:
		*name = "btrfs";
		return 0;
	case TMPFS_MAGIC:
		*name = "tmpfs";
		return -1;
	}
	return -2;
}

/* Read the first byte of the file as the disk holds it; -1 on error. */
static int disk_byte(const char *path, size_t ps, int *no_direct)
{
	void *buf;
	int fd, c = -1;

	*no_direct = 0;
	if (posix_memalign(&buf, ps, ps))
		return -1;
	fd = open(path, O_RDONLY | O_DIRECT);
	if (fd < 0 && errno == EINVAL) {
		/* tmpfs: no O_DIRECT, and no disk; read the page cache */
		*no_direct = 1;
		fd = open(path, O_RDONLY);
	}
	if (fd >= 0 && pread(fd, buf, ps, 0) == (ssize_t)ps)
		c = ((unsigned char *)buf)[0];
	if (fd >= 0)
		close(fd);
	free(buf);
	return c;
}

static void run(enum scenario sc, const char *dir, struct result *r)
{
	size_t ps = getpagesize();
	char path[4096], *map, *buf = malloc(ps);
	int fd, c, c2, c3 = -1, no_direct, dirty;

	snprintf(path, sizeof(path), "%s/hazard-%s.%d", dir,
		 scenario_name[sc], getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, ps)) {
		step_failed(r, "create");
		goto out_free;
	}
	map = mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		step_failed(r, "mmap");
		goto out_close;
	}
	memset(map, 'A', ps);					/* a */

	if (ioctl(dev, PIN_HAZARD_PIN, (unsigned long)map)) {	/* b */
		set(r, "REFUSED", errno, "long-term write pin refused: %s",
		    strerror(errno));
		goto out_unmap;
	}
	if (fsync(fd)) {					/* c */
		step_failed(r, "first fsync");
		goto out_unpin;
	}
	if (ioctl(dev, PIN_HAZARD_WRITE, 'B')) {		/* d */
		step_failed(r, "write through the pin");
		goto out_unpin;
	}
	if (map[0] != 'B') {
		set(r, "ERROR", 0, "the mapping does not show the driver's write");
		goto out_unpin;
	}
	dirty = ioctl(dev, PIN_HAZARD_DIRTY, 0);

	if (sc == UNPIN_CLEAN) {
		if (ioctl(dev, PIN_HAZARD_UNPIN, 0)) {
			step_failed(r, "unpin");
			goto out_unmap;
		}
		munmap(map, ps);
		map = MAP_FAILED;
		/* Drop the clean page, as memory pressure eventually would. */
		posix_fadvise(fd, 0, ps, POSIX_FADV_DONTNEED);
		if (pread(fd, buf, ps, 0) != (ssize_t)ps)
			step_failed(r, "read back");
		else if (buf[0] == 'A')
			set(r, "LOST", 0, "page %s after the driver's write; unpinned clean and dropped, the file lost the write",
			    dirty ? "dirty" : "clean");
		else if (buf[0] == 'B')
			set(r, "KEPT", 0, "the driver's write reached the file");
		else
			set(r, "ERROR", 0, "unexpected file contents 0x%02x",
			    (unsigned char)buf[0]);
		goto out_close;
	}

	/* FSYNC: the pin is held, the driver will dirty the page on unpin. */
	if (fsync(fd)) {
		step_failed(r, "fsync after the driver's write (it did not return 0)");
		goto out_unpin;
	}
	c = disk_byte(path, ps, &no_direct);
	if (c < 0) {
		step_failed(r, "O_DIRECT read");
		goto out_unpin;
	}
	if (ioctl(dev, PIN_HAZARD_UNPIN, 1)) {
		step_failed(r, "unpin (dirtying)");
		goto out_unmap;
	}
	if (fsync(fd)) {
		step_failed(r, "fsync after the unpin");
		goto out_unmap;
	}
	c2 = disk_byte(path, ps, &no_direct);
	if (c2 == 'A') {
		/* btrfs: the page dirtied at unpin goes through its COW fixup */
		sync();
		c3 = disk_byte(path, ps, &no_direct);
	}
	if (no_direct && c == 'B')
		set(r, "KEPT", 0, "no disk behind this file system: the page cache holds the driver's write");
	else if (c == 'A')
		set(r, "UNSYNCED", 0, "page %s after the driver's write, fsync() returned 0 but the disk (O_DIRECT) lacks the write; %s",
		    dirty ? "dirty" : "clean",
		    c2 == 'B' ? "it got there only after the unpin dirtied the page and a second fsync()" :
		    c3 == 'B' ? "still missing after the unpin dirtied the page and a second fsync(), there after sync()" :
		    "still missing after the unpin dirtied the page, a second fsync() and sync()");
	else if (c == 'B')
		set(r, "SYNCED", 0, "fsync() returned 0 and the disk holds the driver's write");
	else
		set(r, "ERROR", 0, "unexpected disk contents 0x%02x", c);
	goto out_unmap;

out_unpin:
	ioctl(dev, PIN_HAZARD_UNPIN, 0);
out_unmap:
	if (map != MAP_FAILED)
		munmap(map, ps);
out_close:
	close(fd);
	unlink(path);
out_free:
	free(buf);
}

static void report(enum scenario sc, const char *dir)
{
	struct result r = { .word = "ERROR" };
	const char *fs, *want;
	int kind = fs_kind(dir, &fs), ok;
	char errstr[64];

	if (kind == -2) {
		set(&r, "ERROR", 0, "%s is on no file system this test knows", dir);
		want = "?";
	} else {
		run(sc, dir, &r);
		if (kind == -1)
			want = "KEPT";
		else if (patched)
			want = "REFUSED";
		else
			want = sc == UNPIN_CLEAN ? "LOST" : "UNSYNCED";
	}
	ok = !strcmp(r.word, want) &&
	     (strcmp(want, "REFUSED") || r.err == EFAULT);
	if (!strcmp(want, "REFUSED"))
		want = "REFUSED EFAULT";
	snprintf(errstr, sizeof(errstr), "%s",
		 r.err ? (strerrorname_np(r.err) ?: "?") : "-");
	printf("%sok %d - %s %s %s %s: %s (expected %s on the %s kernel)\n",
	       ok ? "" : "not ", ++nr_test, scenario_name[sc], fs, r.word,
	       errstr, r.msg, want, patched ? "patched" : "base");
	fflush(stdout);
	failed += !ok;
}

int main(int argc, char **argv)
{
	const char *kernel = NULL;
	int i, opt;

	while ((opt = getopt(argc, argv, "k:")) != -1) {
		if (opt == 'k')
			kernel = optarg;
	}
	if (!kernel || (strcmp(kernel, "base") && strcmp(kernel, "patched")) ||
	    optind >= argc) {
		fprintf(stderr, "usage: %s -k base|patched DIR...\n", argv[0]);
		return 2;
	}
	patched = !strcmp(kernel, "patched");
	printf("TAP version 13\n1..%d\n", 2 * (argc - optind));
	dev = open(DEV, O_RDWR);
	if (dev < 0) {
		printf("Bail out! %s: %s (is pin_hazard.ko loaded?)\n", DEV,
		       strerror(errno));
		return 1;
	}
	for (i = optind; i < argc; i++) {
		report(UNPIN_CLEAN, argv[i]);
		report(FSYNC, argv[i]);
	}
	close(dev);
	return failed ? 1 : 0;
}
