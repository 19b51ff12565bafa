# tap.sh: TAP 13 from the harness's shell scripts; sourced, never run, on
# the host and in the guest (POSIX sh, no other file needed). The shape of
# the kernel's later tools/testing/selftests/kselftest/ktap_helpers.sh, for
# the plain TAP 13 that kselftest prints and scripts/tap-summary.sh reads:
#
#   tap_header            "TAP version 13"
#   tap_plan N            "1..N"; before the results, or after them
#   tap_ok DESC           "ok N DESC", N counting from 1
#   tap_not_ok DESC       "not ok N DESC"
#   tap_result RC DESC    ok when RC is 0, not ok otherwise
#   tap_only RC DESC      a whole TAP document of that one result, counted
#                         apart (a part's file, a part that could not run)
#   tap_skip DESC REASON  "ok N # SKIP DESC: REASON", kselftest's form
#                         (scripts/skip-check.sh reads it)
#   tap_diag [TEXT]       TEXT, or each line of standard input, as "# TEXT"
#   tap_bail REASON       "Bail out! REASON"
#   tap_counts            "P passed, F failed, S skipped" so far
#
# TAP_N is the number of results so far, TAP_FAILED the number that were
# not ok; tap_failed is true when there was one. Everything goes to
# standard output: redirect a block ({ ...; } >FILE, not a subshell, or
# the counts are lost) to write a file.

TAP_N=0 TAP_FAILED=0 TAP_SKIPPED=0

tap_header() { echo "TAP version 13"; }
tap_plan() { echo "1..$1"; }

tap_ok() {
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N $1"
}

tap_not_ok() {
	TAP_N=$((TAP_N + 1)) TAP_FAILED=$((TAP_FAILED + 1))
	echo "not ok $TAP_N $1"
}

tap_result() {
	if [ "$1" -eq 0 ]; then tap_ok "$2"; else tap_not_ok "$2"; fi
}

tap_only() {
	(TAP_N=0 TAP_FAILED=0 TAP_SKIPPED=0
	 tap_header; tap_plan 1; tap_result "$1" "$2")
}

tap_skip() {
	TAP_N=$((TAP_N + 1)) TAP_SKIPPED=$((TAP_SKIPPED + 1))
	echo "ok $TAP_N # SKIP $1: $2"
}

tap_diag() {
	if [ $# -gt 0 ]; then
		printf '%s\n' "$*" | sed 's/^/# /'
	else
		sed 's/^/# /'
	fi
}

tap_bail() { echo "Bail out! $1"; }

tap_counts() {
	echo "$((TAP_N - TAP_FAILED - TAP_SKIPPED)) passed, $TAP_FAILED failed, $TAP_SKIPPED skipped"
}

tap_failed() { [ "$TAP_FAILED" -gt 0 ]; }
