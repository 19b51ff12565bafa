#!/bin/bash
# job.sh VARIANT PART...: what a guest runs (inside scripts/guest-init.sh).
# Writes TAP files and logs into $RESULTS; every part runs even when an
# earlier one failed, unless JOB_STOP_AT_FAILURE=1 (make mutants: the first
# failing part, or a splat in the kernel log, has killed the mutant, and the
# later parts would only spend guest time); the exit status is 1 if any part
# failed to run.
#
# Parts:
#   kunit    the KTAP of the series' KUnit suite, built in and run at boot
#            (kunit.enable=1): missing output is a failure
#   vm       the vm selftests through the kernel's runner
#            (run_kselftest.sh -c vm), with the series' matrix test run by
#            run_vmtests.sh on the directories in GUP_LONGTERM_DIRS;
#            matrix.tap is the matrix's own TAP, vm-tests.txt one line per
#            vm test ("RESULT<TAB>test command")
#   matrix   the matrix test alone, on the same directories (debug guest)
#   hazard   the stand-in driver (tests/pin-hazard): what a long-term write
#            pin of a MAP_SHARED file does to the data, per file system
#   clients  real programs that take long-term pins (tests/clients), and
#            the hazard (so "clients" and "hazard" do not go together)
#   stress   the race stress of the GUP-fast check (tests/stress)
#   leak     every pin acquired was released (/proc/vmstat)
variant=$1
shift
B=${HARNESS_BUILD:-$HARNESS_TOP/build}
T=$B/tests
KT=$B/k/$variant/tests
R=$RESULTS
status=0
. "$HARNESS_TOP/scripts/tap.sh"

echo "== $variant kernel $(uname -r), $(grep -c processor /proc/cpuinfo) CPUs," \
	"$(awk '/HugePages_Free/ {print $2}' /proc/meminfo) free huge pages"

# The file systems the tests pin files on, besides the disks guest-init.sh
# mounted: ramfs (refused although it never writes back) and tmpfs with
# huge=always (PMD-mapped shmem THP).
mkdir -p /mnt/ramfs /mnt/thp
mount -t ramfs ramfs /mnt/ramfs || status=1
mount -t tmpfs -o huge=always,size=256m tmpfs /mnt/thp || status=1
# run_vmtests.sh adds its working directory (tmpfs here) and its own
# hugetlbfs mount to these.
export GUP_LONGTERM_DIRS="/mnt/ext4 /mnt/xfs /mnt/btrfs /mnt/ramfs /mnt/thp"
# fsdax, where guest-init.sh mounted it (guest-run.sh's NVDIMMs).
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
	(TAP_N=0; tap_header; tap_plan 1; tap_not_ok "$2") >"$1"
	status=1
}

part_kunit() {
	echo "== KUnit (built in, ran at boot)"
	if dmesg | grep -q 'KTAP version\|TAP version'; then
		dmesg | sed -n '/KTAP version\|TAP version/,$p' >"$R/kunit.tap"
		grep -c 'not ok' "$R/kunit.tap" | sed 's/^/   not ok lines: /'
	else
		fail_tap "$R/kunit.tap" "KUnit output missing from dmesg (kunit.enable=1? CONFIG_GUP_LONGTERM_KUNIT_TEST?)"
	fi
}

part_vm() {
	echo "== vm selftests through run_kselftest.sh -c vm"
	rm -rf /tmp/ks && cp -a "$T/kselftest/install" /tmp/ks || { fail_tap "$R/matrix.tap" "no kselftest install"; return; }
	# 6.1's vm/settings gives the runner 45 s for all of run_vmtests.sh,
	# which a TCG guest does not always meet (test farms raise it too):
	# raise it in this copy, and fail loudly if the runner still stops it.
	echo "timeout=${VM_SELFTESTS_TIMEOUT:-1200}" >/tmp/ks/vm/settings
	(cd /tmp/ks && ./run_kselftest.sh -c vm) >"$R/vm-runner.log" 2>&1
	if grep -q '^not ok .*# TIMEOUT' "$R/vm-runner.log"; then
		fail_tap "$R/vm-timeout.tap" "the kselftest runner timed out: $(grep '# TIMEOUT' "$R/vm-runner.log" | head -n 1)"
	fi
	sh "$HARNESS_TOP/tests/guest/runner-results.sh" "$R/vm-runner.log" "$R" ||
		fail_tap "$R/matrix.tap" "gup_longterm_matrix did not run under run_vmtests.sh"
	echo "   $(grep -c '^PASS' "$R/vm-tests.txt") passed, $(grep -c '^FAIL' "$R/vm-tests.txt") failed," \
		"$(grep -c '^SKIP' "$R/vm-tests.txt") skipped; matrix: $(grep -c '^ok' "$R/matrix.tap") ok," \
		"$(grep -c '^not ok' "$R/matrix.tap") not ok"
}

part_matrix() {
	echo "== accept/reject matrix"
	# shellcheck disable=SC2086
	(cd /tmp && timeout 600 "$T/kselftest/install/vm/gup_longterm_matrix" \
		$GUP_LONGTERM_DIRS /dev/shm /dev/hugepages) \
		>"$R/matrix.tap" 2>&1
	echo "   exit $? ($(grep -c '^ok' "$R/matrix.tap") ok, $(grep -c '^not ok' "$R/matrix.tap") not ok)"
}

part_hazard() {
	echo "== hazard demonstration"
	local kind=patched
	[ "$variant" = base ] && kind=base
	if ! insmod "$KT/pin-hazard/pin_hazard.ko"; then
		fail_tap "$R/hazard.tap" "pin_hazard.ko does not load"
		return
	fi
	"$KT/pin-hazard/hazard" -k "$kind" /mnt/ext4 /mnt/xfs /mnt/btrfs /dev/shm >"$R/hazard.tap" 2>&1
	rmmod pin_hazard
	grep '^ok\|^not ok' "$R/hazard.tap" | sed 's/^/   /'
	[ -s "$R/hazard.tap" ] || fail_tap "$R/hazard.tap" "the hazard program wrote no TAP"
}

part_clients() {
	echo "== real clients, and the hazard"
	CLIENTS_BIN="$T/clients" bash "$HARNESS_TOP/tests/clients/run.sh" "$variant" ||
		echo "   clients: some rows did not give their expected result"
	[ -s "$R/clients.tap" ] || fail_tap "$R/clients.tap" "tests/clients/run.sh wrote no TAP"
}

part_stress() {
	echo "== race stress (${STRESS_DURATION:-30} s)"
	GUP_STRESS="$T/gup-stress" bash "$HARNESS_TOP/tests/stress/run.sh" -d "${STRESS_DURATION:-30}" ||
		echo "   stress: failures (see stress.tap)"
	[ -s "$R/stress.tap" ] || fail_tap "$R/stress.tap" "the stress wrote no TAP"
	# stress.tap holds gup-stress's own results too: keep one copy.
	[ -f "$R/gup-stress.tap" ] && mv "$R/gup-stress.tap" "$R/gup-stress.log"
}

part_leak() {
	echo "== pin leak check"
	local settle=0 acq rel
	while :; do
		# Fold the per-CPU counter deltas in first, or the totals drift;
		# io_uring drops registered buffers asynchronously after close.
		echo 1 >/proc/sys/vm/stat_refresh 2>/dev/null
		acq=$(awk '$1 == "nr_foll_pin_acquired" {print $2}' /proc/vmstat)
		rel=$(awk '$1 == "nr_foll_pin_released" {print $2}' /proc/vmstat)
		[ "$acq" = "$rel" ] || [ $settle -ge 40 ] && break
		settle=$((settle + 1)); sleep 0.5
	done
	{
		TAP_N=0
		tap_header; tap_plan 1
		if [ "$acq" = "$rel" ]; then
			tap_ok "no pin leaked ($acq acquired, $rel released)"
		else
			tap_not_ok "pins leaked: $acq acquired, $rel released after $settle polls"
		fi
	} >"$R/leak.tap"
	tail -n 1 "$R/leak.tap" | sed 's/^/   /'
}

failed_yet() {	# a part's TAP holds a failure, or the kernel log a splat
	# (kunit.tap is dmesg: its lines start with a timestamp)
	grep -qsE '^(\[ *[0-9.]+\] )?[[:space:]]*(not ok|Bail out!)' "$R"/*.tap && return 0
	dmesg >/tmp/job-dmesg.txt 2>/dev/null
	! sh "$HARNESS_TOP/scripts/splat-check.sh" /tmp/job-dmesg.txt >/dev/null
}

for part; do
	case $part in
	kunit|vm|matrix|hazard|clients|stress|leak) "part_$part" ;;
	*) echo "job.sh: unknown part $part"; status=1 ;;
	esac
	if [ "${JOB_STOP_AT_FAILURE:-0}" = 1 ] && failed_yet; then
		echo "== stopped after part $part: a failure (JOB_STOP_AT_FAILURE=1)"
		break
	fi
done
exit $status
