#!/bin/sh
# Tests of the harness's own logic on recorded logs: the TAP/KTAP totals
# (scripts/tap-summary.sh) and the kernel splat detector
# (scripts/splat-check.sh). TAP output; run by `make check`.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
d="$here/data"
n=0 failed=0

check() {	# check DESCRIPTION EXPECTED ACTUAL
	n=$((n + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $n $1"
	else
		echo "not ok $n $1"
		echo "#   expected: $2"
		echo "#   got:      $3"
		failed=$((failed + 1))
	fi
}
total() { "$top/scripts/tap-summary.sh" "$@" 2>&1 | tail -n 1; }
status() { "$@" >/dev/null 2>&1; echo $?; }

echo "TAP version 13"
echo "1..16"
check "kselftest: passes and a skip" \
	"total: 3 passed, 0 failed, 1 skipped" "$(total "$d/kselftest-pass.tap")"
check "kselftest: all passed exits 0" 0 "$(status "$top/scripts/tap-summary.sh" "$d/kselftest-pass.tap")"
check "kselftest: plan of 5, 3 results: 2 missing count as failed" \
	"total: 2 passed, 3 failed, 0 skipped" "$(total "$d/kselftest-truncated.tap")"
check "kselftest: failures exit 1" 1 "$(status "$top/scripts/tap-summary.sh" "$d/kselftest-truncated.tap")"
check "KTAP: only leaves count, parents and timestamps ignored" \
	"total: 3 passed, 1 failed, 2 skipped" "$(total "$d/kunit-nested.log")"
check "several files add up" \
	"total: 8 passed, 4 failed, 3 skipped" \
	"$(total "$d/kselftest-pass.tap" "$d/kselftest-truncated.tap" "$d/kunit-nested.log")"
check "a file with no results fails" 1 "$(status "$top/scripts/tap-summary.sh" "$d/no-results.log" "$d/kselftest-pass.tap")"
check "recorded guest log: no splat" 0 "$(status "$top/scripts/splat-check.sh" "$d/console-clean.log")"
check "missing log: no splat" 0 "$(status "$top/scripts/splat-check.sh" "$d/does-not-exist")"
for f in warn kasan lockdep panic oops; do
	check "recorded $f splat is caught" 1 "$(status "$top/scripts/splat-check.sh" "$d/console-$f.log")"
done
check "a splat in any of several logs is caught" 1 \
	"$(status "$top/scripts/splat-check.sh" "$d/console-clean.log" "$d/console-warn.log")"
check "the splat is printed" "    WARNING: CPU: 1 PID: 77 at mm/gup.c:123 try_grab_folio+0x1a/0x1c0" \
	"$("$top/scripts/splat-check.sh" "$d/console-warn.log" | sed -n 3p)"
[ "$failed" -eq 0 ]
