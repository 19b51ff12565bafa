#!/bin/sh
# splat-check.sh LOG...
#
# Fail (exit 1) and print the offending lines, with some context, when a
# kernel log holds a panic, oops, BUG, WARN, KASAN/UBSAN report, lockdep
# report, RCU stall or hung task. A dump_page() alone is not a splat: gup_test
# -c dumps pages on purpose, and a real VM_BUG_ON_PAGE is followed by a BUG. Missing or empty logs are fine (a guest
# that died early is caught by its missing exit status instead).
# Tested on recorded logs by tests/harness/run.sh.
set -eu
found=0
for log; do
	[ -s "$log" ] || continue
	# Strip printk timestamps and the harness's own "    | " prefix.
	if sed -e 's/^    | //' -e 's/^\[ *[0-9.]*\] //' "$log" | awk -v f="$log" '
	/^(Kernel panic - not syncing|kernel BUG at |BUG: |Oops: |Oops\[|general protection fault|Unable to handle kernel|UBSAN: |ODEBUG: |DEBUG_LOCKS_WARN_ON)/ ||
	/^WARNING: |^------------\[ cut here \]------------|^INFO: task .* blocked for more than|^rcu: INFO: |^INFO: (possible|trying to register|lockdep)/ ||
	/^KASAN: / {
		if (!hits++) printf "splat in %s:\n", f
		if (hits <= 40) print "    " $0
		next
	}
	END { exit hits ? 0 : 1 }'; then
		found=1
	fi
done
[ "$found" -eq 0 ]
