#!/bin/sh
# check.sh: every test of the project, in order of cost, each step logged
# under build/check/. Results are TAP files in build/check/*.tap; the last
# line is the total over all of them: "N passed, N failed, N skipped".
#
#  1. the harness's own tests (tests/harness/run.sh)
#  2. the series applies with git am; checkpatch --strict on each patch
#  3. each patch builds, adds no W=1 warnings and boots (build-each-patch)
#  4. KUnit on UML (kunit.py)
#  5. base guest: the matrix selftest, and proof that it fails there when
#     told to expect the restriction; existing vm selftests
#  6. patched guest: matrix, gup_test ioctl tests, existing vm selftests
#     (compared with the base), the hazard demonstration
#  7. debug guest (KASAN, lockdep, DEBUG_VM): KUnit on x86_64 and the
#     matrix again; any splat in dmesg fails
set -u
. "$(dirname "$0")/lib.sh"

out="$BUILD/check"
rm -rf "$out"
mkdir -p "$out/logs"
steps="$out/steps.tap"
nstep=0
start_all=$(date +%s)

# step NAME CMD...: run CMD with its output in logs/NAME.log; one TAP line.
step() {
	name=$1; shift
	nstep=$((nstep + 1))
	say "[$nstep] $name"
	t0=$(date +%s)
	if "$@" >"$out/logs/$name.log" 2>&1; then
		echo "ok $nstep $name" >>"$steps"
		say "    PASS $name ($(( $(date +%s) - t0 )) s)"
		return 0
	fi
	echo "not ok $nstep $name" >>"$steps"
	say "    FAIL $name ($(( $(date +%s) - t0 )) s), last lines of logs/$name.log:"
	tail -n 25 "$out/logs/$name.log" | sed 's/^/    | /' >&2
	return 1
}

finish() {
	{ echo "TAP version 13"; echo "1..$nstep"; cat "$steps"; } >"$out/steps.tmp"
	mv "$out/steps.tmp" "$steps"
	say "results by file:"
	"$TOP/scripts/tap-summary.sh" "$out"/*.tap | sed 's/^/    /' >&2
	totals=$("$TOP/scripts/tap-summary.sh" "$out"/*.tap 2>/dev/null | tail -n 1)
	p=$(echo "$totals" | sed 's/total: \([0-9]*\) passed.*/\1/')
	f=$(echo "$totals" | sed 's/.* \([0-9]*\) failed.*/\1/')
	s=$(echo "$totals" | sed 's/.* \([0-9]*\) skipped.*/\1/')
	say "check took $(( $(date +%s) - start_all )) s; TAP files in $out"
	echo "$p passed, $f failed, $s skipped"
	[ "$f" -eq 0 ]
	exit $?
}
: >"$steps"

step harness-selftest sh -c "'$TOP/tests/harness/run.sh' >'$out/harness.tap'"
step git-am "$TOP/scripts/apply-series.sh" || finish
step series-roundtrip "$TOP/scripts/roundtrip-check.sh"
step checkpatch "$TOP/scripts/checkpatch.sh" "$out/checkpatch.tap"
step base-kernel "$TOP/scripts/kernel.sh" base
step harness-negative "$TOP/scripts/negative-check.sh" "$out/negative.tap"
step bisect-build-boot sh -c "'$TOP/scripts/build-each-patch.sh' >'$out/bisect.tap'"
step kunit-uml "$TOP/scripts/kunit.sh" uml "$out/kunit-uml.tap"
step base-tests "$TOP/scripts/build-tests.sh" base
step base-guest "$TOP/scripts/guest-tests.sh" base "$out"
step patched-tests "$TOP/scripts/build-tests.sh" patched
step patched-guest "$TOP/scripts/guest-tests.sh" patched "$out"
step base-proof "$TOP/scripts/proof-check.sh" "$out"
step vm-selftests-compare "$TOP/scripts/compare-vm-selftests.sh" "$out"
step debug-kernel "$TOP/scripts/kernel.sh" debug
step debug-tests "$TOP/scripts/build-tests.sh" debug
step debug-guest "$TOP/scripts/guest-tests.sh" debug "$out"
finish
