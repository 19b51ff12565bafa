#!/bin/sh
# proof-check.sh OUTDIR: the matrix selftest must be able to fail. Every
# long-term write pin cell that the patched kernel refuses (but for
# memfd_secret, refused everywhere) must be reported as a failure when the
# same binary runs on the base kernel told to expect the restriction
# (--expect-restricted): the base pins it, and the test says so.
# Reads OUTDIR/patched-matrix.tap and OUTDIR/raw/base-matrix-expect-
# restricted.tap; writes OUTDIR/base-proof.tap, one result per cell.
set -eu
outdir=${1:?usage: $0 OUTDIR}
p="$outdir/patched-matrix.tap" b="$outdir/raw/base-matrix-expect-restricted.tap"
[ -f "$p" ] && [ -f "$b" ] || { echo "missing $p or $b" >&2; exit 1; }
awk '
FNR == 1 { side++ }
/^(not )?ok [0-9]+ pin .* write (slow|fast): / {
	ok = ($1 == "ok")
	line = $0; sub(/^(not )?ok [0-9]+ /, "", line)
	key = line; sub(/: .*/, "", key)
	res = line; sub(/^[^:]*: /, "", res)
	if (side == 1) {
		if (ok && res ~ /^refused/ && key !~ /memfd_secret/) want[++n] = key
	} else {
		bok[key] = ok; bres[key] = res
	}
}
END {
	print "TAP version 13"
	print "1.." (n ? n : 1)
	if (!n) { print "not ok 1 the patched kernel refused no cell: nothing proves the test can fail"; exit 1 }
	for (i = 1; i <= n; i++) {
		k = want[i]
		if (!(k in bok))
			printf "not ok %d %s: missing from the base run\n", i, k
		else if (bok[k])
			printf "not ok %d %s: the base run did not fail it (%s)\n", i, k, bres[k]
		else
			printf "ok %d %s: refused on the patched kernel, fails on the base (%s)\n", i, k, bres[k]
	}
}' "$p" "$b" | tee "$outdir/base-proof.tap"
! grep -q '^not ok' "$outdir/base-proof.tap"
