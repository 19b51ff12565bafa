#!/bin/bash
# stress.sh [-d SECONDS] [-s SEED]: the GUP stress, in the guest (the
# "stress" part of tests/guest/job.sh).
#
# Mounts a tmpfs with huge=always at /mnt/thp, runs gup-stress on
# /mnt/ext4, /mnt/xfs, /mnt/btrfs and /mnt/thp, then checks what the
# stress must leave behind:
#  - every pin released: /proc/vmstat nr_foll_pin_acquired equals
#    nr_foll_pin_released (after stat_refresh; polled, bounded);
#  - every file it made can be truncated;
#  - ext4, xfs and btrfs unmount cleanly (tests/stress/fsck.sh checks the
#    images on the host once the guest is down); they are mounted again
#    for the parts that follow.
# All results go to $RESULTS/stress.tap as one TAP document: gup-stress's
# own results, then these. The binary is GUP_STRESS= (tests/guest/job.sh
# sets it: scripts/build-tests.sh builds it on the host); missing or
# older than its source, it is a "Bail out!".
set -u
dur=30 seed=
while getopts d:s: opt; do
	case $opt in
	d) dur=$OPTARG ;;
	s) seed=$OPTARG ;;
	*) echo "usage: $0 [-d SECONDS] [-s SEED]" >&2; exit 2 ;;
	esac
done

here=$(cd "$(dirname "$0")" && pwd)
top=${HARNESS_TOP:-$(cd "$here/../.." && pwd)}
. "$top/scripts/tap.sh"
R=${RESULTS:-/tmp/stress-results}
mkdir -p "$R"
out=$R/stress.tap
raw=$R/gup-stress.tap
fslist="ext4 xfs btrfs"
thp=/mnt/thp

bin=${GUP_STRESS:?GUP_STRESS is not set: the gup-stress that scripts/build-tests.sh built}
src=$top/tests/stress/gup-stress.c
if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
	{ tap_header; tap_bail "$bin is missing or older than $src: run scripts/build-tests.sh"; } >"$out"
	exit 1
fi

# The wrapper's own results, appended after gup-stress's.
extra=()
result() {	# result OK|FAIL DESCRIPTION
	if [ "$1" = OK ]; then extra+=("ok NUM $2"); else extra+=("not ok NUM $2"); fi
	echo "   ${extra[-1]/NUM /}"
}

echo "== tmpfs huge=always at $thp"
mkdir -p "$thp"
if mount -t tmpfs -o huge=always,size=256m tmpfs "$thp"; then
	result OK "tmpfs mounted with huge=always at $thp"
else
	result FAIL "tmpfs mounted with huge=always at $thp"
fi

dirs=()
for fs in $fslist; do
	mkdir -p "/mnt/$fs/gup-stress" && dirs+=("/mnt/$fs/gup-stress")
done
mkdir -p "$thp/gup-stress" && dirs+=("$thp/gup-stress")

echo "== gup-stress -d $dur ${seed:+-s $seed} ${dirs[*]} (TAP in $raw)"
start=$(date +%s)
"$bin" -k -d "$dur" ${seed:+-s "$seed"} "${dirs[@]}" >"$raw" 2>"$R/gup-stress.err"
rc=$?
echo "   exit $rc after $(( $(date +%s) - start )) s;" \
	"$(grep -c '^ok' "$raw") ok, $(grep -c '^not ok' "$raw") not ok"
grep -E '^(# seed|not ok|Bail out|# VIOLATION|# UNEXPLAINED|# STALE|# WRONG)' "$raw" | head -n 40 | sed 's/^/   /'
# Its last line says how many of its tests failed: without it, it died.
if [ "$rc" -le 1 ] && grep -Eq '^# [0-9]+ of [0-9]+ tests failed' "$raw"; then
	result OK "gup-stress ran to the end (exit $rc)"
else
	result FAIL "gup-stress ran to the end (exit $rc; stderr: $(head -c 200 "$R/gup-stress.err" | tr '\n' ' '))"
fi

echo "== pins released"
polls=0
while :; do
	# Fold the per-CPU counter deltas in first, or the totals drift.
	echo 1 >/proc/sys/vm/stat_refresh 2>/dev/null
	acq=$(awk '$1 == "nr_foll_pin_acquired" {print $2}' /proc/vmstat)
	rel=$(awk '$1 == "nr_foll_pin_released" {print $2}' /proc/vmstat)
	{ [ -n "$acq" ] && [ "$acq" = "$rel" ]; } || [ $polls -ge 40 ] && break
	polls=$((polls + 1)); sleep 0.5
done
if [ -n "$acq" ] && [ "$acq" = "$rel" ]; then
	result OK "every pin released ($acq acquired, $rel released)"
else
	result FAIL "every pin released: ${acq:-?} acquired, ${rel:-?} released after $polls polls"
fi

echo "== truncate the files it made"
for d in "${dirs[@]}"; do
	n=0 bad=0
	for f in "$d"/gup-stress.*; do
		[ -e "$f" ] || continue
		n=$((n + 1))
		if truncate -s 0 "$f" && [ "$(stat -c %s "$f")" = 0 ]; then
			rm -f "$f"
		else
			bad=$((bad + 1))
		fi
	done
	if [ $n -gt 0 ] && [ $bad = 0 ]; then
		result OK "truncated and removed the $n files in $d"
	else
		result FAIL "truncated the files in $d ($n files, $bad failed)"
	fi
	rmdir "$d" 2>/dev/null
done

echo "== unmount"
sync
for fs in $fslist; do
	dev=$(awk -v m="/mnt/$fs" '$2 == m { d = $1 } END { print d }' /proc/mounts)
	if umount "/mnt/$fs"; then
		result OK "$fs unmounted cleanly"
	else
		result FAIL "$fs unmounted cleanly ($(grep " /mnt/$fs " /proc/mounts | head -n 1))"
	fi
	# The parts after this one pin files there too: on an empty mount
	# point they would find the tmpfs under it, and pass for the wrong
	# reason.
	if ! mountpoint -q "/mnt/$fs" && ! mount -t "$fs" "$dev" "/mnt/$fs"; then
		result FAIL "$fs mounted again ($dev) for the parts after the stress"
	fi
done
umount "$thp" 2>/dev/null

# One TAP document: gup-stress's plan grows by the wrapper's results,
# which are numbered after its own.
n=$(sed -n 's/^1\.\.\([0-9][0-9]*\).*/\1/p' "$raw" | head -n 1)
{
	if [ -n "$n" ]; then
		awk -v add=${#extra[@]} '/^1\.\.[0-9]+/ && !done { print "1.." ($0 ~ /^1\.\.[0-9]+$/ ? substr($0, 4) + add : substr($0, 4)); done = 1; next } { print }' "$raw"
		i=$n
	else
		# It died before its plan: keep what it said, then ours, with
		# a trailing plan of our own.
		cat "$raw"
		grep -q '^TAP version' "$raw" || echo "TAP version 13"
		i=0
	fi
	for line in "${extra[@]}"; do
		i=$((i + 1))
		echo "${line/NUM/$i}"
	done
	[ -n "$n" ] || echo "1..$i"
} >"$out"
echo "== results in $out: $(grep -c '^ok' "$out") ok, $(grep -c '^not ok' "$out") not ok"
! grep -q -e '^not ok' -e '^Bail out' "$out"
