// SPDX-License-Identifier: GPL-2.0
/*
 * memfd_exec SIZE FD COMMAND [ARG...]: run COMMAND with a fresh memfd of
 * SIZE bytes open at descriptor FD, so that an unmodified program that
 * maps a file by name can be given a memfd as /proc/self/fd/FD (opening
 * that path reopens the memfd's own shmem inode).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long long size;
	int fd, want;

	if (argc < 4) {
		fprintf(stderr, "usage: %s SIZE FD COMMAND [ARG...]\n", argv[0]);
		return 2;
	}
	size = atoll(argv[1]);
	want = atoi(argv[2]);
	fd = memfd_create("clients-memfd", 0);
	if (fd < 0 || ftruncate(fd, size)) {
		perror("memfd_exec: memfd_create/ftruncate");
		return 2;
	}
	if (fd != want) {
		if (dup2(fd, want) < 0) {
			perror("memfd_exec: dup2");
			return 2;
		}
		close(fd);
	}
	execvp(argv[3], argv + 3);
	perror(argv[3]);
	return 127;
}
