// SPDX-License-Identifier: GPL-2.0
/*
 * reg_mr MEMORY [DEVICE]: ibv_reg_mr() of a 2 MiB buffer on an RDMA
 * device (default: the first one), with local and remote write access,
 * as an RDMA application registers its buffers. In the kernel that is
 * ib_umem_get(): pin_user_pages_fast(FOLL_LONGTERM | FOLL_WRITE).
 *
 * Used only for the memory perftest cannot allocate: its --mmap=FILE maps
 * MAP_SHARED, so a MAP_PRIVATE file mapping needs a program of ours.
 * MEMORY is as in membuf.h. Prints one line, "accepted: ..." (exit 0),
 * "refused: ..." (exit 1, ibv_reg_mr failed) or "error: ..." (exit 2).
 */
#include "membuf.h"
#include <infiniband/verbs.h>

#define SIZE	(2UL << 20)

int main(int argc, char **argv)
{
	struct ibv_device **list, *dev = NULL;
	struct ibv_context *ctx;
	struct ibv_pd *pd;
	struct ibv_mr *mr;
	void *buf;
	int i, n;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s MEMORY [DEVICE]\n", argv[0]);
		return EXIT_SETUP;
	}
	list = ibv_get_device_list(&n);
	if (!list)
		membuf_die("ibv_get_device_list");
	for (i = 0; i < n && !dev; i++)
		if (argc < 3 || !strcmp(ibv_get_device_name(list[i]), argv[2]))
			dev = list[i];
	if (!dev) {
		errno = ENODEV;
		membuf_die("no RDMA device %s", argc < 3 ? "at all" : argv[2]);
	}
	ctx = ibv_open_device(dev);
	if (!ctx)
		membuf_die("ibv_open_device %s", ibv_get_device_name(dev));
	pd = ibv_alloc_pd(ctx);
	if (!pd)
		membuf_die("ibv_alloc_pd");
	buf = membuf_map(argv[1], SIZE);

	mr = ibv_reg_mr(pd, buf, SIZE, IBV_ACCESS_LOCAL_WRITE |
			IBV_ACCESS_REMOTE_WRITE | IBV_ACCESS_REMOTE_READ);
	if (!mr) {
		int err = errno;

		printf("refused: ibv_reg_mr: %s (%s)\n", strerror(err), errname(err));
		return EXIT_REFUSED;
	}
	printf("accepted: ibv_reg_mr of %lu KiB on %s, lkey 0x%x\n",
	       SIZE >> 10, ibv_get_device_name(dev), mr->lkey);
	ibv_dereg_mr(mr);
	ibv_dealloc_pd(pd);
	ibv_close_device(ctx);
	ibv_free_device_list(list);
	return EXIT_ACCEPTED;
}
