// SPDX-License-Identifier: GPL-2.0
/*
 * gup_bench_pin slow|fast MEMORY: one long-term write pin of a 2 MiB
 * buffer through mm/gup_test's benchmark ioctls, which both the base and
 * the patched 6.1 kernels have (/sys/kernel/debug/gup_test):
 *
 *   slow  PIN_LONGTERM_BENCHMARK, gup_flags FOLL_WRITE:
 *         pin_user_pages(FOLL_LONGTERM | FOLL_WRITE)
 *   fast  PIN_FAST_BENCHMARK, gup_flags FOLL_LONGTERM | FOLL_WRITE:
 *         pin_user_pages_fast(FOLL_LONGTERM | FOLL_WRITE)
 *
 * MEMORY is as in membuf.h. One page per call, so that the size the
 * ioctl hands back is exactly what was pinned. The benchmark ioctls
 * return 0 whatever GUP said and report only how far they got: a refusal
 * shows as fewer pages than asked for, without an errno.
 *
 * Prints one line, "accepted: ..." (exit 0), "refused: ..." (exit 1) or
 * "error: ..." (exit 2).
 */
#include "membuf.h"
#include <sys/ioctl.h>
#include "gup_test.h"		/* the kernel tree's mm/gup_test.h */

#define GUP_TEST	"/sys/kernel/debug/gup_test"
#define SIZE		(2UL << 20)

/* include/linux/mm.h of 6.1: the raw gup_flags the benchmarks take */
#define GUP_FOLL_WRITE		0x01
#define GUP_FOLL_LONGTERM	0x10000

int main(int argc, char **argv)
{
	struct gup_test gup = { 0 };
	unsigned long cmd, pages = SIZE / getpagesize();
	const char *call;
	int fd;

	if (argc != 3 || (strcmp(argv[1], "slow") && strcmp(argv[1], "fast"))) {
		fprintf(stderr, "usage: %s slow|fast MEMORY\n", argv[0]);
		return EXIT_SETUP;
	}
	if (!strcmp(argv[1], "slow")) {
		cmd = PIN_LONGTERM_BENCHMARK;
		call = "PIN_LONGTERM_BENCHMARK";
		gup.gup_flags = GUP_FOLL_WRITE;
	} else {
		cmd = PIN_FAST_BENCHMARK;
		call = "PIN_FAST_BENCHMARK";
		gup.gup_flags = GUP_FOLL_LONGTERM | GUP_FOLL_WRITE;
	}
	fd = open(GUP_TEST, O_RDWR);
	if (fd < 0)
		membuf_die("open " GUP_TEST " (CONFIG_GUP_TEST, debugfs)");
	gup.addr = (unsigned long)membuf_map(argv[2], SIZE);
	gup.size = SIZE;
	gup.nr_pages_per_call = 1;

	if (ioctl(fd, cmd, &gup)) {
		int err = errno;

		printf("refused: %s: %s (%s)\n", call, strerror(err), errname(err));
		return EXIT_REFUSED;
	}
	if (gup.size == SIZE) {
		printf("accepted: %s pinned %lu of %lu pages\n", call, pages, pages);
		return EXIT_ACCEPTED;
	}
	printf("refused: %s pinned %llu of %lu pages (the benchmark reports no errno)\n",
	       call, (unsigned long long)gup.size / getpagesize(), pages);
	return EXIT_REFUSED;
}
