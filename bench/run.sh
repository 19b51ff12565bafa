#!/bin/sh
# bench/run.sh: base against patched, pin_user_pages_fast() long-term
# write pins on anonymous, shmem and hugetlb memory (bench/guest-bench.sh).
#
# ROUNDS rounds (default 7); each boots base (A), patched and base again
# (B), in a rotating order, a fresh boot each. Per case it reports the
# median over rounds of patched/base-A, and beside it the base-B/base-A
# ratio: the noise of this machine. Ratios are of time: above 1 is slower.
set -eu
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
. "$TOP/scripts/lib.sh"

rounds=${ROUNDS:-7}
out="$BUILD/bench"
mkdir -p "$out"
for v in base patched; do
	"$TOP/scripts/kernel.sh" "$v" >/dev/null
done
for v in base patched; do
	[ -x "$BUILD/k/$v/tests/pin-hazard/hazard" ] || "$TOP/scripts/build-tests.sh" "$v"
done

: >"$out/raw.txt"
r=1
while [ "$r" -le "$rounds" ]; do
	case $((r % 3)) in
	1) order="base:A patched:P base:B" ;;
	2) order="patched:P base:B base:A" ;;
	0) order="base:B base:A patched:P" ;;
	esac
	for vk in $order; do
		v=${vk%:*} k=${vk#*:}
		say "bench: round $r/$rounds, $v ($k)"
		"$TOP/scripts/guest-run.sh" -n "bench-$k" -t 600 \
			"$BUILD/k/$v/obj/arch/x86/boot/bzImage" \
			"REPS=${REPS:-15} bash $TOP/bench/guest-bench.sh $v" >"$out/round$r-$k.log" 2>&1 ||
			die "bench: guest run failed (see $out/round$r-$k.log)"
		sed "s/^/$r $k /" "$BUILD/run/bench-$k/share/bench.txt" >>"$out/raw.txt"
	done
	r=$((r + 1))
done

# raw.txt: ROUND KIND CASE MEDIAN_US
awk '
function median(a, n,   i, j, x) {
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
		if (a[j] < a[i]) { x = a[i]; a[i] = a[j]; a[j] = x }
	return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{ t[$1, $2, $3] = $4; cases[$3] = 1; if ($1 > R) R = $1 }
END {
	for (c in cases) {
		n = 0
		for (r = 1; r <= R; r++) {
			if (t[r, "A", c] <= 0) continue
			n++
			p[n] = t[r, "P", c] / t[r, "A", c]; b[n] = t[r, "B", c] / t[r, "A", c]
			pa[n] = t[r, "A", c]; pp[n] = t[r, "P", c]
		}
		if (!n) continue
		pmin = pmax = p[1]; bmin = bmax = b[1]
		for (i = 1; i <= n; i++) {
			if (p[i] < pmin) pmin = p[i]; if (p[i] > pmax) pmax = p[i]
			if (b[i] < bmin) bmin = b[i]; if (b[i] > bmax) bmax = b[i]
		}
		printf "%-14s %10d %10d  %.3f (%.3f-%.3f)    %.3f (%.3f-%.3f)\n", c,
			median(pa, n), median(pp, n), median(p, n), pmin, pmax,
			median(b, n), bmin, bmax
	}
}' "$out/raw.txt" | sort >"$out/summary.tmp"
{
	printf "%-14s %10s %10s  %-22s %-22s\n" "case" "base us" "patched us" \
		"patched/base (min-max)" "base/base (min-max)"
	cat "$out/summary.tmp"
} | tee "$out/summary.txt"
rm -f "$out/summary.tmp"
say "bench: $rounds rounds; raw numbers in $out/raw.txt, summary in $out/summary.txt"
