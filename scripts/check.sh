#!/bin/sh
# check.sh: the tests of every change (`make check`, CI), in order of cost,
# each step logged under build/check/logs/. Results are TAP files in
# build/check/*.tap; the last line is their total, "N passed, N failed,
# N skipped". Only results about the series count: what the base kernel
# does is evidence about the base, kept in build/check/base/ and reported
# on a line of its own.
#
#  1. the harness's own tests (tests/harness/run.sh)
#  2. the series applies with git am; make tree + make series round trip;
#     checkpatch --strict on each patch
#  3. KUnit on UML (kunit.py), and the KUnit-stage mutants on UML: each
#     must make the suite fail (scripts/mutants.sh -s kunit)
#  4. base and patched guest kernels; the harness's negative checks
#  5. base guest (evidence about the base, not counted) and patched guest:
#     the KUnit suite built in (x86_64), the vm selftests through the
#     kernel's runner with the series' matrix, the hazard, pin leaks; then
#     every vm selftest passing on the base must pass on the patched kernel;
#     patch 11's switch and log line, and the matrix in warn mode
#  6. debug guest (KASAN, lockdep, DEBUG_VM, PROVE_RCU): KUnit, the matrix,
#     the hazard, a short race stress, pin leaks, no splat in dmesg, and a
#     clean fsck of its disks afterwards
#  7. the skips of KUnit (UML, patched, debug) and of the matrix (patched,
#     debug) are exactly tests/expected-skips.txt: a new skip fails, with
#     its reason
# Heavier checks have their own targets: make lint (every patch on six
# architectures, W=1, sparse, kernel-doc, htmldocs), make mutants (every
# mutant, with guest boots), make stress, make bench, make demo.
set -u
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/tap.sh"

out="$BUILD/check"
rm -rf "$out"
mkdir -p "$out/logs" "$out/base"
steps="$out/steps.tap"
start_all=$(date +%s)
"$TOP/scripts/accel.sh" -v >/dev/null
# Which base this run tests (installed here if missing; only a missing
# base is fatal). Printed once, in the summary at the end.
"$TOP/scripts/base-resolve.sh" || exit 1

# step NAME CMD...: run CMD with its output in logs/NAME.log; one TAP line.
step() {
	name=$1; shift
	say "[$((TAP_N + 1))] $name"
	t0=$(date +%s)
	if "$@" >"$out/logs/$name.log" 2>&1; then
		tap_ok "$name" >>"$steps"
		say "    PASS $name ($(( $(date +%s) - t0 )) s)"
		return 0
	fi
	tap_not_ok "$name" >>"$steps"
	say "    FAIL $name ($(( $(date +%s) - t0 )) s), last lines of logs/$name.log:"
	tail -n 25 "$out/logs/$name.log" | sed 's/^/    | /' >&2
	return 1
}

finish() {
	{ tap_header; tap_plan "$TAP_N"; cat "$steps"; } >"$out/steps.tmp"
	mv "$out/steps.tmp" "$steps"
	say "results by file:"
	"$TOP/scripts/tap-summary.sh" "$out"/*.tap | sed 's/^/    /' >&2
	if ls "$out"/base/*.tap >/dev/null 2>&1; then
		say "base kernel (evidence about the base, not counted above):"
		"$TOP/scripts/tap-summary.sh" "$out"/base/*.tap 2>&1 | sed 's/^/    /' >&2
	fi
	totals=$("$TOP/scripts/tap-summary.sh" "$out"/*.tap 2>/dev/null | tail -n 1)
	p=$(echo "$totals" | sed 's/total: \([0-9]*\) passed.*/\1/')
	f=$(echo "$totals" | sed 's/.* \([0-9]*\) failed.*/\1/')
	s=$(echo "$totals" | sed 's/.* \([0-9]*\) skipped.*/\1/')
	say "check took $(( $(date +%s) - start_all )) s; TAP files in $out"
	"$TOP/scripts/base-resolve.sh" -v
	echo "$p passed, $f failed, $s skipped"
	[ "$f" -eq 0 ]
	exit $?
}
: >"$steps"

step harness-selftest sh -c "'$TOP/tests/harness/run.sh' >'$out/harness.tap'"
step git-am "$TOP/scripts/apply-series.sh" || finish
step series-roundtrip "$TOP/scripts/roundtrip-check.sh"
step checkpatch "$TOP/scripts/checkpatch.sh" "$out/checkpatch.tap"
step kunit-uml "$TOP/scripts/kunit.sh" uml "$out/kunit-uml.tap"
step kunit-mutants "$TOP/scripts/mutants.sh" -s kunit -o "$out/mutants-kunit.tap"
step base-kernel "$TOP/scripts/kernel.sh" base
step patched-kernel "$TOP/scripts/kernel.sh" patched
step harness-negative "$TOP/scripts/negative-check.sh" "$out/negative.tap"
step base-tests "$TOP/scripts/build-tests.sh" base
step patched-tests "$TOP/scripts/build-tests.sh" patched
# The base guest's results are evidence about the base: the step only
# requires that the guest ran its job.
step base-guest sh -c "'$TOP/scripts/guest-tests.sh' base '$out/base' vm hazard leak; [ \$? -lt 124 ]"
step patched-guest "$TOP/scripts/guest-tests.sh" patched "$out" kunit vm hazard leak warn
step vm-regressions "$TOP/scripts/compare-vm-selftests.sh" \
	"$out/base/base-vm-tests.txt" "$out/patched-vm-tests.txt" "$out/vm-regressions.tap"
step debug-kernel "$TOP/scripts/kernel.sh" debug
step debug-tests "$TOP/scripts/build-tests.sh" debug
step debug-guest env KEEP_DISKS=1 "$TOP/scripts/guest-tests.sh" debug "$out" kunit matrix hazard stress leak
step debug-fsck "$TOP/tests/stress/fsck.sh" "$BUILD/run/debug" "$out/debug-fsck.tap"
rm -f "$BUILD/run/debug"/*.img
step skips "$TOP/scripts/skip-check.sh" "$TOP/tests/expected-skips.txt" "$out/skips.tap" \
	"$out/kunit-uml.tap" "$out/patched-matrix.tap" "$out/patched-kunit.tap" \
	"$out/debug-matrix.tap" "$out/debug-kunit.tap"
finish
