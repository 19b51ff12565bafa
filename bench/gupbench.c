// SPDX-License-Identifier: GPL-2.0
/*
 * gupbench: the guest side of `make bench` (see bench/README.md).
 *
 *   gupbench -l                 list the cases, one a line
 *   gupbench -c                 print guest nanoseconds per instruction
 *   gupbench [-s SCALE] CASE... run the cases, print
 *                               "CASE TOTAL_US CALLS NOTE ALL_CALLS"
 *
 * TOTAL_US is guest time in microseconds: under QEMU's -icount shift=0
 * one guest nanosecond is one guest instruction, so it reads as
 * thousands of instructions. CALLS is the number of GUP (or futex, or
 * ioctl) calls that time covers, for a per-call figure. NOTE is "ok", or
 * for the refused cases "refused" (EFAULT) or "pinned" (the base kernel),
 * "empty" for the ioctl over no page. ALL_CALLS counts the untimed warm-up
 * calls too: every call the process made, for the cache simulation, which
 * sees them all.
 * SCALE multiplies the repetitions and loop counts.
 *
 * Three kinds of case:
 *  - gup: gup_test's GUP_FAST_BENCHMARK / PIN_FAST_BENCHMARK ioctls,
 *    which time the GUP loop in the kernel (get_delta_usec, whole
 *    microseconds, so the buffer and the repetitions are sized to give
 *    thousands of them); the sum over the repetitions is printed;
 *  - futex: FUTEX_WAKE with no waiter on a shared page, a loop timed with
 *    CLOCK_MONOTONIC in user space (the key is found through GUP-fast);
 *  - ioctl: one gup_test ioctl over one page, in a loop timed in user
 *    space, for the refused long-term write pin of a shared ext4 file
 *    (fast path falling back to the slow path, or the slow path alone);
 *    and the same ioctl over no page at all, its own cost.
 *
 * Every buffer is checked, through /proc/self/smaps, to be backed the
 * way the case says (small pages, PMD-mapped THP, hugetlb), so that a
 * guest without THP cannot silently measure the wrong thing. Any failure
 * prints "gupbench: CASE: why" to stderr and exits non-zero.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* gup_test's ABI in 6.1 (mm/gup_test.h): benchmark commands and struct. */
struct gup_test {
	uint64_t get_delta_usec;
	uint64_t put_delta_usec;
	uint64_t addr;
	uint64_t size;
	uint32_t nr_pages_per_call;
	uint32_t gup_flags;
	uint32_t test_flags;
	uint32_t which_pages[8];
};
#define GUP_FAST_BENCHMARK	_IOWR('g', 1, struct gup_test)
#define PIN_FAST_BENCHMARK	_IOWR('g', 2, struct gup_test)
#define PIN_LONGTERM_BENCHMARK	_IOWR('g', 3, struct gup_test)

/* Raw FOLL_* values of 6.1, as gup_test passes them through. */
#define FOLL_WRITE	0x01
#define FOLL_LONGTERM	0x10000
#define FOLL_FAST_ONLY	0x80000	/* GUP_FAST_BENCHMARK: get_user_pages_fast_only() */

#define SZ_4K	4096UL
#define SZ_2M	(2UL << 20)
#define SZ_1G	(1UL << 30)
#define MIB	(1UL << 20)

#ifndef MFD_HUGETLB
#define MFD_HUGETLB	0x0004U
#endif
#ifndef MFD_HUGE_1GB
#define MFD_HUGE_1GB	(30U << 26)
#endif

enum mem {
	ANON,		/* private anonymous, MADV_NOHUGEPAGE: 4 KiB pages */
	ANON_THP,	/* private anonymous, MADV_HUGEPAGE: PMD-mapped THP */
	MEMFD,		/* memfd (shmem), MAP_SHARED, 4 KiB pages */
	SHMEM_THP,	/* file on a tmpfs mounted huge=always, MAP_SHARED */
	HUGETLB,	/* memfd MFD_HUGETLB (hugetlbfs file), MAP_SHARED, 2 MiB */
	HUGETLB_PRIV,	/* MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB, 2 MiB */
	HUGETLB_1G,	/* memfd MFD_HUGETLB|MFD_HUGE_1GB, MAP_SHARED: PUD leaf */
	SHARED_ANON,	/* MAP_SHARED|MAP_ANONYMOUS (shmem), 4 KiB pages */
	EXT4,		/* file on ext4, MAP_SHARED: page cache, small folios */
	XFS_PMD,	/* file on xfs, MAP_SHARED, MADV_HUGEPAGE: PMD-mapped
			 * large folios of the page cache */
};

enum kind { GUP, FUTEX, IOCTL };

struct bcase {
	const char *name;
	enum kind kind;
	enum mem mem;
	unsigned long cmd;	/* gup_test command (GUP, IOCTL) */
	unsigned int flags;	/* raw FOLL_* (GUP, IOCTL) */
	unsigned int per_call;	/* pages a call (GUP) */
	unsigned long mib;	/* buffer size (GUP) */
	unsigned long reps;	/* GUP: ioctls summed; FUTEX, IOCTL: loop count */
	const char *class;	/* allowed, unaffected or refused (see -l) */
	const char *what;
};

#define LTW	(FOLL_LONGTERM | FOLL_WRITE)

/*
 * Sizes: the GUP loop of each ioctl should take at least a few hundred
 * microseconds (gup_test rounds it down to whole microseconds) and the
 * sum over the repetitions well over ten thousand, so that the ratios
 * have four or five significant digits.
 */
static const struct bcase cases[] = {
	{ "lt-anon-1", GUP, ANON, PIN_FAST_BENCHMARK, LTW, 1, 64, 4, "allowed",
	  "pin_user_pages_fast LONGTERM|WRITE, anonymous 4K, 1 page a call" },
	{ "lt-anon-512", GUP, ANON, PIN_FAST_BENCHMARK, LTW, 512, 64, 16, "allowed",
	  "pin_user_pages_fast LONGTERM|WRITE, anonymous 4K, 512 pages a call" },
	{ "lt-thp-1", GUP, ANON_THP, PIN_FAST_BENCHMARK, LTW, 1, 64, 4, "allowed",
	  "pin_user_pages_fast LONGTERM|WRITE, anonymous THP, 1 page a call" },
	{ "lt-thp-512", GUP, ANON_THP, PIN_FAST_BENCHMARK, LTW, 512, 128, 64, "allowed",
	  "pin_user_pages_fast LONGTERM|WRITE, anonymous THP, 512 pages a call" },
	{ "lt-shmem-1", GUP, MEMFD, PIN_FAST_BENCHMARK, LTW, 1, 64, 4, "allowed",
	  "pin_user_pages_fast LONGTERM|WRITE, memfd 4K, 1 page a call" },
	{ "lt-shmem-512", GUP, MEMFD, PIN_FAST_BENCHMARK, LTW, 512, 64, 16, "allowed",
	  "pin_user_pages_fast LONGTERM|WRITE, memfd 4K, 512 pages a call" },
	{ "lt-shmthp-1", GUP, SHMEM_THP, PIN_FAST_BENCHMARK, LTW, 1, 64, 4, "allowed",
	  "pin_user_pages_fast LONGTERM|WRITE, tmpfs huge=always, 1 page a call" },
	{ "lt-shmthp-512", GUP, SHMEM_THP, PIN_FAST_BENCHMARK, LTW, 512, 128, 64, "allowed",
	  "pin_user_pages_fast LONGTERM|WRITE, tmpfs huge=always, 512 pages a call" },
	{ "lt-hugetlb-1", GUP, HUGETLB, PIN_FAST_BENCHMARK, LTW, 1, 64, 4, "allowed",
	  "pin_user_pages_fast LONGTERM|WRITE, hugetlb 2M shared, 1 page a call" },
	{ "lt-hugetlb-512", GUP, HUGETLB, PIN_FAST_BENCHMARK, LTW, 512, 64, 128, "allowed",
	  "pin_user_pages_fast LONGTERM|WRITE, hugetlb 2M shared, 512 pages a call" },
	{ "lt-hugetlbp-1", GUP, HUGETLB_PRIV, PIN_FAST_BENCHMARK, LTW, 1, 64, 4, "allowed",
	  "pin_user_pages_fast LONGTERM|WRITE, hugetlb 2M private, 1 page a call" },
	/*
	 * The callers the rule does not concern, at every leaf: the
	 * "unaffected" rows of gen_unaffected() come here, then the futex
	 * key lookups.
	 */
	{ "futex-ext4", FUTEX, EXT4, 0, 0, 0, 0, 50000, "unaffected",
	  "FUTEX_WAKE (shared, no waiter) on a MAP_SHARED ext4 file page" },
	{ "futex-shanon", FUTEX, SHARED_ANON, 0, 0, 0, 0, 50000, "unaffected",
	  "FUTEX_WAKE (shared, no waiter) on a MAP_SHARED anonymous page" },
	{ "futex-thp", FUTEX, ANON_THP, 0, 0, 0, 0, 50000, "unaffected",
	  "FUTEX_WAKE (shared, no waiter) on anonymous THP" },
	{ "futex-shmthp", FUTEX, SHMEM_THP, 0, 0, 0, 0, 50000, "unaffected",
	  "FUTEX_WAKE (shared, no waiter) on tmpfs huge=always (shmem THP)" },
	{ "futex-hugetlb", FUTEX, HUGETLB, 0, 0, 0, 0, 50000, "unaffected",
	  "FUTEX_WAKE (shared, no waiter) on a hugetlb 2M page" },
	{ "refused-fast", IOCTL, EXT4, PIN_FAST_BENCHMARK, LTW, 1, 0, 20000, "refused",
	  "pin_user_pages_fast LONGTERM|WRITE, shared ext4, 1 page: -EFAULT" },
	{ "refused-slow", IOCTL, EXT4, PIN_LONGTERM_BENCHMARK, FOLL_WRITE, 1, 0, 20000, "refused",
	  "pin_user_pages LONGTERM|WRITE, shared ext4, 1 page: -EFAULT" },
	{ "ioctl-empty", IOCTL, EXT4, PIN_FAST_BENCHMARK, LTW, 0, 0, 20000, "baseline",
	  "the same gup_test ioctl over no page: its own cost, to subtract" },
};
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * GUP-fast's callers that are not long-term write pins, each on every
 * kind of memory that reaches a different leaf or branch, 1 and 512 pages
 * a call: "CALLER-MEM-N" rows, made by gen_unaffected().
 */
static const struct caller {
	const char *tag;
	unsigned long cmd;
	unsigned int flags;
	const char *what;
} callers[] = {
	{ "gup", GUP_FAST_BENCHMARK, FOLL_WRITE, "get_user_pages_fast WRITE" },
	{ "pin", PIN_FAST_BENCHMARK, FOLL_WRITE,
	  "pin_user_pages_fast WRITE (not long-term)" },
	{ "only", GUP_FAST_BENCHMARK, FOLL_WRITE | FOLL_FAST_ONLY,
	  "get_user_pages_fast_only WRITE (KVM's get_user_page_fast_only)" },
};

/*
 * Buffers of at most 128 MiB (but the 1 GiB page), more repetitions for
 * 512 pages a call: under TCG, faulting in and zeroing the buffer costs
 * far more time than the GUP calls it serves. File buffers stay well below the guest's background dirty threshold
 * (about 170 MiB): above it, writeback cleans and write-protects the
 * entries under the benchmark and sends GUP-fast to the slow path.
 */
static const struct mem_row {
	const char *tag;
	enum mem mem;
	unsigned long mib1, reps1;	/* 1 page a call */
	unsigned long mib512, reps512;	/* 512 pages a call */
	const char *what;
} mem_rows[] = {
	{ "anon", ANON, 64, 4, 64, 16, "anonymous 4K" },
	{ "thp", ANON_THP, 64, 4, 128, 64, "anonymous THP" },
	{ "shmthp", SHMEM_THP, 64, 4, 128, 64, "tmpfs huge=always (shmem THP)" },
	{ "hugetlb", HUGETLB, 64, 4, 64, 128, "hugetlb 2M shared" },
	{ "huge1g", HUGETLB_1G, 1024, 1, 1024, 64, "hugetlb 1G shared (PUD)" },
	{ "xfspmd", XFS_PMD, 64, 4, 128, 64, "xfs file, PMD-mapped large folios" },
	{ "ext4", EXT4, 64, 4, 64, 16, "ext4 page cache, small folios" },
};

#define NR_UNAFFECTED (ARRAY_SIZE(callers) * ARRAY_SIZE(mem_rows) * 2)
#define NR_CASES (ARRAY_SIZE(cases) + NR_UNAFFECTED)
static struct bcase all_cases[NR_CASES];
static char names[NR_UNAFFECTED][32], whats[NR_UNAFFECTED][128];

/* The table, with the generated rows after the long-term ones. */
static void gen_cases(void)
{
	unsigned int i, c, m, n = 0, k = 0, one;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		if (!strcmp(cases[i].name, "futex-ext4")) {
			for (c = 0; c < ARRAY_SIZE(callers); c++)
			for (m = 0; m < ARRAY_SIZE(mem_rows); m++)
			for (one = 1; one <= 2; one++, k++) {
				const struct caller *cl = &callers[c];
				const struct mem_row *mr = &mem_rows[m];
				struct bcase *b = &all_cases[n++];

				snprintf(names[k], sizeof(names[k]), "%s-%s-%s",
					 cl->tag, mr->tag, one == 1 ? "1" : "512");
				snprintf(whats[k], sizeof(whats[k]), "%s, %s, %s a call",
					 cl->what, mr->what, one == 1 ? "1 page" : "512 pages");
				b->name = names[k];
				b->what = whats[k];
				b->kind = GUP;
				b->mem = mr->mem;
				b->cmd = cl->cmd;
				b->flags = cl->flags;
				b->per_call = one == 1 ? 1 : 512;
				b->mib = one == 1 ? mr->mib1 : mr->mib512;
				b->reps = one == 1 ? mr->reps1 : mr->reps512;
				b->class = "unaffected";
			}
		}
		all_cases[n++] = cases[i];
	}
}

static const char *cur = "gupbench";
static const char *ext4_dir = "/mnt/ext4";
static const char *xfs_dir = "/mnt/xfs";
static const char *gup_test_path = "/sys/kernel/debug/gup_test";
static char thp_dir[64];

static void __attribute__((noreturn, format(printf, 1, 2))) fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "gupbench: %s: ", cur);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (thp_dir[0])
		umount2(thp_dir, MNT_DETACH);
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* An @align aligned address range of @len bytes, reserved PROT_NONE. */
static char *reserve_aligned(size_t len, size_t align)
{
	char *p = mmap(NULL, len + align, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	uintptr_t a;

	if (p == MAP_FAILED)
		fail("reserving %zu bytes: %s", len, strerror(errno));
	a = ((uintptr_t)p + align - 1) & ~(align - 1);
	if (a > (uintptr_t)p)
		munmap(p, a - (uintptr_t)p);
	munmap((char *)a + len, (uintptr_t)p + align - a);
	return (char *)a;
}

/* The tmpfs with huge=always that SHMEM_THP files live on. */
static const char *thp_mount(void)
{
	if (thp_dir[0])
		return thp_dir;
	strcpy(thp_dir, "/tmp/gupbench-thp.XXXXXX");
	if (!mkdtemp(thp_dir)) {
		thp_dir[0] = 0;
		fail("mkdtemp: %s", strerror(errno));
	}
	if (mount("gupbench", thp_dir, "tmpfs", 0, "huge=always")) {
		rmdir(thp_dir);
		thp_dir[0] = 0;
		fail("mounting a tmpfs with huge=always: %s", strerror(errno));
	}
	return thp_dir;
}

static void thp_umount(void)
{
	if (!thp_dir[0])
		return;
	umount2(thp_dir, MNT_DETACH);
	rmdir(thp_dir);
	thp_dir[0] = 0;
}

/* An open, unlinked file of @len bytes in @dir. */
static int tmp_file(const char *dir, size_t len)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/gupbench.XXXXXX", dir);
	fd = mkstemp(path);
	if (fd < 0)
		fail("creating a file in %s: %s", dir, strerror(errno));
	unlink(path);
	if (ftruncate(fd, len))
		fail("ftruncate %s: %s", path, strerror(errno));
	return fd;
}

/*
 * Map @len bytes of memory of type @mem, 2 MiB aligned, and write every
 * page so that each one is present with a writable, dirty entry.
 */
static char *map_mem(enum mem mem, size_t len)
{
	char *a = reserve_aligned(len, mem == HUGETLB_1G ? SZ_1G : SZ_2M);
	int prot = PROT_READ | PROT_WRITE;
	int fd = -1, fl = MAP_FIXED;
	char *p;
	size_t off;

	switch (mem) {
	case ANON:
	case ANON_THP:
		fl |= MAP_PRIVATE | MAP_ANONYMOUS;
		break;
	case SHARED_ANON:
		fl |= MAP_SHARED | MAP_ANONYMOUS;
		break;
	case HUGETLB_PRIV:
		fl |= MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB;
		break;
	case MEMFD:
		fd = memfd_create("gupbench", 0);
		break;
	case HUGETLB:
		fd = memfd_create("gupbench", MFD_HUGETLB);
		break;
	case HUGETLB_1G:
		fd = memfd_create("gupbench", MFD_HUGETLB | MFD_HUGE_1GB);
		break;
	case SHMEM_THP:
		fd = tmp_file(thp_mount(), len);
		break;
	case EXT4:
		fd = tmp_file(ext4_dir, len);
		break;
	case XFS_PMD:
		fd = tmp_file(xfs_dir, len);
		break;
	}
	if (mem == MEMFD || mem == HUGETLB || mem == HUGETLB_1G) {
		if (fd < 0)
			fail("memfd_create: %s", strerror(errno));
		if (ftruncate(fd, len))
			fail("ftruncate of the memfd to %zu: %s", len, strerror(errno));
	}
	if (fd >= 0)
		fl |= MAP_SHARED;
	p = mmap(a, len, prot, fl, fd, 0);
	if (p == MAP_FAILED)
		fail("mmap of %zu bytes: %s", len, strerror(errno));
	if (fd >= 0)
		close(fd);
	if (mem == ANON && madvise(p, len, MADV_NOHUGEPAGE))
		fail("MADV_NOHUGEPAGE: %s", strerror(errno));
	/* xfs: the fault then reads ahead PMD-sized folios and maps them whole */
	if ((mem == ANON_THP || mem == XFS_PMD) && madvise(p, len, MADV_HUGEPAGE))
		fail("MADV_HUGEPAGE: %s", strerror(errno));
	for (off = 0; off < len; off += SZ_4K)
		p[off] = 1;
	return p;
}

/* A field of the /proc/self/smaps entry of the VMA that starts at @p, in KiB. */
static long smaps_kb(char *p, const char *field)
{
	char line[512], want[32];
	long val = -1;
	int in = 0;
	size_t fl = strlen(field);
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		fail("/proc/self/smaps: %s", strerror(errno));
	snprintf(want, sizeof(want), "%lx-", (unsigned long)p);
	while (fgets(line, sizeof(line), f)) {
		unsigned long s, e;
		char sp;

		/* a VMA header: "start-end perms offset dev inode path" */
		if (sscanf(line, "%lx-%lx%c", &s, &e, &sp) == 3 && sp == ' ') {
			in = !strncmp(line, want, strlen(want));
			continue;
		}
		if (in && !strncmp(line, field, fl) && line[fl] == ':') {
			val = strtol(line + fl + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return val;
}

/* Check that [p, p+len) is backed as @mem says: the case measures that. */
static void check_backing(char *p, size_t len, enum mem mem)
{
	long kb = len / 1024, v;

	switch (mem) {
	case ANON_THP:
		v = smaps_kb(p, "AnonHugePages");
		if (v != kb)
			fail("AnonHugePages %ld kB of %ld: no THP (transparent_hugepage/enabled, memory?)", v, kb);
		return;
	case SHMEM_THP:
		v = smaps_kb(p, "ShmemPmdMapped");
		if (v != kb)
			fail("ShmemPmdMapped %ld kB of %ld: tmpfs huge=always did not give PMD-mapped THP", v, kb);
		return;
	case HUGETLB:
	case HUGETLB_PRIV:
	case HUGETLB_1G:
		v = smaps_kb(p, "Private_Hugetlb") + smaps_kb(p, "Shared_Hugetlb");
		if (v != kb)
			fail("hugetlb %ld kB of %ld: not enough huge pages reserved?", v, kb);
		return;
	case XFS_PMD:
		v = smaps_kb(p, "FilePmdMapped");
		if (v != kb)
			fail("FilePmdMapped %ld kB of %ld: no PMD-sized folios in xfs's page cache", v, kb);
		return;
	default:
		v = smaps_kb(p, "Rss");
		if (v != kb)
			fail("Rss %ld kB of %ld", v, kb);
		if (smaps_kb(p, "AnonHugePages") > 0 || smaps_kb(p, "ShmemPmdMapped") > 0 ||
		    smaps_kb(p, "FilePmdMapped") > 0)
			fail("huge pages where small pages were wanted");
		return;
	}
}

static int gup_test_fd(void)
{
	static int fd = -1;

	if (fd < 0)
		fd = open(gup_test_path, O_RDWR);
	if (fd < 0)
		fail("%s: %s (CONFIG_GUP_TEST and debugfs needed)", gup_test_path, strerror(errno));
	return fd;
}

static unsigned long scaled(unsigned long n, double scale)
{
	unsigned long r = (unsigned long)(n * scale + 0.5);

	return r ? r : 1;
}

static void run_gup(const struct bcase *c, double scale)
{
	size_t len = c->mib * MIB;
	char *p = map_mem(c->mem, len);
	unsigned long reps = scaled(c->reps, scale), r;
	uint64_t total = 0;
	struct gup_test g;

	check_backing(p, len, c->mem);
	/* One unrecorded pass first, then the recorded ones. */
	for (r = 0; r <= reps; r++) {
		memset(&g, 0, sizeof(g));
		g.addr = (uintptr_t)p;
		g.size = len;
		g.nr_pages_per_call = c->per_call;
		g.gup_flags = c->flags;
		if (ioctl(gup_test_fd(), c->cmd, &g))
			fail("gup_test ioctl: %s", strerror(errno));
		if (g.size != len)
			fail("gup_test covered %llu bytes of %zu: GUP failed on the way",
			     (unsigned long long)g.size, len);
		if (r)
			total += g.get_delta_usec;
	}
	check_backing(p, len, c->mem);
	munmap(p, len);
	thp_umount();
	printf("%s %llu %lu ok %lu\n", c->name, (unsigned long long)total,
	       reps * (len / SZ_4K / c->per_call),
	       (reps + 1) * (len / SZ_4K / c->per_call));
}

static void run_futex(const struct bcase *c, double scale)
{
	unsigned long n = scaled(c->reps, scale), i;
	char *p = map_mem(c->mem, SZ_2M);
	uint32_t *f = (uint32_t *)p;
	uint64_t t0, t1;
	long ret;

	check_backing(p, SZ_2M, c->mem);
	/* Warm up (and check that the call works), then the timed loop. */
	for (i = 0; i < 100; i++) {
		ret = syscall(SYS_futex, f, FUTEX_WAKE, 1, NULL, NULL, 0);
		if (ret != 0)
			fail("FUTEX_WAKE returned %ld (%s)", ret, strerror(errno));
	}
	t0 = now_ns();
	for (i = 0; i < n; i++)
		syscall(SYS_futex, f, FUTEX_WAKE, 1, NULL, NULL, 0);
	t1 = now_ns();
	munmap(p, SZ_2M);
	thp_umount();
	printf("%s %.3f %lu ok %lu\n", c->name, (t1 - t0) / 1000.0, n, n + 100);
}

/*
 * The refused cases. On a kernel with the series, both calls fail with
 * EFAULT; on the base kernel they pin the page (there is nothing to
 * refuse), which is what the base column then shows. The time includes
 * the ioctl's own cost, which the "ioctl-empty" case measures alone.
 */
static void run_ioctl(const struct bcase *c, double scale)
{
	unsigned long n = scaled(c->reps, scale), i;
	char *p = map_mem(c->mem, SZ_2M);
	/* nr_pages_per_call 0: the empty ioctl, no page at all */
	uint64_t size = c->per_call ? SZ_4K : 0;
	struct gup_test g;
	uint64_t t0, t1;
	int refused, fd = gup_test_fd();

	memset(&g, 0, sizeof(g));
	g.addr = (uintptr_t)p;
	g.size = size;
	g.nr_pages_per_call = c->per_call;
	g.gup_flags = c->flags;
	/*
	 * gup_test returns 0 even when GUP fails, with .size cut to what
	 * it covered: 0 here means refused.
	 */
	if (ioctl(fd, c->cmd, &g))
		fail("gup_test ioctl: %s", strerror(errno));
	refused = g.size != size;
	for (i = 0; i < 100; i++) {
		g.size = size;
		if (ioctl(fd, c->cmd, &g) || (g.size != size) != refused)
			fail("the pin was refused sometimes only");
	}
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		g.size = size;
		ioctl(fd, c->cmd, &g);
	}
	t1 = now_ns();
	munmap(p, SZ_2M);
	printf("%s %.3f %lu %s %lu\n", c->name, (t1 - t0) / 1000.0, n,
	       !size ? "empty" : refused ? "refused" : "pinned", n + 101);
}

/*
 * Guest time of a loop of two instructions (dec, jnz) run 10 million
 * times, per instruction: 1.00 under -icount shift=0, which is what makes
 * the other figures instruction counts (a few timer ticks land in the
 * loop and add a little).
 */
static void calibrate(void)
{
#if defined(__x86_64__)
	unsigned long n = 10000000;
	uint64_t t0, t1;

	t0 = now_ns();
	asm volatile("1: dec %0\n\tjnz 1b" : "+r"(n) : : "cc");
	t1 = now_ns();
	printf("%.3f\n", (t1 - t0) / 2e7);
#else
	printf("unknown\n");
#endif
}

static void usage(void)
{
	fprintf(stderr, "usage: gupbench -l | -c | [-s SCALE] [-e EXT4_DIR] [-x XFS_DIR] CASE...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	double scale = 1.0;
	unsigned int i;
	int opt, a;

	while ((opt = getopt(argc, argv, "cls:e:x:")) != -1) {
		switch (opt) {
		case 'c':
			calibrate();
			return 0;
		case 'l':
			gen_cases();
			for (i = 0; i < NR_CASES; i++)
				printf("%-17s %-10s %s\n", all_cases[i].name,
				       all_cases[i].class, all_cases[i].what);
			return 0;
		case 's':
			scale = atof(optarg);
			if (scale <= 0)
				usage();
			break;
		case 'e':
			ext4_dir = optarg;
			break;
		case 'x':
			xfs_dir = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind >= argc)
		usage();
	gen_cases();
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (a = optind; a < argc; a++) {
		const struct bcase *c = NULL;

		for (i = 0; i < NR_CASES; i++)
			if (!strcmp(all_cases[i].name, argv[a]))
				c = &all_cases[i];
		cur = argv[a];
		if (!c)
			fail("no such case (gupbench -l lists them)");
		switch (c->kind) {
		case GUP:
			run_gup(c, scale);
			break;
		case FUTEX:
			run_futex(c, scale);
			break;
		case IOCTL:
			run_ioctl(c, scale);
			break;
		}
	}
	return 0;
}
