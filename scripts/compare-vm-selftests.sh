#!/bin/sh
# compare-vm-selftests.sh BASE.txt PATCHED.txt [OUT.tap]: the vm selftests
# must behave on the patched kernel as on the base. The inputs are
# tests/guest/job.sh's vm-tests.txt ("RESULT<TAB>test command", RESULT one
# of PASS, FAIL, SKIP), one per kernel, or a recorded copy of one (lines
# starting with "#" are comments). For each test of the base:
#   PASS on base, PASS on patched     ok
#   PASS on base, FAIL or SKIP        not ok: a regression (a pass that
#                                     became a skip hides one)
#   PASS on base, missing on patched  not ok
#   FAIL/SKIP on base                 ok # SKIP, with the base's result:
#                                     no evidence either way
# Tests that only the patched kernel ran (the series' own) are not
# compared here. TAP on stdout and in OUT.tap; exit 1 on a regression.
set -eu
[ $# -ge 2 ] || { echo "usage: $0 BASE.txt PATCHED.txt [OUT.tap]" >&2; exit 2; }
b=$1 p=$2 out=${3:-/dev/null}
for f in "$b" "$p"; do
	[ -s "$f" ] || { echo "$0: $f is missing or empty" >&2; exit 1; }
done
. "$(dirname "$0")/tap.sh"
# One "BASE<TAB>PATCHED<TAB>test" line per test of the base, in its order.
pairs=$(awk -F '\t' '
FNR == 1 { side++ }
/^#/ || $0 == "" { next }
side == 1 { if (!($2 in base)) { order[++n] = $2 }; base[$2] = $1; next }
{ patched[$2] = $1 }
END {
	for (i = 1; i <= n; i++) {
		t = order[i]
		print base[t] "\t" ((t in patched) ? patched[t] : "missing") "\t" t
	}
}' "$b" "$p")
tab=$(printf '\t') tmp=$(mktemp)
{
	tap_header
	tap_plan "$(printf '%s\n' "$pairs" | grep -c .)"
	while IFS=$tab read -r r q t; do
		if [ "$r" != PASS ]; then
			tap_skip "$t" "$r on the base kernel (patched: $q)"
		elif [ "$q" = PASS ]; then
			tap_ok "$t"
		else
			tap_not_ok "$t: passes on the base kernel, $q on the patched kernel"
		fi
	done <<EOF2
$pairs
EOF2
	tap_failed && rc=1 || rc=0
} >"$tmp"
cat "$tmp"
if [ "$out" = /dev/null ]; then rm -f "$tmp"; else mv "$tmp" "$out"; fi
exit "$rc"
