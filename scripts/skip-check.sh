#!/bin/sh
# skip-check.sh EXPECTED OUT.tap FILE...: the tests that skipped in each
# FILE (VARIANT-PART.tap from scripts/guest-tests.sh) must be exactly the
# ones EXPECTED lists for PART. A skip nobody expected is a failure that
# names its reason (a missing resource, or a failure made to look like a
# skip); an expected skip that did not happen is a failure too, so that
# the list stays exact.
#
# EXPECTED: one "PART: test name" per line; "#" starts a comment. Skips are
# read from kselftest TAP ("ok N # SKIP name: reason") and from KUnit's
# skipped parameterized cases ("# test: case: skipped: reason").
# OUT.tap gets one TAP line per FILE. Exit status 1 on any difference.
set -eu
export LC_ALL=C
[ $# -ge 3 ] || { echo "usage: $0 EXPECTED OUT.tap FILE..." >&2; exit 2; }
expected=$1 out=$2
shift 2
[ -r "$expected" ] || { echo "skip-check: no $expected" >&2; exit 2; }

# skips FILE: "name<TAB>reason" for every skipped test in FILE
skips() {
	sed -e 's/^    | //' -e 's/^\[ *[0-9.]*\] //' "$1" | awk '
		/^ok [0-9]+ # SKIP / {
			s = $0; sub(/^ok [0-9]+ # SKIP /, "", s)
			i = index(s, ": ")
			if (i) print substr(s, 1, i - 1) "\t" substr(s, i + 2)
			else print s "\t(no reason given)"
			next
		}
		/^[ \t]*# [^:]+: .*: skipped: / {
			s = $0; sub(/^[ \t]*# /, "", s)
			i = index(s, ": skipped: ")
			print substr(s, 1, i - 1) "\t" substr(s, i + 11)
		}'
}

. "$(dirname "$0")/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
tap_header
tap_plan $#
for f; do
	part=$(basename "$f" .tap)
	part=${part##*-}
	sed -e 's/#.*//' -e 's/[ \t]*$//' "$expected" |
		awk -v p="$part: " 'index($0, p) == 1 { print substr($0, length(p) + 1) }' |
		sort -u >"$tmp/want"
	if [ ! -r "$f" ]; then
		tap_not_ok "$f: no such file"
		continue
	fi
	skips "$f" | sort -t "$(printf '\t')" -k1,1 -u >"$tmp/got"
	cut -f1 "$tmp/got" >"$tmp/got-names"
	new=$(join -t "$(printf '\t')" -v 1 "$tmp/got" "$tmp/want" || true)
	gone=$(comm -13 "$tmp/got-names" "$tmp/want")
	if [ -z "$new" ] && [ -z "$gone" ]; then
		tap_ok "$(basename "$f"): $(wc -l <"$tmp/want") skips, all expected"
		continue
	fi
	tap_not_ok "$(basename "$f"): the skips differ from $expected"
	[ -z "$new" ] || echo "$new" | sed 's/\t/: /; s/^/unexpected skip: /' | tap_diag
	[ -z "$gone" ] || echo "$gone" | sed 's/^/expected skip did not happen (it ran): /' | tap_diag
done
} >"$out"
cat "$out"
! tap_failed
