#!/bin/sh
# runner-results.sh RUNNER.LOG OUTDIR: split the output of
# `run_kselftest.sh -c vm` into
#   OUTDIR/matrix.tap     the TAP of gup_longterm_matrix, as run by
#                         run_vmtests.sh (the runner prefixes every line of
#                         run_vmtests.sh's output with "# ")
#   OUTDIR/vm-tests.txt   one line per vm test, "RESULT<TAB>command", RESULT
#                         PASS, FAIL or SKIP: run_vmtests.sh's tests, then
#                         the runner's other top-level entries
# Runs in the guest (tests/guest/job.sh) and in the harness's own tests.
# Exit 1 if the matrix did not run.
set -eu
log=$1 out=$2
# run_vmtests.sh frames each test's title between lines of dashes.
awk '/^# running \.\/gup_longterm_matrix/ && prev ~ /^# -+$/ { on = 1; next }
     { prev = $0 }
     on && /^# -+$/ && !started { next }
     on && /^# \[(PASS|FAIL|SKIP)\]$/ { exit }
     on { started = 1; sub(/^# /, ""); print }' "$log" >"$out/matrix.tap"
awk '/^# running / && prev ~ /^# -+$/ { t = substr($0, 11) }
     { prev = $0 }
     /^# \[(PASS|FAIL|SKIP)\]$/ && t != "" { print substr($0, 4, 4) "\t" t; t = "" }
     /^(not )?ok [0-9]+ selftests: vm: / {
	r = /^not ok/ ? "FAIL" : (/# SKIP/ ? "SKIP" : "PASS")
	n = $0; sub(/.*selftests: vm: /, "", n); sub(/ #.*/, "", n)
	if (n != "run_vmtests.sh") print r "\t" n
     }' "$log" >"$out/vm-tests.txt"
[ -s "$out/matrix.tap" ]
