#!/bin/bash
# tests/guest/bench.sh GUPBENCH SCALE CASE...: the benchmark's guest side (bench/run.sh;
# the guest part tests/guest/parts/bench.sh calls it).
# Runs the cases with the gupbench binary and writes its "CASE TOTAL_US
# CALLS NOTE ALL_CALLS" lines to $RESULTS/bench.txt; with BENCH_GUP_TEST
# set (a gup_test binary), gup_test's own benchmark lines to
# $RESULTS/gup_test.txt; and what the guest looked like
# (kernel, CPUs, clock source, THP settings, guest nanoseconds per
# instruction of a plain loop) to $RESULTS/guest-info.txt.
set -eu -o pipefail
gupbench=$1 scale=$2
shift 2

# No periodic writeback: it would clean the ext4 pages under the benchmark
# and write-protect their entries, sending GUP-fast with FOLL_WRITE (and
# the futex key lookup) to the slow path at moments that differ between
# boots. The files are far below the dirty limits, so nothing else
# writes them back.
echo 0 >/proc/sys/vm/dirty_writeback_centisecs
echo 360000 >/proc/sys/vm/dirty_expire_centisecs

{
	echo "kernel: $(uname -r) $(cat /proc/sys/kernel/version)"
	echo "cpus: $(nproc)"
	echo "clocksource: $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
	echo "thp: $(cat /sys/kernel/mm/transparent_hugepage/enabled)"
	echo "hugepages: $(cat /proc/sys/vm/nr_hugepages)"
	echo "ns-per-insn: $("$gupbench" -c)"
} >"$RESULTS/guest-info.txt"
cat "$RESULTS/guest-info.txt"

"$gupbench" -s "$scale" "$@" | tee "$RESULTS/bench.txt"

# gup_test's own benchmark (tools/testing/selftests/vm/gup_test), the
# figures maintainers know, with the flags of the rows above: one line a
# command, "ARGS|GET_US|PUT_US" summed over its -r repeats. Skipped for the
# cache simulation's boots (BENCH_GUP_TEST empty).
gup_test=${BENCH_GUP_TEST:-}
[ -n "$gup_test" ] || exit 0
mkdir -p /mnt/gt-thp
mount -t tmpfs -o huge=always,size=128m gt-thp /mnt/gt-thp
for f in /mnt/gt-thp/f /mnt/xfs/gt /mnt/ext4/gt; do truncate -s 64M "$f"; done
: >"$RESULTS/gup_test.txt"
while read -r args; do
	[ -n "$args" ] || continue
	# shellcheck disable=SC2086
	"$gup_test" $args >/tmp/gt.out 2>&1 ||
		{ echo "gup_test $args failed: $(tail -n 1 /tmp/gt.out)" >&2; exit 1; }
	if grep -q 'truncated' /tmp/gt.out; then
		echo "gup_test $args: GUP did not cover the buffer: $(grep -m1 truncated /tmp/gt.out)" >&2
		exit 1
	fi
	awk -v a="$args" '/Time: get:/ {
		split($0, x, "get:"); split(x[2], g, " "); split($0, y, "put:"); split(y[2], p, " ")
		gs += g[1]; ps += p[1]; n++
	} END { if (!n) exit 1; printf "%s|%d|%d\n", a, gs, ps }' /tmp/gt.out >>"$RESULTS/gup_test.txt" ||
		{ echo "gup_test $args printed no timing" >&2; exit 1; }
done <<'EOA'
-u -n 1 -m 64 -r 4 -T
-a -n 1 -m 64 -r 4 -T
-u -F 0x80000 -n 1 -m 64 -r 4 -T
-u -n 1 -m 64 -r 4 -t
-a -n 1 -m 64 -r 4 -t
-u -F 0x80000 -n 1 -m 64 -r 4 -t
-u -n 512 -m 256 -r 4 -t
-u -n 1 -m 64 -r 4 -H
-a -n 1 -m 64 -r 4 -H
-u -n 1 -m 64 -r 4 -S -t -f /mnt/gt-thp/f
-a -F 0x10000 -n 1 -m 64 -r 4 -S -t -f /mnt/gt-thp/f
-u -n 1 -m 64 -r 4 -S -t -f /mnt/xfs/gt
-u -n 1 -m 64 -r 4 -S -f /mnt/ext4/gt
-a -F 0x10000 -n 1 -m 64 -r 4 -T
-a -F 0x10000 -n 1 -m 64 -r 4 -t
EOA
cat "$RESULTS/gup_test.txt"
