# part: kunit
# checks: the KTAP of the series' KUnit suite, built in and run at boot
#         (kunit.enable=1, which scripts/guest-tests.sh adds); missing
#         output is a failure
# time: 10
# Sourced by tests/guest/job.sh, in a function: see there for what it
# provides.
echo "== KUnit (built in, ran at boot)"
if dmesg | grep -q 'KTAP version\|TAP version'; then
	dmesg | sed -n '/KTAP version\|TAP version/,$p' >"$R/kunit.tap"
	grep -c 'not ok' "$R/kunit.tap" | sed 's/^/   not ok lines: /'
else
	fail_tap "$R/kunit.tap" "KUnit output missing from dmesg (kunit.enable=1? CONFIG_GUP_LONGTERM_KUNIT_TEST?)"
fi
