# part: stress
# checks: the race stress of the GUP-fast check (tests/guest/stress.sh),
#         for stress_duration seconds
# time: stress_duration + 300
# Sourced by tests/guest/job.sh, in a function: see there for what it
# provides.
echo "== race stress ($stress_duration s)"
GUP_STRESS="$T/gup-stress" bash "$HARNESS_TOP/tests/guest/stress.sh" -d "$stress_duration" ||
	echo "   stress: failures (see stress.tap)"
[ -s "$R/stress.tap" ] || fail_tap "$R/stress.tap" "the stress wrote no TAP"
# stress.tap holds gup-stress's own results too: keep one copy.
[ -f "$R/gup-stress.tap" ] && mv "$R/gup-stress.tap" "$R/gup-stress.log"
