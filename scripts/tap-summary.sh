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
#
# KUnit in 6.1 prints a skipped parameterized case as a plain "ok", and
# says how many were skipped only in the summary line that follows the
# cases ("# name: pass:P fail:F skip:S total:T"): when such a line covers
# exactly the cases counted since the block began, its numbers are used.
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
FNR == 1 { flush(); file = FILENAME; pass = fail = skip = plan = top = 0; prev = -1; bp = bf = bs = 0 }
{
	line = $0
	sub(/^    \| /, "", line)
	sub(/^\[ *[0-9.]+\] /, "", line)
	match(line, /^[ \t]*/); indent = RLENGTH
	body = substr(line, indent + 1)
	if (indent == 0 && body ~ /^1\.\.[0-9]+/) { plan = substr(body, 4) + 0; next }
	if (body ~ /^Bail out!/) { fail++; next }
	if (body ~ /^# Subtest:/) { bp = bf = bs = 0; next }
	if (body ~ /^# [^ ]+: pass:[0-9]+ fail:[0-9]+ skip:[0-9]+ total:[0-9]+$/ && body !~ /^# Totals:/) {
		split(body, w, /[: ]+/)
		P = w[4] + 0; F = w[6] + 0; S = w[8] + 0
		if (P + F + S == bp + bf + bs && bp + bf + bs > 0) {
			pass += P - bp; fail += F - bf; skip += S - bs
		}
		bp = bf = bs = 0
		next
	}
	if (body !~ /^(not )?ok [0-9]+/) next
	if (indent == 0) top++
	parent = (prev > indent)
	prev = indent
	if (parent) next
	if (body ~ /# *(SKIP|skip)/) { skip++; bs++ }
	else if (body ~ /^not ok/) { fail++; bf++ }
	else { pass++; bp++ }
}
END {
	flush()
	printf "total: %d passed, %d failed, %d skipped\n", tp, tf, ts
	exit (tf > 0 || empty) ? 1 : 0
}' "$@"
