# part: clients
# checks: real programs that take long-term pins (tests/clients), and
#         the hazard (so "clients" and "hazard" do not go together)
# time: 900
# Sourced by tests/guest/job.sh, in a function: see there for what it
# provides.
echo "== real clients, and the hazard"
CLIENTS_BIN="$T/clients" HAZARD_DIR="$KT/pin-hazard" \
	bash "$HARNESS_TOP/tests/guest/clients.sh" "$expect" ||
	echo "   clients: some rows did not give their expected result"
[ -s "$R/clients.tap" ] || fail_tap "$R/clients.tap" "tests/guest/clients.sh wrote no TAP"
