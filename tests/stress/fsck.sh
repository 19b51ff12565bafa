#!/bin/sh
# fsck.sh NAME|DIR [OUT]: on the host, after the guest run NAME (its
# directory build/run/NAME, or any DIR) is over, check its file system
# images read-only and print TAP (to OUT too, if given):
#   DIR/ext4.img   e2fsck -fn
#   DIR/xfs.img    xfs_repair -n
#   DIR/btrfs.img  btrfs check --readonly
# The images must have been kept (KEEP_DISKS=1 scripts/guest-run.sh).
# Exit 1 if any check failed or an image is missing. Each tool's output
# is in DIR/fsck-FS.log.
set -u
[ $# -ge 1 ] || { echo "usage: $0 NAME|DIR [OUT]" >&2; exit 2; }
out=${2:-}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/tap.sh"
case $1 in
*/*) run=$1 ;;
*) run=${BUILD:-$top/build}/run/$1 ;;
esac

check() {	# check FS: one TAP line
	fs=$1 img=$run/$1.img log=$run/fsck-$1.log
	if [ ! -f "$img" ]; then
		tap_not_ok "$fs image is clean (no $img: guest-run.sh removes the images unless KEEP_DISKS=1)"
		return
	fi
	case $fs in
	ext4) tool="e2fsck -fn"; e2fsck -fn "$img" >"$log" 2>&1 ;;
	xfs) tool="xfs_repair -n"; xfs_repair -n -f "$img" >"$log" 2>&1 ;;
	btrfs) tool="btrfs check --readonly"; btrfs check --readonly "$img" >"$log" 2>&1 ;;
	esac
	rc=$?
	if [ $rc -eq 0 ]; then
		tap_ok "$fs image is clean ($tool)"
	else
		tap_not_ok "$fs image is clean ($tool exit $rc, see ${log#"$top"/})"
		head -n 15 "$log" | tap_diag
	fi
}

tap=$(
	tap_header
	tap_plan 3
	for fs in ext4 xfs btrfs; do
		check "$fs"
	done
)
printf '%s\n' "$tap"
[ -n "$out" ] && printf '%s\n' "$tap" >"$out"
! printf '%s\n' "$tap" | grep -q '^not ok'
