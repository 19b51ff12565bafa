#!/bin/sh
# demo.sh: the base kernel against the patched kernel, side by side.
# Builds (or reuses) both guest kernels and their tests, boots each once
# (tests/guest/job.sh: real clients of long-term pins and the hazard, the
# vm selftests through the kernel's runner with the series' matrix, pin
# leaks) and prints:
#  1. one row per client and memory kind, base and patched, then the
#     hazard rows, then a verdict per row (tests/clients/table.sh);
#  2. the series' matrix test on both kernels: every cell passes on the
#     patched kernel; on the base, the cells the series refuses fail;
#  3. the existing vm selftests: none that passes on the base fails or
#     skips on the patched kernel;
#  4. patch 11 (distribution only): AF_XDP's own error next to the
#     kernel's line, refused, then the same client working with
#     vm.longterm_file_pin=warn (tests/guest/warn-mode.sh).
# Results are TAP under build/demo/. Exit status: 1 if a row or a
# comparison is not what it must be.
set -eu
. "$(dirname "$0")/lib.sh"

out="$BUILD/demo"
rm -rf "$out"; mkdir -p "$out"
start=$(date +%s)
"$TOP/scripts/accel.sh" -v >/dev/null
"$TOP/scripts/base-resolve.sh" -v
# Both kernels first: the tests of either are built from the patched tree.
for v in base patched; do
	"$TOP/scripts/kernel.sh" "$v" >/dev/null
done
for v in base patched; do
	"$TOP/scripts/build-tests.sh" "$v"
done
rc=0
"$TOP/scripts/guest-tests.sh" base "$out" vm clients leak || {
	say "demo: the base guest failed to run its job (see $BUILD/run/base/)"; rc=1; }
"$TOP/scripts/guest-tests.sh" patched "$out" kunit vm clients leak warn || {
	say "demo: the patched guest reported failures (see $BUILD/run/patched/)"; rc=1; }

echo
echo "Long-term pins by real programs, and data written through a long-term"
echo "write pin of a MAP_SHARED file (tests/clients, tests/pin-hazard):"
echo
"$TOP/tests/clients/table.sh" "$out/base-clients.txt" "$out/patched-clients.txt" || rc=1

echo
echo "The series' selftest (tools/testing/selftests/vm/gup_longterm_matrix),"
echo "run by the kernel's runner, asserts what the patched kernel must do:"
for v in patched base; do
	printf '  %-8s ' "$v"
	"$TOP/scripts/tap-summary.sh" "$out/$v-matrix.tap" 2>/dev/null | head -n 1 | sed 's/^[^:]*: //'
done
echo "  (on the base kernel the gup_test cells skip: it has no PIN_LONGTERM_TEST"
echo "  ioctls; the io_uring cells that fail there show 6.1's own io_uring rule)"

echo
echo "Existing vm selftests, base against patched (run_kselftest.sh -c vm):"
"$TOP/scripts/compare-vm-selftests.sh" "$out/base-vm-tests.txt" \
	"$out/patched-vm-tests.txt" "$out/vm-regressions.tap" >/dev/null || rc=1
"$TOP/scripts/tap-summary.sh" "$out/vm-regressions.tap" | head -n 1 | sed 's/^[^:]*:/ /'
grep '^not ok' "$out/vm-regressions.tap" | sed 's/^/  /' || true
# make check compares against a record of the base's results instead of
# booting the base; say whether this live run still agrees with it.
rec="$TOP/tests/base-vm-selftests.txt"
grep -v '^#' "$rec" | grep . | sort >"$out/base-vm-recorded.sorted"
sort "$out/base-vm-tests.txt" >"$out/base-vm-live.sorted"
if cmp -s "$out/base-vm-recorded.sorted" "$out/base-vm-live.sorted"; then
	echo "  the base's results agree with tests/base-vm-selftests.txt (make check's record)"
else
	echo "  the base's results differ from tests/base-vm-selftests.txt (make check's"
	echo "  record; refresh it from $out/base-vm-tests.txt if the change is expected):"
	diff "$out/base-vm-recorded.sorted" "$out/base-vm-live.sorted" |
		sed -n 's/^< /  recorded: /p; s/^> /  this run: /p'
fi

echo
echo "Patch 11 (distribution only): what a user sees, refused and in warn mode"
echo "(tests/guest/warn-mode.sh; its checks: patched-warn.tap):"
if [ -s "$out/patched-warn-demo.txt" ]; then
	sed 's/^/  /' "$out/patched-warn-demo.txt"
else
	echo "  (no patched-warn-demo.txt: see $out/patched-warn.tap)"; rc=1
fi
"$TOP/scripts/tap-summary.sh" "$out/patched-warn.tap" 2>/dev/null | head -n 1 | sed 's/^[^:]*:/ /'

echo
echo "TAP totals (patched: the series; base: evidence about the base):"
for v in patched base; do
	printf '  %-8s ' "$v"
	"$TOP/scripts/tap-summary.sh" "$out/$v"-*.tap 2>/dev/null | tail -n 1 | sed 's/^total: //'
done
say "demo took $(( $(date +%s) - start )) s; results in $out, guest logs in $BUILD/run/{base,patched}"
exit $rc
