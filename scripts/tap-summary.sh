#!/bin/sh
# tap-summary.sh FILE...
#
# Count the results in TAP (kselftest) and KTAP (KUnit, nested) output and
# print one line per file, "FILE: P passed, F failed, S skipped", then a
# total line "total: P passed, F failed, S skipped". Exit 1 when anything
# failed or a file holds no result at all.
#
# Only leaf results count: in KTAP a parent's "ok" line follows its
# subtests at a deeper indentation, so a result line is a parent when the
# result line before it was indented more deeply. A top-level plan that
# promises more results than were printed counts the missing ones as
# failed (a test that crashed halfway must not look green); "Bail out!"
# counts as a failure. printk timestamps and a "    | " prefix are ignored.
set -eu
[ $# -gt 0 ] || { echo "usage: $0 FILE..." >&2; exit 2; }
awk '
function flush() {
	if (file == "") return
	if (plan > top) fail += plan - top
	if (pass + fail + skip == 0) { empty = 1 }
	printf "%s: %d passed, %d failed, %d skipped%s\n", file, pass, fail, skip,
		(pass + fail + skip == 0) ? " (no results)" : ""
	tp += pass; tf += fail; ts += skip
}
FNR == 1 { flush(); file = FILENAME; pass = fail = skip = plan = top = 0; prev = -1 }
{
	line = $0
	sub(/^    \| /, "", line)
	sub(/^\[ *[0-9.]+\] /, "", line)
	match(line, /^[ \t]*/); indent = RLENGTH
	body = substr(line, indent + 1)
	if (indent == 0 && body ~ /^1\.\.[0-9]+/) { plan = substr(body, 4) + 0; next }
	if (body ~ /^Bail out!/) { fail++; next }
	if (body !~ /^(not )?ok [0-9]+/) next
	if (indent == 0) top++
	parent = (prev > indent)
	prev = indent
	if (parent) next
	if (body ~ /# *(SKIP|skip)/) skip++
	else if (body ~ /^not ok/) fail++
	else pass++
}
END {
	flush()
	printf "total: %d passed, %d failed, %d skipped\n", tp, tf, ts
	exit (tf > 0 || empty) ? 1 : 0
}' "$@"
