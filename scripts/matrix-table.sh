#!/bin/sh
# matrix-table.sh BASE.tap PATCHED.tap: the accept/reject matrix of
# gup_longterm_matrix on two kernels, side by side, for long-term write
# pins (slow = pin_user_pages, fast = pin_user_pages_fast, uring = io_uring
# buffer registration). "ok" pinned, "EFAULT"/"EOPNOTSUPP" refused with
# that error ("refused" when the old benchmark ioctls give no error code),
# "-" skipped; a cell whose result was not the expected one
# is marked with "!".
set -eu
[ $# -eq 2 ] || { echo "usage: $0 BASE.tap PATCHED.tap" >&2; exit 2; }

cells() {	# cells FILE KERNEL: KERNEL<TAB>MEM<TAB>MAP<TAB>KIND<TAB>RESULT
	sed -e 's/^\(not \)\{0,1\}ok [0-9]* # SKIP /skip /' \
	    -e 's/^ok [0-9]* /ok /' -e 's/^not ok [0-9]* /bad /' "$1" |
	sed -n \
	 -e 's/^\([a-z]*\) pin \(.*\) \(MAP_SHARED\|MAP_PRIVATE\) write \(slow\|fast\): \(.*\)$/\1\t\2\t\3\t\4\t\5/p' \
	 -e 's/^\([a-z]*\) io_uring register \(.*\) \(MAP_SHARED\|MAP_PRIVATE\): \(.*\)$/\1\t\2\t\3\turing\t\4/p' |
	awk -F '\t' -v k="$2" 'BEGIN { OFS = "\t" } {
		r = $5
		if ($1 == "skip") r = "-"
		else if (r ~ /^pinned|^registered|^success/) r = "ok"
		else if (r ~ /Bad address/) r = "EFAULT"
		else if (r ~ /not supported/) r = "EOPNOTSUPP"
		else if (r ~ /Invalid argument/) r = "EINVAL"
		else if (r ~ /Cannot allocate/) r = "ENOMEM"
		else if (r ~ /^refused after/) r = "refused"
		else r = "?"
		if ($1 == "bad") r = r "!"
		print k, $2, $3, $4, r
	}'
}
{ cells "$1" base; cells "$2" patched; } | awk -F '\t' '
{
	key = $2 "\t" $3
	if (!(key in seen)) { seen[key] = 1; order[++n] = key }
	v[$1, key, $4] = $5
}
END {
	printf "  %-19s %-11s | %-25s | %-25s\n", "", "", "base", "patched"
	printf "  %-19s %-11s | %-8s%-8s%-9s | %-8s%-8s%-9s\n", "memory", "mapping",
		"slow", "fast", "uring", "slow", "fast", "uring"
	for (i = 1; i <= n; i++) {
		split(order[i], km, "\t")
		printf "  %-19s %-11s |", km[1], km[2]
		for (k = 1; k <= 2; k++) {
			kern = (k == 1) ? "base" : "patched"
			printf " %-8s%-8s%-9s %s", c(kern, order[i], "slow"),
				c(kern, order[i], "fast"), c(kern, order[i], "uring"),
				(k == 1) ? "|" : "\n"
		}
	}
}
function c(kern, key, kind) { return ((kern, key, kind) in v) ? v[kern, key, kind] : "." }'
