#!/bin/bash
# job.sh VARIANT: what the guest runs for `make check` and `make demo`.
# Runs inside the guest (scripts/guest-init.sh), writes TAP files and
# logs into $RESULTS. Every part runs even when an earlier one failed.
variant=$1
T=$HARNESS_TOP/build/k/$variant/tests
# The selftests are those of the patched tree, whichever kernel runs them.
KS=$HARNESS_TOP/build/k/patched/tests/kselftest/kselftest/vm
R=$RESULTS
export PATH=$PATH:$KS

echo "== $variant kernel $(uname -r), $(grep -c processor /proc/cpuinfo) CPUs," \
	"$(awk '/HugePages_Free/ {print $2}' /proc/meminfo) free huge pages"

# A writable copy of the selftests: some write files into their cwd.
mkdir -p /tmp/vm && cp -a "$KS"/. /tmp/vm/ && cd /tmp/vm || exit 1

matrix() {	# matrix OUT [options]: the accept/reject matrix selftest
	local out=$1; shift
	if [ -x ./$MATRIX ]; then
		timeout 600 ./$MATRIX "$@" >"$out" 2>&1
		echo "   $MATRIX $*: exit $? ($(grep -c '^ok' "$out") ok, $(grep -c '^not ok' "$out") not ok)"
	else
		echo "1..0 # SKIP $MATRIX not built" >"$out"
	fi
}

echo "== accept/reject matrix"
matrix "$R/matrix.tap"
if [ "$variant" = base ]; then
	echo "== matrix expecting the restriction (must fail on the base)"
	matrix "$R/matrix-expect-restricted.tap" --expect-restricted
fi

# The existing vm selftests compare base with patched; the debug kernel is
# for the series' own tests. (6.1.192's hugetlb_split() also trips a
# lockdep assertion under hugetlb-madvise there, before this series.)
if [ "$variant" != debug ]; then
	echo "== existing vm selftests"
	mkdir -p /tmp/huge && mount -t hugetlbfs none /tmp/huge
	i=0
	{
		echo "TAP version 13"
		echo "1..$(grep -c '^[^#]' "$HARNESS_TOP/tests/vm-selftests.list")"
		grep '^[^#]' "$HARNESS_TOP/tests/vm-selftests.list" | while read -r line; do
			i=$((i + 1))
			timeout 300 ./$line >"$R/vm-$i.log" 2>&1 </dev/null
			rc=$?
			case $rc in
			0) echo "ok $i $line" ;;
			4) echo "ok $i $line # SKIP $(tail -n 1 "$R/vm-$i.log")" ;;
			*) echo "not ok $i $line (exit $rc)" ;;
			esac
		done
	} >"$R/vm-selftests.tap"
	grep -c '^ok' "$R/vm-selftests.tap" | sed 's/^/   ok: /'
fi

echo "== hazard demonstration"
if insmod "$T/pin-hazard/pin_hazard.ko"; then
	"$T/pin-hazard/hazard" /mnt/ext4 /mnt/xfs /mnt/btrfs /dev/shm | tee "$R/hazard.txt"
	rmmod pin_hazard
fi

if dmesg | grep -q 'KTAP version'; then
	echo "== KUnit (built in, ran at boot)"
	dmesg | sed -n '/KTAP version\|TAP version/,$p' >"$R/kunit.ktap"
fi

echo "== pin leak check"
settle=0
while :; do
	# Fold the per-CPU counter deltas in first, or the totals drift.
	echo 1 >/proc/sys/vm/stat_refresh 2>/dev/null
	acq=$(awk '$1 == "nr_foll_pin_acquired" {print $2}' /proc/vmstat)
	rel=$(awk '$1 == "nr_foll_pin_released" {print $2}' /proc/vmstat)
	[ "$acq" = "$rel" ] || [ $settle -ge 20 ] && break
	settle=$((settle + 1)); sleep 0.5
done
{
	echo "TAP version 13"; echo "1..1"
	if [ "$acq" = "$rel" ]; then
		echo "ok 1 no pin leaked ($acq acquired, $rel released)"
	else
		echo "not ok 1 pins leaked: $acq acquired, $rel released after $settle polls"
	fi
} >"$R/leak.tap"
cat "$R/leak.tap" | tail -n 1 | sed 's/^/   /'
