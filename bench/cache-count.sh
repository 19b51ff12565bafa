#!/bin/sh
# bench/cache-count.sh PLUGIN_LOG KERNEL_OBJ RAM_BASE: from the log of one boot under
# QEMU's cache plugin (bench/cache-plugin.sh; run with limit= large enough
# to list every instruction that missed), print
#   "GUP_DMISSES GUP_IMISSES ALL_DMISSES ALL_DACCESSES"
# where GUP_* are the L1 data and instruction cache misses at instructions
# of mm/gup.c's functions (their names from KERNEL_OBJ/mm/gup.o, their
# addresses and sizes from KERNEL_OBJ/vmlinux; GUP-fast's leaves are
# inlined into internal_get_user_pages_fast(), the long-term check is its
# own function, and so is each .cold part), and ALL_* the whole boot's
# data cache figures.
# In system emulation the plugin names an instruction by the host address
# of its bytes, that is QEMU's mapping of guest RAM (RAM_BASE, hex, read
# from /proc/PID/maps while the guest ran) plus the guest physical
# address; the kernel's text is linked at 0xffffffff80000000 plus its
# physical address (no KASLR in the harness's kernels). Host addresses
# have 47 bits, which awk's doubles hold exactly; for kernel addresses
# only the low 32 bits are converted, after checking the high ones.
set -eu
log=$1 obj=$2 base=$3
[ -s "$log" ] || { echo "cache-count: no plugin log $log" >&2; exit 1; }
[ -f "$obj/vmlinux" ] && [ -f "$obj/mm/gup.o" ] ||
	{ echo "cache-count: need $obj/vmlinux and $obj/mm/gup.o" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nm --defined-only "$obj/mm/gup.o" | awk '$2 ~ /^[tT]$/ { print $3 }' | sort -u >"$tmp/names"
# "start size name" of those functions in vmlinux; a name defined more than
# once in the kernel (an out-of-line copy of a header's inline, say) is
# left out rather than guessed.
nm -S --defined-only "$obj/vmlinux" | awk '$3 ~ /^[tT]$/ { print $1, $2, $4 }' >"$tmp/syms"
awk 'NR == FNR { w[$1] = 1; next }
	($3 in w) { n[$3]++; line[$3] = $0 }
	END { for (k in n) if (n[k] == 1) print line[k] }' "$tmp/names" "$tmp/syms" >"$tmp/ranges"
[ -s "$tmp/ranges" ] || { echo "cache-count: no mm/gup.o function found in vmlinux" >&2; exit 1; }
awk '
function hex(s,   i, v) {	# the value of a hex string of up to 12 digits
	v = 0; s = tolower(s)
	for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return v
}
NR == 1 { rb = hex(base) }
NR == FNR {
	if (substr($1, 1, 8) != "ffffffff" || hex(substr($1, 9)) < 2147483648) next
	# guest physical = virtual - 0xffffffff80000000
	nr++; lo[nr] = hex(substr($1, 9)) - 2147483648; hi[nr] = lo[nr] + hex($2)
	next
}
/^core #/ { getline; dacc = $2; dmiss = $3; next }
/^address, data misses/ { sec = "d"; next }
/^address, fetch misses/ { sec = "i"; next }
/^address, L2 misses/ { sec = ""; next }
sec != "" && /^0x/ {
	a = $1; sub(/^0x/, "", a); sub(/,$/, "", a)
	x = hex(a) - rb; m = $2; sub(/,$/, "", m)
	if (x < 0) next
	for (i = 1; i <= nr; i++)
		if (x >= lo[i] && x < hi[i]) { if (sec == "d") gd += m; else gi += m; break }
}
END {
	if (dacc == "") { print "cache-count: no totals in the plugin log" > "/dev/stderr"; exit 1 }
	printf "%d %d %s %s\n", gd, gi, dmiss, dacc
}' base="$base" "$tmp/ranges" "$log"
