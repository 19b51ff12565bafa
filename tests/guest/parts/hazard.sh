# part: hazard
# checks: the stand-in driver (tests/pin-hazard): what a long-term write
#         pin of a MAP_SHARED file does to the data, per file system
# time: 300
# Sourced by tests/guest/job.sh, in a function: see there for what it
# provides.
echo "== hazard demonstration"
if ! insmod "$KT/pin-hazard/pin_hazard.ko"; then
	fail_tap "$R/hazard.tap" "pin_hazard.ko does not load"
	return
fi
"$KT/pin-hazard/hazard" -k "$expect" /mnt/ext4 /mnt/xfs /mnt/btrfs /dev/shm >"$R/hazard.tap" 2>&1
rmmod pin_hazard
grep '^ok\|^not ok' "$R/hazard.tap" | sed 's/^/   /'
[ -s "$R/hazard.tap" ] || fail_tap "$R/hazard.tap" "the hazard program wrote no TAP"
