#!/bin/sh
# check.sh [--debug | --all]: the tests of every change, in order of cost,
# each step logged under OUT/logs/. Results are TAP files in OUT/*.tap; the
# last line is their total, "N passed, N failed, N skipped". Only results
# about the series count.
#
# `make check` (no option; OUT is build/check): one guest kernel, so that
# a cold run fits in an hour on two cores (a guest kernel is a 20-minute
# build there):
#  1. the harness's own tests (tests/harness/run.sh)
#  2. the series applies with git am; make tree + make series round trip;
#     checkpatch --strict on each patch
#  3. KUnit on UML (kunit.py), and the KUnit-stage mutants on UML: each
#     must make the suite fail (scripts/mutants.sh -s kunit)
#  4. the patched guest kernel; the harness's negative checks
#  5. the patched guest: the KUnit suite built in (x86_64), the vm
#     selftests through the kernel's runner with the series' matrix, the
#     hazard, pin leaks, patch 11's switch and log line and the matrix in
#     warn mode; then every vm selftest that passes on the base must pass
#     here. The base's results are the ones recorded from the pinned base
#     in tests/base-vm-selftests.txt (`make demo` runs the base kernel
#     live and says whether the record still holds)
#  6. the skips of KUnit (UML, patched) and of the matrix (patched) are
#     exactly tests/expected-skips.txt: a new skip fails, with its reason
#
# `make check-debug` (--debug; OUT is build/check-debug): the debug guest
# (KASAN, lockdep, DEBUG_VM, PROVE_RCU, a second 20-minute kernel build):
# KUnit, the matrix, the hazard, a short race stress, pin leaks, no splat
# in dmesg, a clean fsck of its disks afterwards, and its skips.
#
# --all (CI, .ci/run; OUT is build/check): both, one total.
# Heavier checks have their own targets: make lint (every patch on six
# architectures, W=1, sparse, kernel-doc, htmldocs), make mutants (every
# mutant, with guest boots), make stress, make bench, make demo (the base
# kernel against the patched one).
set -u
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/tap.sh"

main=1 debug=0 out="$BUILD/check"
case ${1:-} in
"") ;;
--debug) main=0 debug=1 out="$BUILD/check-debug" ;;
--all) debug=1 ;;
*) die "usage: $0 [--debug | --all]" ;;
esac
rm -rf "$out"
mkdir -p "$out/logs"
steps="$out/steps.tap"
start_all=$(date +%s)
"$TOP/scripts/accel.sh" -v >/dev/null
# Which base this run tests (installed here if missing; only a missing
# base is fatal). Printed once, in the summary at the end.
"$TOP/scripts/base-resolve.sh" || exit 1

# failing_files: the result files in OUT that hold a failure, one a line.
failing_files() {
	for _f in "$out"/*.tap; do
		[ -f "$_f" ] && [ "$_f" != "$steps" ] || continue
		"$TOP/scripts/tap-summary.sh" "$_f" 2>/dev/null | head -n 1 |
			grep -v ' 0 failed' || :
	done
}

log_tail() {	# log_tail NAME N: the last N lines of step NAME's log, indented
	tail -n "$2" "$out/logs/$1.log" | sed 's/^/    | /' >&2
}

# step NAME CMD...: run CMD with its output in logs/NAME.log; one TAP line
# (the step ran). A step that ran but left failed results says so here;
# they count in the total at the end.
step() {
	name=$1; shift
	say "[$((TAP_N + 1))] $name"
	t0=$(date +%s)
	_before=$(failing_files)
	if "$@" >"$out/logs/$name.log" 2>&1; then
		tap_ok "$name" >>"$steps"
		_new=$(failing_files | grep -vxF "$_before" || :)
		if [ -n "$_new" ]; then
			say "    RAN $name ($(( $(date +%s) - t0 )) s), with failed results:"
			echo "$_new" | sed 's/^/    | /' >&2
			return 0
		fi
		say "    PASS $name ($(( $(date +%s) - t0 )) s)"
		return 0
	fi
	tap_not_ok "$name" >>"$steps"
	say "    FAIL $name ($(( $(date +%s) - t0 )) s), last lines of logs/$name.log:"
	log_tail "$name" 25
	return 1
}

finish() {
	{ tap_header; tap_plan "$TAP_N"; cat "$steps"; } >"$out/steps.tmp"
	mv "$out/steps.tmp" "$steps"
	say "results by file:"
	"$TOP/scripts/tap-summary.sh" "$out"/*.tap | sed 's/^/    /' >&2
	totals=$("$TOP/scripts/tap-summary.sh" "$out"/*.tap 2>/dev/null | tail -n 1)
	p=$(echo "$totals" | sed 's/total: \([0-9]*\) passed.*/\1/')
	f=$(echo "$totals" | sed 's/.* \([0-9]*\) failed.*/\1/')
	s=$(echo "$totals" | sed 's/.* \([0-9]*\) skipped.*/\1/')
	_now=$(date +%s)
	if [ $main -eq 1 ] && [ -n "${t_debug:-}" ]; then
		say "check took $((_now - start_all)) s (make check's steps $((t_debug - start_all)) s, the debug kernel's $((_now - t_debug)) s); TAP files in $out"
	else
		say "check took $((_now - start_all)) s; TAP files in $out"
	fi
	"$TOP/scripts/base-resolve.sh" -v
	# Again at the end, next to the total: a CI report may show only
	# the last lines of the output, and a step can fail with no failed
	# result of its own (a kernel splat, a guest that timed out).
	grep '^not ok ' "$steps" | sed 's/^not ok [0-9]* //' | while read -r _s; do
		say "step $_s failed; last lines of $out/logs/$_s.log:"
		log_tail "$_s" 12
	done
	echo "$p passed, $f failed, $s skipped"
	[ "$f" -eq 0 ]
	exit $?
}
: >"$steps"

if [ $main -eq 1 ]; then
step harness-selftest sh -c "'$TOP/tests/harness/run.sh' >'$out/harness.tap'"
step git-am "$TOP/scripts/apply-series.sh" || finish
step series-roundtrip "$TOP/scripts/roundtrip-check.sh"
step checkpatch "$TOP/scripts/checkpatch.sh" "$out/checkpatch.tap"
step kunit-uml "$TOP/scripts/kunit.sh" uml "$out/kunit-uml.tap"
step kunit-mutants "$TOP/scripts/mutants.sh" -s kunit -o "$out/mutants-kunit.tap"
step patched-kernel "$TOP/scripts/kernel.sh" patched
step harness-negative "$TOP/scripts/negative-check.sh" "$out/negative.tap"
step patched-tests "$TOP/scripts/build-tests.sh" patched
step patched-guest "$TOP/scripts/guest-tests.sh" patched "$out" kunit vm hazard leak warn
step vm-regressions "$TOP/scripts/compare-vm-selftests.sh" \
	"$TOP/tests/base-vm-selftests.txt" "$out/patched-vm-tests.txt" "$out/vm-regressions.tap"
step skips "$TOP/scripts/skip-check.sh" "$TOP/tests/expected-skips.txt" "$out/skips.tap" \
	"$out/kunit-uml.tap" "$out/patched-matrix.tap" "$out/patched-kunit.tap"
else
step git-am "$TOP/scripts/apply-series.sh" || finish
fi
if [ $debug -eq 1 ]; then
t_debug=$(date +%s)
step debug-kernel "$TOP/scripts/kernel.sh" debug
step debug-tests "$TOP/scripts/build-tests.sh" debug
step debug-guest env KEEP_DISKS=1 "$TOP/scripts/guest-tests.sh" debug "$out" kunit matrix hazard stress leak
step debug-fsck "$TOP/tests/stress/fsck.sh" "$BUILD/run/debug" "$out/debug-fsck.tap"
rm -f "$BUILD/run/debug"/*.img
step debug-skips "$TOP/scripts/skip-check.sh" "$TOP/tests/expected-skips.txt" "$out/debug-skips.tap" \
	"$out/debug-matrix.tap" "$out/debug-kunit.tap"
fi
finish
