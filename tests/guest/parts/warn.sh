# part: warn
# checks: patch 11 (distribution only): vm.longterm_file_pin (default,
#         who may change it), the log line of a refused pin (content, once
#         per request, rate limit), and warn mode: the matrix and one real
#         client, AF_XDP (tests/guest/warn-mode.sh)
# time: 1200
# Sourced by tests/guest/job.sh, in a function: see there for what it
# provides.
echo "== vm.longterm_file_pin and the refusal's log line (patch 11)"
CLIENTS_BIN="$T/clients" MATRIX="$T/kselftest/install/vm/gup_longterm_matrix" \
	bash "$HARNESS_TOP/tests/guest/warn-mode.sh" ||
	echo "   warn: some checks failed (see warn.tap)"
[ -s "$R/warn.tap" ] || fail_tap "$R/warn.tap" "tests/guest/warn-mode.sh wrote no TAP"
