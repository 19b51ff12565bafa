// SPDX-License-Identifier: GPL-2.0
/*
 * xsk_umem MEMORY IFNAME: register a 2 MiB buffer as an AF_XDP umem with
 * libxdp's xsk helpers, then bind an AF_XDP socket on it to queue 0 of
 * IFNAME (a veth) in copy mode.
 *
 * xsk_umem__create() is the XDP_UMEM_REG setsockopt, which pins the
 * buffer with pin_user_pages(FOLL_LONGTERM | FOLL_WRITE) (net/xdp/
 * xdp_umem.c). No packaged tool (xdp-tools) takes a caller's buffer, so
 * this is the smallest program that lets a file-backed one be tried.
 * The socket is bound without an XDP program (INHIBIT_PROG_LOAD): the
 * bind shows the umem is usable on a device, traffic is not the point.
 *
 * MEMORY is as in membuf.h. Prints one line, "accepted: ..." (exit 0),
 * "refused: ..." (exit 1, XDP_UMEM_REG failed) or "error: ..." (exit 2,
 * anything else failed).
 */
#include "membuf.h"
#include <linux/if_xdp.h>
#include <xdp/xsk.h>

#define SIZE	(2UL << 20)

int main(int argc, char **argv)
{
	struct xsk_socket_config cfg = {
		.rx_size = XSK_RING_CONS__DEFAULT_NUM_DESCS,
		.tx_size = XSK_RING_PROD__DEFAULT_NUM_DESCS,
		.libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
		.bind_flags = XDP_COPY,
	};
	struct xsk_ring_prod fill, tx;
	struct xsk_ring_cons comp, rx;
	struct xsk_socket *xsk;
	struct xsk_umem *umem;
	void *buf;
	int ret;

	if (argc != 3) {
		fprintf(stderr, "usage: %s MEMORY IFNAME\n", argv[0]);
		return EXIT_SETUP;
	}
	buf = membuf_map(argv[1], SIZE);

	/* libxdp returns -errno */
	ret = xsk_umem__create(&umem, buf, SIZE, &fill, &comp, NULL);
	if (ret) {
		printf("refused: xsk_umem__create (XDP_UMEM_REG): %s (%s)\n",
		       strerror(-ret), errname(-ret));
		return EXIT_REFUSED;
	}
	ret = xsk_socket__create(&xsk, argv[2], 0, umem, &rx, &tx, &cfg);
	if (ret) {
		printf("error: umem registered, but xsk_socket__create on %s queue 0: %s (%s)\n",
		       argv[2], strerror(-ret), errname(-ret));
		return EXIT_SETUP;
	}
	printf("accepted: XDP_UMEM_REG of %lu KiB, socket bound to %s queue 0 (copy mode)\n",
	       SIZE >> 10, argv[2]);
	xsk_socket__delete(xsk);
	xsk_umem__delete(umem);
	return EXIT_ACCEPTED;
}
