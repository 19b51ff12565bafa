#!/bin/bash
# job.sh: what a guest runs (inside tests/guest/init.sh), as the manifest
# $RESULTS/manifest says (scripts/guest-tests.sh writes it): the parts,
# what the kernel must do (expect: base or patched), where the tests are,
# the durations. Writes TAP files and logs into $RESULTS; every part runs
# even when an earlier one failed, unless stop_at_failure=1 (make mutants:
# the first failing part, or a splat in the kernel log, has killed the
# mutant, and the later parts would only spend guest time); the exit
# status is 1 if any part failed to run.
#
# Each part is a file of tests/guest/parts/, NAME.sh, whose header says
# what it checks and how long it may take ("# time:", seconds, an
# arithmetic expression of the manifest's variables); job.sh sources it
# in a function, with the manifest's variables and these: R (the results
# directory), T (the tests built for every kernel), KT (those built for
# this kernel), fail_tap FILE REASON (a TAP file for a part that could
# not run), the TAP helper (scripts/tap.sh) and GUP_LONGTERM_DIRS (the
# directories the matrix pins files in). Adding a part is adding a file.
R=$RESULTS
[ -r "$R/manifest" ] || { echo "job.sh: no $R/manifest (scripts/guest-tests.sh writes it)"; exit 2; }
. "$R/manifest"
T=$tests
KT=$kernel_tests
status=0
. "$HARNESS_TOP/scripts/tap.sh"

echo "== $variant kernel $(uname -r), expected to behave as $expect, $(grep -c processor /proc/cpuinfo) CPUs," \
	"$(awk '/HugePages_Free/ {print $2}' /proc/meminfo) free huge pages"

# The file systems the tests pin files on, besides the disks init.sh
# mounted: ramfs (refused although it never writes back) and tmpfs with
# huge=always (PMD-mapped shmem THP).
mkdir -p /mnt/ramfs /mnt/thp
mount -t ramfs ramfs /mnt/ramfs || status=1
mount -t tmpfs -o huge=always,size=256m tmpfs /mnt/thp || status=1
# run_vmtests.sh adds its working directory (tmpfs here) and its own
# hugetlbfs mount to these.
export GUP_LONGTERM_DIRS="/mnt/ext4 /mnt/xfs /mnt/btrfs /mnt/ramfs /mnt/thp"
# fsdax, where init.sh mounted it (guest-run.sh's NVDIMMs).
for d in /mnt/ext4-dax /mnt/xfs-dax; do
	mountpoint -q "$d" && GUP_LONGTERM_DIRS="$GUP_LONGTERM_DIRS $d"
done
# With a 1 GiB huge page reserved (hugepagesz=1G hugepages=1, as
# `make mutants` boots), hugetlb is also pinned through GUP-fast's PUD leaf.
if [ "$(cat /sys/kernel/mm/hugepages/hugepages-1048576kB/free_hugepages 2>/dev/null)" -ge 1 ] 2>/dev/null; then
	mkdir -p /mnt/huge1g && mount -t hugetlbfs -o pagesize=1G hugetlbfs /mnt/huge1g &&
		GUP_LONGTERM_DIRS="$GUP_LONGTERM_DIRS /mnt/huge1g"
fi

fail_tap() {	# fail_tap FILE REASON: a TAP file that records a part that could not run
	tap_only 1 "$2" >"$1"
	status=1
}

parts_dir=$HARNESS_TOP/tests/guest/parts
run_part() {	# run_part FILE: in a function, so that its return and local are its own
	. "$1"
}

failed_yet() {	# a part's TAP holds a failure, or the kernel log a splat
	# (kunit.tap is dmesg: its lines start with a timestamp)
	grep -qsE '^(\[ *[0-9.]+\] )?[[:space:]]*(not ok|Bail out!)' "$R"/*.tap && return 0
	dmesg >/tmp/job-dmesg.txt 2>/dev/null
	! sh "$HARNESS_TOP/scripts/splat-check.sh" /tmp/job-dmesg.txt >/dev/null
}

for part in $parts; do
	f=$parts_dir/$part.sh
	if [ ! -f "$f" ]; then
		echo "job.sh: unknown part $part (no $f)"
		status=1
		continue
	fi
	limit=$(( $(sed -n 's/^# time: //p' "$f") ))
	t0=$SECONDS
	run_part "$f"
	took=$((SECONDS - t0))
	[ "$took" -le "$limit" ] ||
		echo "   part $part took $took s, more than the $limit s its header allows"
	# A part that leaves a disk unmounted would let the later ones pin
	# files on the tmpfs under its mount point, and pass for that reason.
	for fs in ext4 xfs btrfs; do
		mountpoint -q "/mnt/$fs" && continue
		echo "   part $part left /mnt/$fs unmounted: the parts after it would test tmpfs"
		status=1
	done
	if [ "$stop_at_failure" = 1 ] && failed_yet; then
		echo "== stopped after part $part: a failure (stop_at_failure=1)"
		break
	fi
done
exit $status
