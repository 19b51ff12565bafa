#!/bin/bash
# guest-bench.sh VARIANT: runs in the guest (see bench/run.sh). Long-term
# write pins through pin_user_pages_fast() with gup_test's
# PIN_FAST_BENCHMARK, FOLL_LONGTERM|FOLL_WRITE, 64 MiB, REPS repetitions;
# prints "CASE MEDIAN_US" lines (the median "get" time) into $RESULTS/bench.txt.
variant=$1
gt=$HARNESS_TOP/build/k/patched/tests/kselftest/kselftest/vm/gup_test
reps=${REPS:-15}
longterm=0x10000	# FOLL_LONGTERM in 6.1; -w adds FOLL_WRITE

run() {	# run NAME gup_test-options...
	local name=$1; shift
	"$gt" -a -F $longterm -w -m 64 -r "$reps" "$@" 2>&1 |
		awk -v n="$name" '/get:/ { sub(/.*get:/, ""); t[++c] = $1 + 0 }
		END {
			if (!c) { print n, "FAILED"; exit }
			for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++)
				if (t[j] < t[i]) { x = t[i]; t[i] = t[j]; t[j] = x }
			print n, (c % 2) ? t[(c + 1) / 2] : (t[c / 2] + t[c / 2 + 1]) / 2
		}'
}
{
	run anon-1 -n 1 -T
	run anon-512 -n 512 -T
	run anon-thp-512 -n 512 -t
	run shmem-1 -n 1 -S
	run shmem-512 -n 512 -S
	run hugetlb-1 -n 1 -H
	run hugetlb-512 -n 512 -H
} | tee "$RESULTS/bench.txt"
