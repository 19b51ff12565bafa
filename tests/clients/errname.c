// SPDX-License-Identifier: GPL-2.0
/*
 * errname N: print the name of errno value N (EFAULT, EOPNOTSUPP, ...),
 * for the scripts that read a program's numeric errno (fio's "err=14").
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	const char *name;

	if (argc != 2) {
		fprintf(stderr, "usage: %s ERRNO\n", argv[0]);
		return 2;
	}
	name = strerrorname_np(atoi(argv[1]));
	printf("%s\n", name ? name : "?");
	return name ? 0 : 1;
}
