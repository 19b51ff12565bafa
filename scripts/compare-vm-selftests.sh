#!/bin/sh
# compare-vm-selftests.sh OUTDIR: the existing vm selftests must behave on
# the patched kernel as on the base. From OUTDIR/raw/{base,patched}-vm-
# selftests.tap write OUTDIR/vm-selftests.tap: a test passing on both
# passes; failing on the patched kernel only fails; failing on both is a
# skip ("already failing on the base"), listed.
set -eu
outdir=${1:?usage: $0 OUTDIR}
b="$outdir/raw/base-vm-selftests.tap" p="$outdir/raw/patched-vm-selftests.tap"
[ -f "$b" ] && [ -f "$p" ] || { echo "missing $b or $p" >&2; exit 1; }
awk '
FNR == 1 { side++ }
/^(not )?ok [0-9]+/ {
	ok = ($1 == "ok"); n = ok ? $2 : $3
	name = $0; sub(/^(not )?ok [0-9]+ /, "", name); sub(/ \(exit [0-9]+\)$/, "", name)
	skip = (name ~ /# SKIP/); sub(/ # SKIP.*/, "", name)
	if (side == 1) { base[n] = ok; bskip[n] = skip }
	else { pname[n] = name; pok[n] = ok; pskip[n] = skip; if (n > max) max = n }
}
END {
	print "TAP version 13"; print "1.." max
	for (i = 1; i <= max; i++) {
		if (pskip[i]) printf "ok %d %s # SKIP skipped on the patched kernel too\n", i, pname[i]
		else if (pok[i]) printf "ok %d %s\n", i, pname[i]
		else if (!base[i]) printf "ok %d %s # SKIP already failing on the base kernel\n", i, pname[i]
		else printf "not ok %d %s: passes on the base, fails on the patched kernel\n", i, pname[i]
	}
}' "$b" "$p" | tee "$outdir/vm-selftests.tap"
