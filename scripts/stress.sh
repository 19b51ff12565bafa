#!/bin/sh
# stress.sh [SECONDS]: the race stress of the GUP-fast check (tests/stress)
# on the debug kernel (KASAN, lockdep, DEBUG_VM, PROVE_RCU) for SECONDS
# (default 60), then: pins balanced, no splat in dmesg (guest-run.sh), and
# fsck of the ext4, xfs and btrfs disks clean. Results in build/stress/.
set -eu
. "$(dirname "$0")/lib.sh"

duration=${1:-60}
out="$BUILD/stress"
rm -rf "$out"; mkdir -p "$out"
"$TOP/scripts/kernel.sh" debug >/dev/null
"$TOP/scripts/build-tests.sh" debug
rc=0
STRESS_DURATION=$duration KEEP_DISKS=1 GUEST_TIMEOUT=$((duration + 900)) \
	"$TOP/scripts/guest-tests.sh" debug "$out" stress leak || rc=$?
"$TOP/tests/stress/fsck.sh" "$BUILD/run/debug" "$out/debug-fsck.tap" || rc=1
rm -f "$BUILD/run/debug"/*.img
grep '^# ' "$out/debug-stress.tap" 2>/dev/null | head -n 20
"$TOP/scripts/tap-summary.sh" "$out"/*.tap || rc=1
exit $rc
