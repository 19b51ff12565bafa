// SPDX-License-Identifier: GPL-2.0
/*
 * gup-stress: long-term write pins against everything that can happen to
 * the memory under them.
 *
 * Pinning threads take and drop long-term write pins through
 * /sys/kernel/debug/gup_test (PIN_LONGTERM_TEST_START/STOP/READ), with the
 * slow path and pin_user_pages_fast(), and fast-only pins (gup_test's
 * PIN_FAST_BENCHMARK with FOLL_LONGTERM | FOLL_FAST_ONLY, which unpins at
 * once), on
 * MAP_SHARED and MAP_PRIVATE files in the directories given as arguments,
 * memfd, hugetlb memfd, private anonymous memory (also MADV_HUGEPAGE) and
 * shared anonymous memory. Disturbing threads meanwhile truncate and
 * re-extend the files, punch holes, munmap and re-mmap, MADV_DONTNEED,
 * mprotect read-only and back, replace whole mappings with new files, sync;
 * another one forks (COW), compacts memory and drops caches.
 *
 * Every START result is checked against the accept/reject matrix for that
 * memory at that moment:
 *
 *  - A MAP_SHARED file on a file system that is neither tmpfs nor hugetlbfs
 *    needs dirty tracking: a long-term write pin of it must never succeed,
 *    whatever else is going on. Slow and fast pins must fail with -EFAULT,
 *    fast-only pins with -EAGAIN. A success is the violation this program
 *    exists to catch. No disturbance can excuse it: truncation keeps the
 *    VMA; munmap leaves a hole (-EFAULT) that is refilled with
 *    MAP_FIXED_NOREPLACE, so nothing else can appear at that address
 *    without the program noticing; a replacement maps the same kind of file.
 *
 *  - Everything else (anonymous, shmem, hugetlb, private file mappings) must
 *    be pinnable. A failure is legitimate only if something explains it,
 *    and the explanation is checked, not assumed: each region has a
 *    generation counter that a disturber makes odd before it acts on the
 *    region and even again once the region is back to normal (mapped
 *    read-write at full size; pages may be missing). fork, compaction and
 *    drop_caches bump a process-wide counter the same way. A pinner reads
 *    the counters, writes every page of its range (present, writable,
 *    exclusive: COW broken), pins, and reads the counters again. Reading on
 *    both sides of the attempt catches a disturbance that starts or ends in
 *    the middle of it; a single "is anybody disturbing now?" flag would be
 *    blind to those, and a flag set for too long would make the checker
 *    blind altogether. Then:
 *      - region counter unchanged and even: slow and fast pins must succeed
 *        (the pages are mapped writable, the slow path can fault in the
 *        rest). Otherwise -EFAULT (unmapped, read-only, beyond EOF) and
 *        -ENOMEM are accepted, nothing else.
 *      - both counters unchanged and even, and the write went through:
 *        fast-only pins must succeed too (fork write-protects private pages
 *        and stops GUP-fast while it runs; compaction leaves migration
 *        entries). Otherwise only -EAGAIN is accepted. This is its own
 *        test: if it ever fails, the kernel's background work (khugepaged,
 *        kcompactd) is the first suspect, GUP-fast the second.
 *    Successful pins are sometimes read back with PIN_LONGTERM_TEST_READ
 *    after fresh data was written through the mapping: if the region stayed
 *    quiet, the pinned pages must hold it (a pin of a page the mapping no
 *    longer uses, after COW or a migration, would not).
 *
 * Each refused kind also has to show that GUP-fast was really tried on
 * pages it could have pinned (fast and fast-only attempts right after the
 * pinner wrote the pages, nothing disturbing), or the test says it proved
 * nothing; after the duration, the disturbers rest until it has (for at
 * most three times as long). Allowed kinds must have been pinned by each
 * method.
 *
 * Output: "# seed N", then TAP. Exit status 1 on any "not ok", 2 when the
 * program could not run (Bail out!).
 *
 * Usage: gup-stress [-d SECONDS] [-s SEED] [-p PINNERS] [-D DISTURBERS] [-k]
 *                   [-I] [-H] [DIR...]
 * -I inverts the expected verdict for MAP_SHARED files in DIRs: a self-test
 * of the checker on an unmodified kernel (their tests must then fail).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/magic.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>

#include "gup_test.h"	/* from the kernel tree's mm/, with -I */

#define PAGE		4096UL
#define HUGE		(2UL << 20)
#define REGION_SIZE	(4UL << 20)
#define MAX_REGIONS	64
#define MAX_PINNERS	8
#define MAX_PRINTS	10	/* detailed reports per region and reason */
#define GUP_TEST_PATH	"/sys/kernel/debug/gup_test"

/* ------------------------------------------------------------------ */
/* Output: one write(2) per line, so that threads never interleave and */
/* nothing buffered is lost or duplicated by fork.                     */

static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

static void __attribute__((format(printf, 1, 2))) say(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	pthread_mutex_lock(&out_lock);
	if (write(STDOUT_FILENO, buf, n) < 0) {
		/* nowhere to report it */
	}
	pthread_mutex_unlock(&out_lock);
}

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */

static uint64_t seed;
static uint64_t t_start;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Milliseconds since the start, for reports. */
static unsigned long ms_now(void)
{
	return (now_ns() - t_start) / 1000000;
}

static void sleep_us(unsigned long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* xorshift64*: each thread has its own state, derived from the seed. */
static uint64_t rnd(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static uint64_t rnd_below(uint64_t *s, uint64_t n)
{
	return n ? rnd(s) % n : 0;
}

static uint64_t gen_load(const uint64_t *g)
{
	return __atomic_load_n(g, __ATOMIC_SEQ_CST);
}

static void gen_bump(uint64_t *g)
{
	__atomic_fetch_add(g, 1, __ATOMIC_SEQ_CST);
}

static void count(unsigned long *c)
{
	__atomic_fetch_add(c, 1, __ATOMIC_RELAXED);
}

static volatile int stop_flag;

static bool stopping(void)
{
	return __atomic_load_n(&stop_flag, __ATOMIC_RELAXED);
}

/* Set after the run's duration: disturbers rest (see main()). */
static volatile int topping_up;

static bool resting(void)
{
	return __atomic_load_n(&topping_up, __ATOMIC_RELAXED);
}

/* The first reason the run cannot go on (set once): the test bails out. */
static char infra_error[512];
static pthread_mutex_t infra_lock = PTHREAD_MUTEX_INITIALIZER;

static void __attribute__((format(printf, 1, 2))) infra_fail(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&infra_lock);
	if (!infra_error[0]) {
		va_start(ap, fmt);
		vsnprintf(infra_error, sizeof(infra_error), fmt, ap);
		va_end(ap);
	}
	pthread_mutex_unlock(&infra_lock);
	__atomic_store_n(&stop_flag, 1, __ATOMIC_RELAXED);
}

/* ------------------------------------------------------------------ */
/* Touching memory that a disturber may have unmapped, write-protected  */
/* or truncated: SIGSEGV and SIGBUS end the touch, not the program.     */

static __thread sigjmp_buf touch_env;
static __thread volatile sig_atomic_t touching;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	if (touching) {
		touching = 0;
		siglongjmp(touch_env, sig);
	}
	/* A fault anywhere else is a bug in this program: die of it. */
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * Write @tok and the page's offset into the first 16 bytes of each page of
 * [base + off, base + off + len), which makes each PTE present, writable
 * and dirty (and breaks COW). Returns 0, or -1 if a page faulted.
 */
static void __attribute__((noinline))
touch_pages(char *base, size_t off, size_t len, uint64_t tok)
{
	for (size_t o = off; o < off + len; o += PAGE) {
		volatile uint64_t *w = (volatile uint64_t *)(base + o);

		w[0] = tok;
		w[1] = o;
	}
}

static int touch(char *base, size_t off, size_t len, uint64_t tok)
{
	if (sigsetjmp(touch_env, 0))
		return -1;
	touching = 1;
	touch_pages(base, off, len, tok);
	touching = 0;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Memory kinds                                                          */

enum rkind {
	RK_FILE_SHARED,
	RK_FILE_PRIVATE,
	RK_MEMFD,
	RK_MEMFD_HUGETLB,
	RK_ANON_PRIVATE,
	RK_ANON_THP,
	RK_ANON_SHARED,
};

enum method { M_SLOW, M_FAST, M_FAST_ONLY, NR_METHODS };

static const char *const method_name[NR_METHODS] = {
	"slow", "fast", "fast-only",
};

/* This kernel's GUP flags, which gup_test's benchmark ioctls take raw. */
#define GUP_FOLL_WRITE		0x01
#define GUP_FOLL_LONGTERM	0x10000
#define GUP_FOLL_FAST_ONLY	0x80000

/*
 * Pin [addr, addr + len) long-term for writing with method @m; 0 or an
 * errno. Slow and fast pins hold the pages until STOP. A fast-only pin goes
 * through PIN_FAST_BENCHMARK, which passes GUP flags through, one page a
 * call so that the size it reports is what it pinned, and unpins before it
 * returns: EAGAIN when GUP-fast left a page to the slow path.
 */
static int pin_start(int fd, enum method m, uintptr_t addr, size_t len)
{
	struct pin_longterm_test a = {
		.addr = addr, .size = len,
		.flags = PIN_LONGTERM_TEST_FLAG_USE_WRITE |
			 (m == M_FAST ? PIN_LONGTERM_TEST_FLAG_USE_FAST : 0),
	};
	struct gup_test g = {
		.addr = addr, .size = len, .nr_pages_per_call = 1,
		.gup_flags = GUP_FOLL_WRITE | GUP_FOLL_LONGTERM |
			     GUP_FOLL_FAST_ONLY,
	};

	if (m != M_FAST_ONLY)
		return ioctl(fd, PIN_LONGTERM_TEST_START, &a) ? errno : 0;
	if (ioctl(fd, PIN_FAST_BENCHMARK, &g))
		return errno;
	return g.size == len ? 0 : EAGAIN;
}

/* GUP-fast tries on quiet pages a refused region must have had. */
#ifndef MIN_QUIET_CHANCES	/* -D: a larger one tests the top-up (main()) */
#define MIN_QUIET_CHANCES	10
#endif

enum errclass { E_FAULT, E_AGAIN, E_NOMEM, E_INVAL, E_INTR, E_OTHER, NR_E };

static const char *const err_name[NR_E] = {
	"EFAULT", "EAGAIN", "ENOMEM", "EINVAL", "EINTR", "other",
};

static enum errclass err_class(int e)
{
	switch (e) {
	case EFAULT: return E_FAULT;
	case EAGAIN: return E_AGAIN;
	case ENOMEM: return E_NOMEM;
	case EINVAL: return E_INVAL;
	case EINTR: return E_INTR;
	default: return E_OTHER;
	}
}

struct mstats {
	unsigned long attempts;
	unsigned long taken;
	unsigned long refused;		/* refused kinds: the expected error */
	unsigned long violations;	/* refused kinds: a pin succeeded */
	/* Attempts on freshly written pages with nothing disturbing. */
	unsigned long quiet;
	unsigned long fail_dist[NR_E];	/* failed while disturbed: accepted */
	unsigned long fail_bad[NR_E];	/* failed, and nothing explains it */
};

enum dist {
	D_TRUNCATE, D_PUNCH, D_REMAP, D_DONTNEED, D_MPROTECT, D_SYNC,
	D_REPLACE, D_COLLAPSE, NR_DIST
};

static const char *const dist_name[NR_DIST] = {
	"truncate", "punch", "remap", "dontneed", "mprotect", "sync", "replace",
	"collapse",
};

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25	/* 6.1 uapi; older C libraries lack it */
#endif

struct region {
	char name[128];
	enum rkind rk;
	bool allowed;		/* may a long-term write pin succeed? */
	bool skip;		/* not tested, for the reason below */
	bool broken;		/* asked for but unusable: its tests fail */
	char skip_reason[128];
	char dir[PATH_MAX - 128];	/* room for the file names */
	char path[PATH_MAX];	/* the current file, "" if none */
	int fd;			/* -1 for anonymous memory */
	int mflags;		/* MAP_SHARED/MAP_PRIVATE (| MAP_ANONYMOUS) */
	size_t size;
	size_t unit;		/* granularity of disturbances (2M for hugetlb) */
	bool hugetlb;
	size_t thp_len;		/* MADV_HUGEPAGE over [0, thp_len) */
	char *addr;
	unsigned long nfiles;	/* files made so far, for their names */

	pthread_mutex_t lock;	/* one disturber at a time */
	uint64_t gen;		/* even: quiet; odd: being disturbed */

	struct mstats ms[NR_METHODS];
	unsigned long dist[NR_DIST], dist_err[NR_DIST];
	unsigned long collapsed;	/* MADV_COLLAPSE calls that succeeded */
	uint64_t disturbed_ns;
	unsigned long reads, read_checked, read_bad, read_err;
	unsigned long samples, pmd_samples;
	unsigned long printed;
};

static struct region regions[MAX_REGIONS];
static int nregions;
static uint64_t global_gen;	/* fork, compaction, drop_caches */
static unsigned long nr_fork, nr_compact, nr_drop, global_err;
static uint64_t global_ns[3];	/* time global_gen was odd, per cause */
static unsigned long run_len_ms;	/* -d, in ms */
static bool keep_files;
static bool invert;		/* -I: checker self-test */
static bool split_hugetlb;	/* -H: split hugetlb VMAs too */
static unsigned long ndist = 4;

static const char *fs_name(unsigned long type)
{
	static char hex[4][24];
	static int next;

	switch (type) {
	case EXT4_SUPER_MAGIC: return "ext4";
	case XFS_SUPER_MAGIC: return "xfs";
	case BTRFS_SUPER_MAGIC: return "btrfs";
	case TMPFS_MAGIC: return "tmpfs";
	case HUGETLBFS_MAGIC: return "hugetlbfs";
	case RAMFS_MAGIC: return "ramfs";
	case V9FS_MAGIC: return "9p";
	case NFS_SUPER_MAGIC: return "nfs";
	}
	next = (next + 1) % 4;
	snprintf(hex[next], sizeof(hex[next]), "fs 0x%lx", type);
	return hex[next];
}

/* Map [off, off + len) of region @r at its place (fixed), with its advice. */
static int map_range(struct region *r, size_t off, size_t len, bool noreplace)
{
	int flags = r->mflags | (noreplace ? MAP_FIXED_NOREPLACE : MAP_FIXED);
	void *want = r->addr + off;
	void *p;

	p = mmap(want, len, PROT_READ | PROT_WRITE, flags, r->fd,
		 r->fd >= 0 ? (off_t)off : 0);
	if (p == MAP_FAILED)
		return -errno;
	if (p != want) {	/* a kernel that ignored MAP_FIXED_NOREPLACE */
		munmap(p, len);
		return -EEXIST;
	}
	if (off < r->thp_len) {
		size_t end = off + len < r->thp_len ? off + len : r->thp_len;

		madvise(want, end - off, MADV_HUGEPAGE);
	}
	return 0;
}

/* A new backing object for a region with a file descriptor. */
static int new_backing(struct region *r)
{
	int fd;

	if (r->rk == RK_MEMFD || r->rk == RK_MEMFD_HUGETLB) {
		unsigned int f = MFD_CLOEXEC;

		if (r->rk == RK_MEMFD_HUGETLB)
			f |= MFD_HUGETLB;
		fd = memfd_create("gup-stress", f);
		if (fd < 0)
			return -errno;
		r->path[0] = 0;
	} else {
		snprintf(r->path, sizeof(r->path), "%s/gup-stress.%d.%d.%lu",
			 r->dir, (int)getpid(), (int)(r - regions), r->nfiles++);
		fd = open(r->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0)
			return -errno;
	}
	if (ftruncate(fd, r->size)) {
		int e = -errno;

		close(fd);
		if (r->path[0])
			unlink(r->path);
		return e;
	}
	return fd;
}

static struct region *add_region(enum rkind rk, const char *fmt, ...)
{
	struct region *r;
	va_list ap;

	if (nregions == MAX_REGIONS) {
		say("Bail out! too many memory kinds (at most %d)", MAX_REGIONS);
		exit(2);
	}
	r = &regions[nregions++];
	memset(r, 0, sizeof(*r));
	r->rk = rk;
	r->fd = -1;
	r->size = REGION_SIZE;
	r->unit = PAGE;
	r->allowed = true;
	pthread_mutex_init(&r->lock, NULL);
	va_start(ap, fmt);
	vsnprintf(r->name, sizeof(r->name), fmt, ap);
	va_end(ap);
	return r;
}

static void skip_region(struct region *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void skip_region(struct region *r, const char *fmt, ...)
{
	va_list ap;

	r->skip = true;
	va_start(ap, fmt);
	vsnprintf(r->skip_reason, sizeof(r->skip_reason), fmt, ap);
	va_end(ap);
}

static void add_file_regions(const char *dir)
{
	struct statfs sf;
	const char *fs;
	int shared;

	if (strlen(dir) >= sizeof(regions[0].dir) || statfs(dir, &sf)) {
		struct region *r = add_region(RK_FILE_SHARED, "file (%s)", dir);

		/* A directory that was asked for must be tested: no skip. */
		r->allowed = false;
		r->broken = true;
		snprintf(r->skip_reason, sizeof(r->skip_reason), "statfs: %s",
			 strlen(dir) >= sizeof(r->dir) ? "path too long" :
			 strerror(errno));
		return;
	}
	fs = fs_name(sf.f_type);
	for (shared = 1; shared >= 0; shared--) {
		struct region *r;

		r = add_region(shared ? RK_FILE_SHARED : RK_FILE_PRIVATE,
			       "%s %s file (%s)", fs,
			       shared ? "shared" : "private", dir);
		snprintf(r->dir, sizeof(r->dir), "%s", dir);
		r->mflags = shared ? MAP_SHARED : MAP_PRIVATE;
		/*
		 * The matrix: a shared mapping needs dirty tracking unless the
		 * file system is tmpfs or hugetlbfs. Any other file system,
		 * known or not, must be refused.
		 */
		r->allowed = !shared || sf.f_type == TMPFS_MAGIC ||
			     sf.f_type == HUGETLBFS_MAGIC;
		if (invert && shared)
			r->allowed = !r->allowed;
		if (sf.f_type == HUGETLBFS_MAGIC) {
			r->unit = sf.f_bsize;
			r->hugetlb = true;
		}
		/*
		 * MADV_HUGEPAGE over the first 2M of a shared file: xfs then
		 * puts PMD-sized folios in the page cache, and a write fault
		 * maps them with a writable PMD, so GUP-fast's PMD leaf sees
		 * a dirty-tracked folio. The rest stays PTE-mapped.
		 */
		if (shared && sf.f_type != HUGETLBFS_MAGIC)
			r->thp_len = HUGE;
	}
}

/* Reserve address space for every region, 2M-aligned, with guard gaps. */
static int place_regions(void)
{
	size_t total = HUGE, off = 0;
	uintptr_t base;
	char *p;
	int i;

	for (i = 0; i < nregions; i++)
		total += (regions[i].size + HUGE - 1) / HUGE * HUGE + HUGE;
	p = mmap(NULL, total, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	base = ((uintptr_t)p + HUGE - 1) & ~(HUGE - 1);
	for (i = 0; i < nregions; i++) {
		regions[i].addr = (char *)base + off;
		off += (regions[i].size + HUGE - 1) / HUGE * HUGE + HUGE;
	}
	return 0;
}

static void setup_region(struct region *r)
{
	int e;

	if (r->skip || r->broken)
		return;
	switch (r->rk) {
	case RK_FILE_SHARED:
	case RK_FILE_PRIVATE:
	case RK_MEMFD:
	case RK_MEMFD_HUGETLB:
		if (r->rk == RK_MEMFD_HUGETLB) {
			r->unit = HUGE;
			r->hugetlb = true;
		}
		if (r->rk == RK_MEMFD || r->rk == RK_MEMFD_HUGETLB)
			r->mflags = MAP_SHARED;
		e = new_backing(r);
		if (e < 0) {
			if (r->rk == RK_MEMFD_HUGETLB)
				skip_region(r, "memfd_create(MFD_HUGETLB): %s",
					    strerror(-e));
			else
				skip_region(r, "cannot make a file: %s",
					    strerror(-e));
			return;
		}
		r->fd = e;
		break;
	case RK_ANON_PRIVATE:
	case RK_ANON_THP:
		r->mflags = MAP_PRIVATE | MAP_ANONYMOUS;
		if (r->rk == RK_ANON_THP)
			r->thp_len = r->size;
		break;
	case RK_ANON_SHARED:
		r->mflags = MAP_SHARED | MAP_ANONYMOUS;
		break;
	}
	e = map_range(r, 0, r->size, false);
	if (e < 0) {
		skip_region(r, "mmap: %s", strerror(-e));
		return;
	}
	if (touch(r->addr, 0, r->size, 1)) {
		/* hugetlb without free huge pages: SIGBUS on the first touch */
		skip_region(r, "cannot fault in the memory (no free huge pages?)");
		munmap(r->addr, r->size);
	}
}

/* ------------------------------------------------------------------ */
/* Pinners                                                               */

struct pinner {
	struct region *r;
	size_t soff, slen;	/* the slice of the region this pinner owns */
	int id;
	uint64_t rng;
	char *buf;		/* READ buffer, slen bytes */
	pthread_t th;
};

static struct pinner pinners[MAX_REGIONS * MAX_PINNERS];
static int npinners;

static int open_gup_test(void)
{
	int fd = open(GUP_TEST_PATH, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		infra_fail("cannot open %s: %s", GUP_TEST_PATH, strerror(errno));
	return fd;
}

static void pick_range(struct pinner *p, size_t *off, size_t *len)
{
	size_t pages = p->slen / PAGE, start, n;

	switch (rnd_below(&p->rng, 8)) {
	case 0: case 1: case 2:		/* one page */
		*off = p->soff + rnd_below(&p->rng, pages) * PAGE;
		*len = PAGE;
		return;
	case 3: case 4: case 5:		/* a few pages, anywhere */
		start = rnd_below(&p->rng, pages);
		n = pages - start < 64 ? pages - start : 64;
		*off = p->soff + start * PAGE;
		*len = (1 + rnd_below(&p->rng, n)) * PAGE;
		return;
	case 6:				/* one 2M unit, aligned */
		if (p->slen >= HUGE) {
			*off = p->soff + rnd_below(&p->rng, p->slen / HUGE) * HUGE;
			*len = HUGE;
			return;
		}
		/* fall through */
	default:			/* the whole slice */
		*off = p->soff;
		*len = p->slen;
	}
}

static bool may_print(struct region *r)
{
	return __atomic_fetch_add(&r->printed, 1, __ATOMIC_RELAXED) < MAX_PRINTS;
}

/*
 * After a successful pin of allowed memory: write fresh data through the
 * mapping, read the pinned pages through the kernel's mapping, and compare,
 * if nothing disturbed the region from before the pin until now.
 */
static void check_read(struct pinner *p, int fd, size_t off, size_t len,
		       uint64_t g0, uint64_t tok)
{
	struct region *r = p->r;
	uint64_t ua = (uintptr_t)p->buf;
	size_t o;

	if (touch(r->addr, off, len, tok))
		return;
	count(&r->reads);
	if (ioctl(fd, PIN_LONGTERM_TEST_READ, &ua)) {
		count(&r->read_err);
		if (may_print(r))
			say("# READ FAILED seed=%" PRIu64 " t=%lums kind=%s range=+%#zx+%#zx: %s",
			    seed, ms_now(), r->name, off, len, strerror(errno));
		return;
	}
	if ((g0 & 1) || gen_load(&r->gen) != g0)
		return;		/* disturbed: the mapping may have moved on */
	count(&r->read_checked);
	for (o = 0; o < len; o += PAGE) {
		const uint64_t *w = (const uint64_t *)(p->buf + o);

		if (w[0] != tok || w[1] != off + o) {
			count(&r->read_bad);
			if (may_print(r))
				say("# STALE PIN seed=%" PRIu64 " t=%lums kind=%s page +%#zx: the pinned page does not hold what was just written through the mapping (%#" PRIx64 "/%#" PRIx64 ", want %#" PRIx64 "/%#zx)",
				    seed, ms_now(), r->name, off + o, w[0], w[1],
				    tok, off + o);
			return;
		}
	}
}

static void *pinner_main(void *arg)
{
	struct pinner *p = arg;
	struct region *r = p->r;
	uint64_t ctr = 0;
	int fd = open_gup_test();

	while (fd >= 0 && !stopping()) {
		enum method m = rnd_below(&p->rng, NR_METHODS);
		struct mstats *ms = &r->ms[m];
		uint64_t g0, g1, G0, G1, tok;
		bool touched, rquiet, gquiet;
		size_t off, len;
		int err;

		pick_range(p, &off, &len);
		tok = ((uint64_t)(p->id + 1) << 48) | ++ctr;

		g0 = gen_load(&r->gen);
		G0 = gen_load(&global_gen);
		touched = touch(r->addr, off, len, tok) == 0;
		err = pin_start(fd, m, (uintptr_t)(r->addr + off), len);
		g1 = gen_load(&r->gen);
		G1 = gen_load(&global_gen);
		rquiet = !(g0 & 1) && g0 == g1;
		gquiet = !(G0 & 1) && G0 == G1;

		count(&ms->attempts);
		if (touched && rquiet && gquiet)
			count(&ms->quiet);

		if (!r->allowed) {
			if (!err) {
				count(&ms->taken);
				count(&ms->violations);
				if (may_print(r))
					say("# VIOLATION seed=%" PRIu64 " t=%lums kind=%s method=%s range=+%#zx+%#zx: a long-term write pin of a dirty-tracked shared file succeeded (%s, %s)",
					    seed, ms_now(), r->name,
					    method_name[m], off, len,
					    touched ? "pages just written" : "pages not written",
					    rquiet ? "region quiet" : "region being disturbed");
			} else if (err == (m == M_FAST_ONLY ? EAGAIN : EFAULT)) {
				count(&ms->refused);
			} else {
				count(&ms->fail_bad[err_class(err)]);
				if (may_print(r))
					say("# WRONG ERROR seed=%" PRIu64 " t=%lums kind=%s method=%s range=+%#zx+%#zx: %s, want %s",
					    seed, ms_now(), r->name,
					    method_name[m], off, len, strerror(err),
					    m == M_FAST_ONLY ? "EAGAIN" : "EFAULT");
			}
		} else if (!err) {
			count(&ms->taken);
		} else {
			bool explained;

			if (m == M_FAST_ONLY)
				explained = err == EAGAIN &&
					    (!rquiet || !gquiet || !touched);
			else
				explained = !rquiet &&
					    (err == EFAULT || err == ENOMEM);
			if (explained) {
				count(&ms->fail_dist[err_class(err)]);
			} else {
				count(&ms->fail_bad[err_class(err)]);
				if (may_print(r))
					say("# UNEXPLAINED seed=%" PRIu64 " t=%lums kind=%s method=%s range=+%#zx+%#zx: %s with nothing disturbing the %s",
					    seed, ms_now(), r->name,
					    method_name[m], off, len, strerror(err),
					    rquiet ? "region or the process" : "region");
			}
		}

		/* A fast-only pin is already dropped: nothing to read or hold. */
		if (err || m == M_FAST_ONLY)
			continue;
		if (r->allowed && rnd_below(&p->rng, 4) == 0)
			check_read(p, fd, off, len, g0, tok ^ 0xa5a5a5a5ULL);
		else if (!r->allowed && ms->violations == 1) {
			/* Say whether the pinned page is the one just written. */
			uint64_t ua = (uintptr_t)p->buf;

			if (!ioctl(fd, PIN_LONGTERM_TEST_READ, &ua))
				say("#   the pinned page holds %#" PRIx64 " (written: %#" PRIx64 ")",
				    *(uint64_t *)p->buf, tok);
		}
		/* Hold the pins a while, so that disturbers hit pinned pages. */
		if (rnd_below(&p->rng, 2))
			sleep_us(rnd_below(&p->rng, 2000));
		if (rnd_below(&p->rng, 16) == 0) {
			/* Release by close, the other way pins end. */
			close(fd);
			fd = open_gup_test();
		} else if (ioctl(fd, PIN_LONGTERM_TEST_STOP)) {
			infra_fail("PIN_LONGTERM_TEST_STOP: %s", strerror(errno));
		}
	}
	if (fd >= 0)
		close(fd);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Disturbers                                                            */

static bool dist_applies(const struct region *r, enum dist d)
{
	switch (d) {
	case D_TRUNCATE:
	case D_SYNC:
		return r->fd >= 0;
	case D_PUNCH:
		return r->fd >= 0 || r->rk == RK_ANON_SHARED;
	case D_COLLAPSE:
		/* anon and shmem; hugetlb has nothing to collapse */
		return r->unit == PAGE;
	default:
		return true;
	}
}

/*
 * The granularity of the next disturbance. Where huge pages are mapped,
 * usually whole ones: a 4K-aligned range splits them (which is tried too),
 * and split ones seldom come back, so that GUP-fast's PMD leaf would soon
 * have nothing left to see. Shared files only have huge folios on some file
 * systems (xfs), so ask the sampler whether this one has shown any.
 */
static size_t dist_unit(struct region *r, uint64_t *rng)
{
	bool huge = r->rk == RK_ANON_THP ||
		    (r->thp_len && __atomic_load_n(&r->pmd_samples, __ATOMIC_RELAXED));

	if (huge && rnd_below(rng, r->rk == RK_ANON_THP ? 8 : 16))
		return HUGE > r->unit ? HUGE : r->unit;
	return r->unit;
}

/* A random sub-range of the region, aligned to dist_unit(). */
static void pick_sub(struct region *r, uint64_t *rng, size_t *off, size_t *len)
{
	size_t unit = dist_unit(r, rng), units, start;

	units = r->size / unit;

	start = rnd_below(rng, units);
	*off = start * unit;
	*len = (1 + rnd_below(rng, units - start)) * unit;
}

static void hold(uint64_t *rng)
{
	if (rnd_below(rng, 3))
		sleep_us(rnd_below(rng, 3000));
}

/* Map a whole new object over the region, in one mmap(MAP_FIXED). */
static int replace(struct region *r)
{
	char old_path[PATH_MAX];
	int old_fd = r->fd, fd, e;

	snprintf(old_path, sizeof(old_path), "%s", r->path);
	if (old_fd >= 0) {
		fd = new_backing(r);
		if (fd < 0)
			return fd;
		r->fd = fd;
	}
	e = map_range(r, 0, r->size, false);
	if (e < 0) {
		/* Keep the old object: the old mapping is still in place. */
		if (old_fd >= 0) {
			close(r->fd);
			if (r->path[0])
				unlink(r->path);
			r->fd = old_fd;
			snprintf(r->path, sizeof(r->path), "%s", old_path);
		}
		return e;
	}
	/*
	 * The old file is now unmapped, closed and unlinked: its inode is
	 * evicted and freed (under RCU) while other threads may be in GUP-fast
	 * on the new mapping at the same addresses.
	 */
	if (old_fd >= 0) {
		close(old_fd);
		if (old_path[0])
			unlink(old_path);
	}
	return 0;
}

static int disturb(struct region *r, enum dist d, uint64_t *rng)
{
	size_t off, len;
	int e = 0;

	pick_sub(r, rng, &off, &len);
	/*
	 * Splitting a hugetlb VMA (munmap or mprotect of part of it) trips a
	 * lockdep assertion in 6.1.192 itself, before any of this series:
	 * __vma_adjust() calls hugetlb_split(), which asserts i_mmap_rwsem,
	 * before it takes that lock. A debug kernel's log would then hold a
	 * warning that says nothing about pins. Whole hugetlb VMAs only,
	 * unless -H.
	 */
	if (r->hugetlb && !split_hugetlb && (d == D_REMAP || d == D_MPROTECT)) {
		off = 0;
		len = r->size;
	}
	switch (d) {
	case D_TRUNCATE:
		if (ftruncate(r->fd, off))
			return -errno;
		hold(rng);
		if (ftruncate(r->fd, r->size))
			e = -errno;
		break;
	case D_PUNCH:
		if (r->fd >= 0)
			e = fallocate(r->fd, FALLOC_FL_PUNCH_HOLE |
				      FALLOC_FL_KEEP_SIZE, off, len);
		else
			e = madvise(r->addr + off, len, MADV_REMOVE);
		e = e ? -errno : 0;
		hold(rng);
		break;
	case D_REMAP:
		if (munmap(r->addr + off, len))
			return -errno;
		hold(rng);
		/*
		 * NOREPLACE: if anything else took the hole meanwhile, a pin
		 * there would not be a pin of this region; stop the run
		 * rather than judge it.
		 */
		e = map_range(r, off, len, true);
		if (e == -EEXIST)
			infra_fail("%s: the address range was reused while unmapped", r->name);
		else if (e)
			infra_fail("%s: cannot map it again: %s", r->name, strerror(-e));
		break;
	case D_DONTNEED:
		e = madvise(r->addr + off, len, MADV_DONTNEED) ? -errno : 0;
		hold(rng);
		break;
	case D_MPROTECT:
		if (mprotect(r->addr + off, len, PROT_READ))
			return -errno;
		hold(rng);
		if (mprotect(r->addr + off, len, PROT_READ | PROT_WRITE))
			infra_fail("%s: mprotect back to read-write: %s", r->name,
				   strerror(errno));
		break;
	case D_SYNC:
		/* Writeback cleans the pages and write-protects their PTEs. */
		e = msync(r->addr, r->size, MS_SYNC) || fsync(r->fd) ? -errno : 0;
		break;
	case D_REPLACE:
		e = replace(r);
		break;
	case D_COLLAPSE:
		/*
		 * Synchronous khugepaged: clears the PMD, copies, installs a
		 * huge one (the collapse that GUP-fast's PMD re-check is for).
		 * It refuses pinned pages and file systems without THP
		 * support: failing is normal, it is counted, not an error.
		 */
		off &= ~(HUGE - 1);
		len = (len + HUGE - 1) & ~(HUGE - 1);
		if (off + len > r->size)
			len = r->size - off;
		if (!madvise(r->addr + off, len, MADV_COLLAPSE))
			count(&r->collapsed);
		break;
	case NR_DIST:
		break;
	}
	return e;
}

struct disturber {
	uint64_t rng;
	pthread_t th;
};

static void *disturber_main(void *arg)
{
	struct disturber *dt = arg;
	int i, usable = 0;

	for (i = 0; i < nregions; i++)
		usable += !regions[i].skip && !regions[i].broken;
	while (usable && !stopping()) {
		struct region *r = &regions[rnd_below(&dt->rng, nregions)];
		enum dist d = rnd_below(&dt->rng, NR_DIST);
		uint64_t t;
		int e;

		if (resting()) {
			sleep_us(10000);
			continue;
		}
		/* Huge pages back more often than everything else splits them. */
		if (r->thp_len && rnd_below(&dt->rng, 4) == 0)
			d = D_COLLAPSE;
		if (r->skip || r->broken || !dist_applies(r, d))
			continue;
		pthread_mutex_lock(&r->lock);
		t = now_ns();
		gen_bump(&r->gen);			/* odd: disturbed */
		e = disturb(r, d, &dt->rng);
		/*
		 * Back to "mapped read-write at full size"; pages may be
		 * missing, the pinners write what they pin before pinning.
		 */
		gen_bump(&r->gen);			/* even: quiet again */
		r->disturbed_ns += now_ns() - t;
		pthread_mutex_unlock(&r->lock);
		count(&r->dist[d]);
		if (e) {
			count(&r->dist_err[d]);
			if (may_print(r))
				say("# disturber: %s on %s: %s", dist_name[d],
				    r->name, strerror(-e));
		}
		sleep_us(500 + rnd_below(&dt->rng, 5000));
	}
	return NULL;
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), e = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		e = -errno;
	close(fd);
	return e;
}

/*
 * The child of a fork: write to part of one private region (COW on the
 * child's side), stay a little, so that the parent's pages stay shared for
 * a while, and go.
 */
static void __attribute__((noreturn)) fork_child(uint64_t rng)
{
	struct region *r = &regions[rnd_below(&rng, nregions)];
	size_t off, len;

	if (!r->skip && !r->broken && !(r->mflags & MAP_SHARED)) {
		pick_sub(r, &rng, &off, &len);
		touch(r->addr, off, len > HUGE ? HUGE : len, 0xc0ffee);
	}
	sleep_us(rnd_below(&rng, 20000));
	_exit(0);
}

/*
 * Compaction migrates pages (the closest thing to migrate_pages() that a
 * guest without NUMA has), but compacting every zone takes seconds, and
 * tens of seconds on a KASAN kernel. It runs in a child process (this
 * program again, with -C) that is killed after COMPACT_MS or when the run
 * ends: compaction stops at a fatal signal.
 */
#define COMPACT_MS	8000

extern char **environ;

static int compact_for_a_while(void)
{
	char *argv[] = { "gup-stress", "-C", NULL };
	unsigned long until = ms_now() + COMPACT_MS;
	int status, e;
	pid_t pid;

	e = posix_spawn(&pid, "/proc/self/exe", NULL, NULL, argv, environ);
	if (e)
		return -e;
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (stopping() || ms_now() >= until) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return 0;	/* cut short: that is fine */
		}
		sleep_us(20000);
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -EIO;
}

/*
 * Process-wide disturbances: mostly forks, one compaction at 40% of the run
 * and one sync + drop_caches at 70%, after which forks go on. GUP-fast's
 * failures cannot be judged while any of these runs.
 */
static void *global_main(void *arg)
{
	uint64_t rng = *(uint64_t *)arg;
	unsigned long compact_at = run_len_ms * 4 / 10;
	unsigned long drop_at = run_len_ms * 7 / 10;

	while (!stopping()) {
		unsigned long now;
		int what, e = 0;
		uint64_t t;

		/* fork alone takes a few hundred ms under emulation */
		sleep_us(200000 + rnd_below(&rng, 600000));
		if (stopping())
			break;
		if (resting())
			continue;
		now = ms_now();
		what = now >= compact_at ? 1 : now >= drop_at ? 2 : 0;
		t = now_ns();
		gen_bump(&global_gen);
		if (what == 0) {
			/*
			 * fork write-protects the private pages that are not
			 * pinned (COW) and copies the pinned ones for the child;
			 * GUP-fast backs off while it runs (write_protect_seq).
			 */
			pid_t pid = fork();

			if (pid == 0)
				fork_child(rng ^ 0xf0f0);
			gen_bump(&global_gen);
			global_ns[0] += now_ns() - t;
			if (pid < 0)
				e = -errno;
			else
				waitpid(pid, NULL, 0);
			count(&nr_fork);
		} else if (what == 1) {
			e = compact_for_a_while();
			gen_bump(&global_gen);
			global_ns[1] += now_ns() - t;
			count(&nr_compact);
			compact_at = ULONG_MAX;
		} else {
			sync();
			e = write_str("/proc/sys/vm/drop_caches", "3");
			gen_bump(&global_gen);
			global_ns[2] += now_ns() - t;
			count(&nr_drop);
			drop_at = ULONG_MAX;
		}
		if (e && global_err++ < MAX_PRINTS)
			say("# %s: %s", what == 0 ? "fork" : what == 1 ?
			    "compact_memory" : "drop_caches", strerror(-e));
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* smaps sampler: is the PMD (or hugetlb) leaf of GUP-fast exercised?    */

static char smaps_buf[1 << 20];

static void sample_smaps(void)
{
	static const char *const keys[] = {
		"AnonHugePages:", "ShmemPmdMapped:", "FilePmdMapped:",
		"Shared_Hugetlb:", "Private_Hugetlb:",
	};
	unsigned long huge[MAX_REGIONS] = { 0 };
	struct region *cur = NULL;
	size_t n = 0;
	ssize_t got;
	char *line, *next;
	int fd, i;

	fd = open("/proc/self/smaps", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	while (n < sizeof(smaps_buf) - 1 &&
	       (got = read(fd, smaps_buf + n, sizeof(smaps_buf) - 1 - n)) > 0)
		n += got;
	close(fd);
	smaps_buf[n] = 0;

	for (line = smaps_buf; line && *line; line = next) {
		unsigned long start, end, kb;

		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2) {
			cur = NULL;
			for (i = 0; i < nregions; i++) {
				struct region *r = &regions[i];

				if (r->addr && start >= (uintptr_t)r->addr &&
				    start < (uintptr_t)r->addr + r->size)
					cur = r;
			}
			continue;
		}
		if (!cur)
			continue;
		for (i = 0; i < (int)(sizeof(keys) / sizeof(keys[0])); i++) {
			size_t kl = strlen(keys[i]);

			if (!strncmp(line, keys[i], kl) &&
			    sscanf(line + kl, "%lu", &kb) == 1)
				huge[cur - regions] += kb;
		}
	}
	for (i = 0; i < nregions; i++) {
		if (regions[i].skip || regions[i].broken)
			continue;
		regions[i].samples++;
		if (huge[i])
			regions[i].pmd_samples++;
	}
}

static void *sampler_main(void *arg)
{
	(void)arg;
	while (!stopping()) {
		sample_smaps();
		sleep_us(300000);
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Results                                                               */

static int test_nr, test_failed;
static unsigned long run_ms, topup_ms;	/* topup_ms: when disturbers rested */

static void __attribute__((format(printf, 3, 4)))
result(bool ok, const char *skip, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	test_nr++;
	if (skip) {
		say("ok %d %s # SKIP %s", test_nr, msg, skip);
		return;
	}
	if (!ok)
		test_failed++;
	say("%s %d %s", ok ? "ok" : "not ok", test_nr, msg);
}

static int tests_per_region(const struct region *r)
{
	return r->allowed ? 4 : 3;
}

static unsigned long sum_err(const unsigned long *v)
{
	unsigned long s = 0;
	int e;

	for (e = 0; e < NR_E; e++)
		s += v[e];
	return s;
}

/* GUP-fast attempts (fast, fast-only) on pages just written, nothing disturbing. */
static unsigned long quiet_chances(struct region *r)
{
	unsigned long chances = 0;
	int m;

	for (m = 0; m < NR_METHODS; m++)
		if (m != M_SLOW)
			chances += __atomic_load_n(&r->ms[m].quiet,
						   __ATOMIC_RELAXED);
	return chances;
}

static void report_region(struct region *r)
{
	unsigned long taken = 0, refused = 0, failed = 0, bad_sf = 0;
	unsigned long fo_quiet_fail = 0, fo_bad_other = 0, viol = 0;
	unsigned long bad_code = 0, chances = quiet_chances(r);
	char reasons[512] = "", per[512] = "", dists[256] = "";
	const char *skip = r->skip ? r->skip_reason : NULL;
	int m, e, d;
	size_t n;

	if (r->broken) {
		for (m = 0; m < tests_per_region(r); m++)
			result(false, NULL, "%s: cannot be tested: %s", r->name,
			       r->skip_reason);
		return;
	}
	for (m = 0; m < NR_METHODS; m++) {
		struct mstats *ms = &r->ms[m];

		taken += ms->taken;
		refused += ms->refused;
		viol += ms->violations;
		failed += sum_err(ms->fail_dist) + sum_err(ms->fail_bad);
		bad_code += sum_err(ms->fail_bad);
		if (m == M_FAST_ONLY) {
			fo_quiet_fail += ms->fail_bad[E_AGAIN];
			fo_bad_other += sum_err(ms->fail_bad) - ms->fail_bad[E_AGAIN];
		} else {
			bad_sf += sum_err(ms->fail_bad);
		}
	}
	for (e = 0; e < NR_E; e++) {
		unsigned long dsum = 0, bsum = 0;

		for (m = 0; m < NR_METHODS; m++) {
			dsum += r->ms[m].fail_dist[e];
			bsum += r->ms[m].fail_bad[e];
		}
		n = strlen(reasons);
		if (dsum)
			snprintf(reasons + n, sizeof(reasons) - n, "%s%s %lu while disturbed",
				 n ? ", " : "", err_name[e], dsum);
		n = strlen(reasons);
		if (bsum)
			snprintf(reasons + n, sizeof(reasons) - n, "%s%s %lu %s",
				 n ? ", " : "", err_name[e], bsum,
				 r->allowed ? "unexplained" : "unexpected");
	}
	for (m = 0; m < NR_METHODS; m++) {
		struct mstats *ms = &r->ms[m];

		n = strlen(per);
		snprintf(per + n, sizeof(per) - n, "%s%s %lu/%lu/%lu/%lu",
			 n ? ", " : "", method_name[m], ms->attempts, ms->taken,
			 ms->refused,
			 sum_err(ms->fail_dist) + sum_err(ms->fail_bad));
	}
	for (d = 0; d < NR_DIST; d++) {
		n = strlen(dists);
		if (r->dist[d])
			snprintf(dists + n, sizeof(dists) - n, "%s%s %lu",
				 n ? ", " : "", dist_name[d], r->dist[d]);
	}

	if (!r->allowed) {
		result(!viol, skip,
		       "%s: no long-term write pin succeeded (%lu attempts, %lu pinned)",
		       r->name, r->ms[0].attempts + r->ms[1].attempts +
		       r->ms[2].attempts, viol);
		result(!bad_code, skip,
		       "%s: every refusal was -EFAULT (slow, fast) or -EAGAIN (fast-only) (%lu other)",
		       r->name, bad_code);
		result(chances >= MIN_QUIET_CHANCES, skip,
		       "%s: GUP-fast was tried on freshly written pages with nothing disturbing (%lu times, want >= %d)",
		       r->name, chances, MIN_QUIET_CHANCES);
	} else {
		bool all = true;

		for (m = 0; m < NR_METHODS; m++)
			all = all && r->ms[m].taken > 0;
		result(all, skip,
		       "%s: pinned by every method (slow %lu, fast %lu, fast-only %lu)",
		       r->name, r->ms[M_SLOW].taken, r->ms[M_FAST].taken,
		       r->ms[M_FAST_ONLY].taken);
		result(!bad_sf && !fo_bad_other, skip,
		       "%s: pins failed only while disturbed, with an accepted code (%lu unexplained)",
		       r->name, bad_sf + fo_bad_other);
		result(!fo_quiet_fail, skip,
		       "%s: fast-only failed only while the region or the process was disturbed (%lu of %lu quiet attempts failed)",
		       r->name, fo_quiet_fail, r->ms[M_FAST_ONLY].quiet);
		result(!r->read_bad && !r->read_err && r->read_checked > 0, skip,
		       "%s: pinned pages hold what was written through the mapping (%lu checked, %lu stale, %lu READ errors)",
		       r->name, r->read_checked, r->read_bad, r->read_err);
	}
	if (skip)
		return;
	say("# %s: taken %lu, refused %lu, failed %lu (%s)", r->name, taken,
	    refused, failed, reasons[0] ? reasons : "none");
	say("#   per method attempts/taken/refused/failed: %s", per);
	say("#   disturbed %lu%% of the time: %s; MADV_COLLAPSE succeeded %lu times; PMD/hugetlb-mapped in %lu of %lu samples",
	    (unsigned long)(r->disturbed_ns / 10000 / (run_ms ? run_ms : 1)),
	    dists[0] ? dists : "never", r->collapsed, r->pmd_samples,
	    r->samples);
}

/* ------------------------------------------------------------------ */

/* Does this gup_test have PIN_LONGTERM_TEST_*, and does GUP-fast pin? */
static void probe_gup_test(void)
{
	char *page;
	int fd, err;

	fd = open(GUP_TEST_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		say("Bail out! cannot open %s: %s (CONFIG_GUP_TEST, debugfs mounted, root?)",
		    GUP_TEST_PATH, strerror(errno));
		exit(2);
	}
	if (ioctl(fd, PIN_LONGTERM_TEST_STOP)) {
		say("Bail out! %s has no PIN_LONGTERM_TEST_STOP (%s): kernel without the long-term pin test ioctls",
		    GUP_TEST_PATH, strerror(errno));
		exit(2);
	}
	page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED) {
		say("Bail out! mmap: %s", strerror(errno));
		exit(2);
	}
	page[0] = 1;
	/* Written anonymous memory, nothing disturbing: GUP-fast must pin it. */
	err = pin_start(fd, M_FAST_ONLY, (uintptr_t)page, PAGE);
	if (err) {
		say("Bail out! a fast-only pin of a written anonymous page failed (%s): no GUP-fast?",
		    strerror(err));
		exit(2);
	}
	close(fd);
	munmap(page, PAGE);
}

static void start_thread(pthread_t *th, void *(*fn)(void *), void *arg)
{
	int e = pthread_create(th, NULL, fn, arg);

	if (e) {
		say("Bail out! pthread_create: %s", strerror(e));
		exit(2);
	}
}

static void usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [-d SECONDS] [-s SEED] [-p PINNERS] [-D DISTURBERS] [-k] [-I] [-H] [DIR...]\n"
		"  -d  duration in seconds (default 30)\n"
		"  -s  seed, to replay a run (default: from the clock)\n"
		"  -p  pinning threads per memory kind (default 1, at most %d)\n"
		"  -D  disturbing threads (default 4)\n"
		"  -k  keep the files made in DIRs (default: unlink them at the end)\n"
		"  -I  self-test of the checker: expect the opposite verdict for\n"
		"      MAP_SHARED files in DIRs, so each of their tests must fail\n"
		"  -H  also munmap/mprotect parts of hugetlb mappings (splits the\n"
		"      VMA: 6.1.192's hugetlb_split() lockdep warning, see source)\n"
		"  DIR directories whose file system is tested with MAP_SHARED and\n"
		"      MAP_PRIVATE files\n", prog, MAX_PINNERS);
	exit(2);
}

/* Has every refused region been tried by GUP-fast on quiet pages? */
static bool quiet_chances_met(struct region *regions, int nregions)
{
	int i;

	for (i = 0; i < nregions; i++)
		if (!regions[i].skip && !regions[i].allowed &&
		    quiet_chances(&regions[i]) < MIN_QUIET_CHANCES)
			return false;
	return true;
}

int main(int argc, char **argv)
{
	unsigned long duration = 30, npin = 1;
	struct disturber dts[32];
	pthread_t global_th, sampler_th;
	uint64_t global_rng;
	struct sigaction sa;
	char *end;
	int opt, i, k, plan = 0;
	bool seeded = false;

	/* The compaction child (see compact_for_a_while()). */
	if (argc == 2 && !strcmp(argv[1], "-C"))
		return write_str("/proc/sys/vm/compact_memory", "1") ? 1 : 0;

	while ((opt = getopt(argc, argv, "d:s:p:D:kIHh")) != -1) {
		switch (opt) {
		case 'd':
			duration = strtoul(optarg, &end, 0);
			if (*end || !duration)
				usage(argv[0]);
			break;
		case 's':
			seed = strtoull(optarg, &end, 0);
			if (*end)
				usage(argv[0]);
			seeded = true;
			break;
		case 'p':
			npin = strtoul(optarg, &end, 0);
			if (*end || !npin || npin > MAX_PINNERS)
				usage(argv[0]);
			break;
		case 'D':
			ndist = strtoul(optarg, &end, 0);
			if (*end || ndist > 32)
				usage(argv[0]);
			break;
		case 'k':
			keep_files = true;
			break;
		case 'I':
			invert = true;
			break;
		case 'H':
			split_hugetlb = true;
			break;
		default:
			usage(argv[0]);
		}
	}
	run_len_ms = duration * 1000;
	if (!seeded)
		seed = splitmix64(now_ns() ^ ((uint64_t)getpid() << 32)) % 1000000000;
	say("# seed %" PRIu64, seed);
	say("TAP version 13");
	t_start = now_ns();

	probe_gup_test();

	for (i = optind; i < argc; i++)
		add_file_regions(argv[i]);
	add_region(RK_MEMFD, "memfd");
	add_region(RK_MEMFD_HUGETLB, "memfd hugetlb");
	add_region(RK_ANON_PRIVATE, "anon private");
	add_region(RK_ANON_THP, "anon private THP");
	add_region(RK_ANON_SHARED, "anon shared");
	if (place_regions()) {
		say("Bail out! cannot reserve address space: %s", strerror(errno));
		return 2;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);

	for (i = 0; i < nregions; i++) {
		setup_region(&regions[i]);
		plan += tests_per_region(&regions[i]);
	}
	plan += 1;	/* the disturbers did what they said */
	say("1..%d", plan);

	/* Which memory starts out PMD-mapped (the sampler's first sample). */
	sample_smaps();
	for (i = 0; i < nregions; i++) {
		struct region *r = &regions[i];

		if (r->skip || r->broken)
			say("# %s: not tested: %s", r->name, r->skip_reason);
		else if (r->pmd_samples)
			say("# %s: PMD-mapped at the start", r->name);
	}

	for (i = 0; i < nregions; i++) {
		struct region *r = &regions[i];
		size_t slice = r->size / npin;

		if (r->skip || r->broken)
			continue;
		/* Slices of whole huge pages where the memory has them. */
		slice &= ~((r->unit > PAGE || r->thp_len ? HUGE : PAGE) - 1);
		if (!slice)
			slice = r->size;
		for (k = 0; k < (int)npin && (k + 1) * slice <= r->size; k++) {
			struct pinner *p = &pinners[npinners];

			p->r = r;
			p->id = npinners++;
			p->soff = k * slice;
			p->slen = slice;
			p->rng = splitmix64(seed ^ (0x100 + p->id));
			p->buf = malloc(slice);
			if (!p->buf) {
				say("Bail out! out of memory");
				return 2;
			}
		}
	}
	say("# %d memory kinds, %d pinning threads, %lu disturbing threads, %lu s, %d methods%s",
	    nregions, npinners, ndist, duration, NR_METHODS,
	    invert ? "; -I: expectations for shared files inverted, their tests must fail" : "");

	for (i = 0; i < npinners; i++)
		start_thread(&pinners[i].th, pinner_main, &pinners[i]);
	for (i = 0; i < (int)ndist; i++) {
		dts[i].rng = splitmix64(seed ^ (0x200 + i));
		start_thread(&dts[i].th, disturber_main, &dts[i]);
	}
	global_rng = splitmix64(seed ^ 0x300);
	start_thread(&global_th, global_main, &global_rng);
	start_thread(&sampler_th, sampler_main, NULL);

	/*
	 * Run for the duration; then, while a refused region still lacks its
	 * quiet GUP-fast chances, top up for at most three times as long with
	 * the disturbers and forks resting, so that every attempt can count.
	 * A slow region can starve otherwise: btrfs shared under KASAN in TCG
	 * got 8 quiet chances in 433 attempts over 180 s of disturbances.
	 */
	while (!stopping() &&
	       (now_ns() - t_start < duration * 1000000000ULL ||
		(now_ns() - t_start < 4 * duration * 1000000000ULL &&
		 !quiet_chances_met(regions, nregions)))) {
		unsigned long att = 0, tk = 0, v = 0;

		if (now_ns() - t_start >= duration * 1000000000ULL &&
		    !resting()) {
			__atomic_store_n(&topping_up, 1, __ATOMIC_RELAXED);
			topup_ms = ms_now();
			say("# t=%lus: a refused region lacks quiet GUP-fast chances: disturbers rest",
			    topup_ms / 1000);
		}
		sleep_us(1000000);
		for (i = 0; i < nregions; i++)
			for (k = 0; k < NR_METHODS; k++) {
				att += regions[i].ms[k].attempts;
				tk += regions[i].ms[k].taken;
				v += regions[i].ms[k].violations;
			}
		if (ms_now() / 1000 % 10 == 0)
			say("# t=%lus: %lu attempts, %lu pinned, %lu violations",
			    ms_now() / 1000, att, tk, v);
	}
	__atomic_store_n(&stop_flag, 1, __ATOMIC_RELAXED);
	for (i = 0; i < npinners; i++)
		pthread_join(pinners[i].th, NULL);
	for (i = 0; i < (int)ndist; i++)
		pthread_join(dts[i].th, NULL);
	pthread_join(global_th, NULL);
	pthread_join(sampler_th, NULL);

	if (infra_error[0]) {
		say("Bail out! %s", infra_error);
		return 2;
	}
	run_ms = ms_now();
	say("# ran %lu ms; fork %lu (%lu ms), compact_memory %lu (%lu ms, at most %d), sync+drop_caches %lu (%lu ms)",
	    run_ms, nr_fork, (unsigned long)(global_ns[0] / 1000000),
	    nr_compact, (unsigned long)(global_ns[1] / 1000000), COMPACT_MS,
	    nr_drop, (unsigned long)(global_ns[2] / 1000000));
	if (topup_ms)
		say("# disturbers rested from %lu ms (quiet chances top-up)",
		    topup_ms);
	for (i = 0; i < nregions; i++)
		report_region(&regions[i]);

	{
		unsigned long derr = 0, dtot = 0;
		int d;

		for (i = 0; i < nregions; i++)
			for (d = 0; d < NR_DIST; d++) {
				derr += regions[i].dist_err[d];
				dtot += regions[i].dist[d];
			}
		result(!derr && !global_err && dtot > 0,
		       ndist ? NULL : "no disturbing threads (-D 0)",
		       "disturbers: %lu disturbances, %lu failed system calls, %lu failed fork/compact/drop",
		       dtot, derr, global_err);
	}

	for (i = 0; i < nregions; i++) {
		struct region *r = &regions[i];

		if (r->fd >= 0)
			close(r->fd);
		if (r->path[0] && !keep_files)
			unlink(r->path);
	}
	say("# %d of %d tests failed (seed %" PRIu64 ")", test_failed, test_nr, seed);
	return test_failed ? 1 : 0;
}
