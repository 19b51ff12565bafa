# part: vm
# checks: the vm selftests through the kernel's runner (run_kselftest.sh
#         -c vm), with the series' matrix test run by run_vmtests.sh on
#         GUP_LONGTERM_DIRS; matrix.tap is the matrix's own TAP,
#         vm-tests.txt one line per vm test ("RESULT<TAB>test command")
# time: 1500
# Sourced by tests/guest/job.sh, in a function: see there for what it
# provides.
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
