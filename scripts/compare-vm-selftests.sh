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
[ "$out" = /dev/null ] && out=$(mktemp)
for f in "$b" "$p"; do
	[ -s "$f" ] || { echo "$0: $f is missing or empty" >&2; exit 1; }
done
awk -F '\t' '
FNR == 1 { side++ }
/^#/ || $0 == "" { next }
side == 1 { if (!($2 in base)) { order[++n] = $2 }; base[$2] = $1; next }
{ patched[$2] = $1 }
END {
	print "TAP version 13"; print "1.." n
	bad = 0
	for (i = 1; i <= n; i++) {
		t = order[i]; r = base[t]; q = (t in patched) ? patched[t] : "missing"
		if (r != "PASS")
			printf "ok %d %s # SKIP %s on the base kernel (patched: %s)\n", i, t, r, q
		else if (q == "PASS")
			printf "ok %d %s\n", i, t
		else {
			printf "not ok %d %s: passes on the base kernel, %s on the patched kernel\n", i, t, q
			bad = 1
		}
	}
	exit bad
}' "$b" "$p" >"$out.tmp" && rc=0 || rc=$?
cat "$out.tmp"
[ "$out" = /dev/null ] || mv "$out.tmp" "$out"
rm -f "$out.tmp" 2>/dev/null || true
exit "$rc"
