# part: leak
# checks: every pin acquired was released (/proc/vmstat)
# time: 30
# Sourced by tests/guest/job.sh, in a function: see there for what it
# provides.
echo "== pin leak check"
local settle=0 acq rel
while :; do
	# Fold the per-CPU counter deltas in first, or the totals drift;
	# io_uring drops registered buffers asynchronously after close.
	echo 1 >/proc/sys/vm/stat_refresh 2>/dev/null
	acq=$(awk '$1 == "nr_foll_pin_acquired" {print $2}' /proc/vmstat)
	rel=$(awk '$1 == "nr_foll_pin_released" {print $2}' /proc/vmstat)
	[ "$acq" = "$rel" ] || [ $settle -ge 40 ] && break
	settle=$((settle + 1)); sleep 0.5
done
if [ "$acq" = "$rel" ]; then
	tap_only 0 "no pin leaked ($acq acquired, $rel released)"
else
	tap_only 1 "pins leaked: $acq acquired, $rel released after $settle polls"
fi >"$R/leak.tap"
tail -n 1 "$R/leak.tap" | sed 's/^/   /'
