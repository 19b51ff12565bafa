#!/bin/bash
# guest-bench.sh GUPBENCH SCALE CASE...: runs in the guest (see bench/run.sh).
# Runs the cases with the gupbench binary and writes its "CASE TOTAL_US
# CALLS NOTE" lines to $RESULTS/bench.txt, and what the guest looked like
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
