#!/bin/sh
# bench/run.sh: base against patched kernel, GUP-fast and its callers
# (the cases of bench/gupbench.c; `build/bench/gupbench -l` lists them).
# See bench/README.md.
#
# Each round boots base (A), patched (P) and base again (B), a fresh boot
# each, one guest at a time, in an order that rotates from round to round;
# every boot runs every case. Per case: base and patched medians over the
# rounds with min and max, the median of patched/base (P/A of each round)
# with its min and max, and base/base (B/A): the noise of this run.
# Ratios are of time, so above 1 means the patched kernel is slower.
#
# Variables:
#   BENCH_MODE=icount  (default) TCG, 1 vCPU, -icount shift=0,sleep=off:
#                      guest time counts instructions (1 ns = 1 instruction)
#                      and two boots agree to the microsecond; 3 rounds
#              tcg     plain TCG, 1 vCPU, wall-clock guest time; 7 rounds
#              kvm     KVM (fails if KVM does not work here), 1 vCPU; 7 rounds
#   ROUNDS=N           rounds (default per mode, above)
#   CASES="a b ..."    cases to run (default: all)
#   SCALE=X            multiply every case's repetitions by X (default 1)
#   BASE_KERNEL=, PATCHED_KERNEL=   bzImages to compare (default: build
#                      base and release with scripts/kernel.sh: release is
#                      the series with base's config exactly, without the
#                      KUnit suite that the patched test kernel compiles
#                      into mm/gup.c)
#   BENCH_OUT=DIR      results (default build/bench): summary.txt,
#                      results.csv, raw.txt, one log per boot, and copies
#                      of the two kernels, which the boots use
# Example, one case, the lead's kernel against base, in about a minute:
#   CASES=futex-ext4 ROUNDS=1 PATCHED_KERNEL=/path/bzImage bench/run.sh
set -eu
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
. "$TOP/scripts/lib.sh"

start=$(date +%s)
mode=${BENCH_MODE:-icount}
case $mode in
icount)	accel=tcg qopts="-icount shift=0,sleep=off" drounds=1
	unit="us of guest time = thousands of guest instructions (icount)" ;;
tcg)	accel=tcg qopts="" drounds=7 unit="us of guest (wall-clock) time, plain TCG" ;;
kvm)	accel=kvm qopts="" drounds=7 unit="us of guest (wall-clock) time, KVM"
	got=$(GUEST_ACCEL="" "$TOP/scripts/accel.sh" -v 2>"$BUILD/accel.why" || true)
	[ "$got" = "-accel kvm" ] ||
		die "BENCH_MODE=kvm: KVM does not work on this machine ($(cat "$BUILD/accel.why")); use BENCH_MODE=icount or tcg" ;;
*)	die "BENCH_MODE=$mode: expected icount, tcg or kvm" ;;
esac
# BENCH_LONG=1, for posting: three rounds, and the cache simulation of
# every row that is not a refusal.
[ "${BENCH_LONG:-0}" = 1 ] && [ "$mode" = icount ] && drounds=3
rounds=${ROUNDS:-$drounds}
scale=${SCALE:-1}
out=${BENCH_OUT:-$BUILD/bench}
case $rounds in ''|*[!0-9]*|0) die "ROUNDS=$rounds: expected a positive number" ;; esac
mkdir -p "$out"

kernel_of() {	# kernel_of VARIANT GIVEN: the bzImage to boot, as an absolute path
	if [ -n "$2" ]; then
		[ -f "$2" ] || die "no kernel image at $2"
		(cd "$(dirname "$2")" && echo "$(pwd)/$(basename "$2")")
	else
		# kernel.sh prints build progress on stdout too: the path is
		# its last line.
		kout=$("$TOP/scripts/kernel.sh" "$1") || die "bench: cannot build the $1 kernel"
		kout=$(printf '%s\n' "$kout" | tail -n 1)
		[ -f "$kout" ] || die "bench: scripts/kernel.sh $1 gave no kernel image ($kout)"
		echo "$kout"
	fi
}
kbase=$(kernel_of base "${BASE_KERNEL:-}")
kpatched=$(kernel_of release "${PATCHED_KERNEL:-}")
gupbench=$("$TOP/bench/build.sh")
gup_test=$BUILD/bench/gup_test
# Boot copies: a kernel rebuilt while the bench runs must not end up in
# some of its rounds only.
cp "$kbase" "$out/bzImage-base"
cp "$kpatched" "$out/bzImage-patched"

"$gupbench" -l | awk '{ print $1, $2 }' >"$out/classes.txt"
cases=${CASES:-$(cut -d' ' -f1 "$out/classes.txt" | tr '\n' ' ')}
for c in $cases; do
	grep -q "^$c " "$out/classes.txt" ||
		die "CASES: no case '$c' (known: $(cut -d' ' -f1 "$out/classes.txt" | tr '\n' ' '))"
done
ncases=$(echo "$cases" | wc -w)

say "bench: mode $mode, $rounds round(s) of 3 boots (base, patched, base), $ncases case(s), scale $scale"
say "bench: base    ${kbase#"$TOP"/}"
say "bench: patched ${kpatched#"$TOP"/}"
rm -f "$out"/round*.log "$out"/round*.info "$out"/cache-*.log
: >"$out/raw.txt"
: >"$out/raw-gup_test.txt"
# A 1 GiB huge page for the hugetlb rows at the PUD leaf (huge1g).
bench_cmdline="hugepagesz=1G hugepages=1 ${GUEST_CMDLINE:-}"
# Boots go through the harness's guest-job entry point, with the bench
# part (tests/guest/parts/bench.sh); the results come back into $gout.
gout=$out/guest
mkdir -p "$gout"
guest_bench() {	# guest_bench base|patched IMAGE NAME CASES GUP_TEST
	_variant=base
	[ "$1" = patched ] && _variant=release
	"$TOP/scripts/guest-tests.sh" -x "$1" -t "${GUEST_TIMEOUT:-900}" -k "$2" -n "$3" \
		-v bench_gupbench="$gupbench" -v bench_scale="$scale" \
		-v bench_cases="$4" -v bench_gup_test="$5" "$_variant" "$gout" bench
}
r=1
while [ "$r" -le "$rounds" ]; do
	case $((r % 3)) in
	1) order="A P B" ;;
	2) order="P B A" ;;
	0) order="B A P" ;;
	esac
	for k in $order; do
		kernel=$out/bzImage-base v=base
		[ "$k" = P ] && kernel=$out/bzImage-patched v=patched
		say "bench: round $r/$rounds, $v ($k)"
		log="$out/round$r-$k.log"
		rm -f "$gout/bench-$k"-*
		GUEST_PMEM=no GUEST_ACCEL=$accel GUEST_SMP=1 GUEST_QEMU_OPTS="$qopts ${GUEST_QEMU_OPTS:-}" \
		GUEST_CMDLINE="$bench_cmdline" \
			guest_bench "$v" "$kernel" "bench-$k" "$cases" "$gup_test" >"$log" 2>&1 ||
			{ grep 'gupbench:' "$BUILD/run/bench-$k/share/output" >&2 || true
			  die "bench: guest run failed (see ${log#"$TOP"/})"; }
		res="$gout/bench-$k-bench.txt"
		[ "$(wc -l <"$res")" -eq "$ncases" ] ||
			die "bench: $(wc -l <"$res") result lines for $ncases cases (see ${log#"$TOP"/})"
		cp "$gout/bench-$k-guest-info.txt" "$out/round$r-$k.info"
		# Under icount a plain loop must take 1 ns of guest time an
		# instruction, or the figures are not instruction counts.
		if [ "$mode" = icount ]; then
			npi=$(sed -n 's/^ns-per-insn: //p' "$out/round$r-$k.info")
			awk -v x="$npi" 'BEGIN { exit !(x >= 0.99 && x <= 1.02) }' ||
				die "bench: icount mode, but the guest runs ${npi:-?} ns an instruction, not 1 (QEMU ignored -icount?)"
		fi
		sed "s/^/$r $k /" "$res" >>"$out/raw.txt"
		sed "s/^/$r|$k|/" "$gout/bench-$k-gup_test.txt" >>"$out/raw-gup_test.txt"
	done
	r=$((r + 1))
done

# --- the cache simulation ------------------------------------------------
# Per case and kernel, one boot under QEMU's contrib cache plugin (L1 data
# and instruction caches, 16 KiB, 8-way, 64-byte lines, LRU: the plugin's
# defaults), with -icount as above, running that case alone: the L1 misses
# at instructions of mm/gup.c (bench/cache-count.sh) over every GUP call
# the process made. A boot is over a minute here, so by default one row,
# to keep make bench within ten minutes: GUP-fast-only (KVM's way) on
# shmem THP, a caller the rule does not concern at the PMD leaf, where a
# long-term pin's check reads the address_space. BENCH_LONG=1 simulates
# every row that is not a refusal, the long-term ones too.
if [ "${BENCH_LONG:-0}" = 1 ]; then
	dcache=$(awk '$2 == "unaffected" || $2 == "allowed" { print $1 }' "$out/classes.txt" | tr '\n' ' ')
else
	dcache="only-shmthp-1"
fi
ccases=${CACHE_CASES-$dcache}
[ "$mode" = icount ] || ccases=""
: >"$out/raw-cache.txt"
if [ -n "$ccases" ]; then
	plugin=$("$TOP/bench/cache-plugin.sh") || die "bench: no cache plugin (bench/cache-plugin.sh)"
	nc=$(echo "$ccases" | wc -w) i=0
	for c in $ccases; do
		grep -q "^$c " "$out/classes.txt" || die "CACHE_CASES: no case '$c'"
		i=$((i + 1))
		for k in A P; do
			kernel=$out/bzImage-base v=base kobj=${kbase%/arch/x86/boot/bzImage}
			[ "$k" = P ] && kernel=$out/bzImage-patched v=patched kobj=${kpatched%/arch/x86/boot/bzImage}
			say "bench: cache simulation $i/$nc, $c, $v"
			log="$out/cache-$c-$k.log"
			rm -f "$gout"/bench-cache-*
			GUEST_PMEM=no GUEST_ACCEL=tcg GUEST_SMP=1 GUEST_CMDLINE="$bench_cmdline" \
			GUEST_QEMU_OPTS="-icount shift=0,sleep=off -plugin $plugin,limit=100000000 -d plugin -D $out/cache-$c-$k.plugin" \
				guest_bench "$v" "$kernel" bench-cache "$c" "" >"$log" 2>&1 ||
				die "bench: cache simulation boot failed (see ${log#"$TOP"/})"
			# Guest RAM: QEMU's largest private read-write mapping (the
			# translated code buffer, as large, is also executable).
			rb=$(awk '$2 == "rw-p" { split($1, r, "-"); print r[1], r[2] }' \
				"$BUILD/run/bench-cache/qemu.maps" 2>/dev/null |
				while read -r lo hi; do echo "$(( 0x$hi - 0x$lo )) $lo"; done |
				sort -n | tail -n 1 | cut -d' ' -f2)
			[ -n "$rb" ] || die "bench: guest RAM not found in QEMU's address map ($BUILD/run/bench-cache/qemu.maps)"
			counts=$("$TOP/bench/cache-count.sh" "$out/cache-$c-$k.plugin" "$kobj" "$rb") ||
				die "bench: cannot read the cache plugin's log for $c ($v)"
			all=$(awk '{ print $5 }' "$gout/bench-cache-bench.txt")
			echo "$k $c $all $counts" >>"$out/raw-cache.txt"
			rm -f "$out/cache-$c-$k.plugin"
		done
	done
fi
took=$(( $(date +%s) - start ))

# raw.txt: ROUND KIND CASE TOTAL_US CALLS NOTE; classes.txt: CASE CLASS.
# One output line per case, in the order of CASES:
# case class calls  A med min max  P med min max  P/A med min max
# B/A med min max  delta-per-call-ns  base-note patched-note
order_list=$(echo "$cases" | tr -s ' ' ',' | sed 's/^,//; s/,$//')
awk -v order="$order_list" 'BEGIN { CONVFMT = "%.10g" }
function median(a, n,   i, j, x) {
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
		if (a[j] < a[i]) { x = a[i]; a[i] = a[j]; a[j] = x }
	return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function stats(a, n,   i, lo, hi) {	# "median min max"
	lo = hi = a[1]
	for (i = 2; i <= n; i++) { if (a[i] < lo) lo = a[i]; if (a[i] > hi) hi = a[i] }
	return median(a, n) " " lo " " hi
}
FNR == NR { class[$1] = $2; next }
{
	t[$1, $2, $3] = $4; calls[$3] = $5; note[$2, $3] = $6
	if ($1 > R) R = $1
}
END {
	nc = split(order, cs, ",")
	for (ci = 1; ci <= nc; ci++) {
		c = cs[ci]; n = 0
		for (r = 1; r <= R; r++) {
			if (!((r, "A", c) in t) || t[r, "A", c] <= 0) continue
			n++
			a[n] = t[r, "A", c]; p[n] = t[r, "P", c]
			pa[n] = p[n] / a[n]; ba[n] = t[r, "B", c] / a[n]
		}
		if (!n) continue
		split(stats(a, n), sa, " "); split(stats(p, n), sp, " ")
		printf "%s %s %d %s %s %s %s %.1f %s %s\n", c, class[c], calls[c],
			stats(a, n), stats(p, n), stats(pa, n), stats(ba, n),
			(sp[1] - sa[1]) * 1000 / calls[c], note["A", c], note["P", c]
	}
}' "$out/classes.txt" "$out/raw.txt" >"$out/stats.txt"

# results.csv
{
	echo "case,class,mode,rounds,calls,base_median_us,base_min_us,base_max_us,patched_median_us,patched_min_us,patched_max_us,ratio_median,ratio_min,ratio_max,basebase_median,basebase_min,basebase_max,delta_ns_per_call,base_note,patched_note,verdict"
	awk -v mode="$mode" -v R="$rounds" '{
		v = "ok"
		if ($2 == "refused" || $2 == "baseline") v = "info"
		else if ($10 > 1.01) v = "over"
		printf "%s,%s,%s,%d,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.5f,%.5f,%.5f,%.5f,%.5f,%.5f,%.1f,%s,%s,%s\n",
			$1, $2, mode, R, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
			$13, $14, $15, $16, $17, $18, v
	}' "$out/stats.txt"
} >"$out/results.csv"

# summary.txt: a few lines about the run, then the table.
{
	echo "bench: $(date -u '+%Y-%m-%d %H:%M UTC'), mode $mode, $rounds round(s) x 3 boots, scale $scale, wall time ${took}s"
	echo "base:    ${kbase#"$TOP"/} (sha256 $(sha256sum "$out/bzImage-base" | cut -c1-12))"
	echo "patched: ${kpatched#"$TOP"/} (sha256 $(sha256sum "$out/bzImage-patched" | cut -c1-12))"
	echo "guest:   $(grep -h -e clocksource -e cpus -e ns-per-insn "$out"/round1-A.info | tr '\n' ' ')"
	echo "times:   $unit, summed over each case's calls"
	echo "ratios:  patched/base and base/base, median [min-max] over rounds; delta/call: (patched - base) / calls, in ns"
	[ "$mode" = icount ] && echo "         (under icount: instructions per call; cache effects are not seen)"
	echo "verdict: ok = patched/base <= 1.01; OVER = above; info = refused case (base pins, patched refuses)"
	# Time to -EFAULT on the patched kernel, less the ioctl's own cost.
	awk '{ m[$1] = $7; c[$1] = $3; n[$1] = $18 }
	END {
		if (!("ioctl-empty" in m)) exit
		e = m["ioctl-empty"] * 1000 / c["ioctl-empty"]
		for (k in m) if (k ~ /^refused-/)
			printf "%s patched: %s, %.0f ns a call beyond the ioctl alone (%.0f ns)\n",
				k, n[k], m[k] * 1000 / c[k] - e, e
	}' "$out/stats.txt" | sort
	echo
	printf "%-15s %10s %10s %10s  %10s %10s %10s  %-24s %-24s %9s  %s\n" \
		case "base med" min max "patch med" min max \
		"patched/base [min-max]" "base/base [min-max]" "delta/call" verdict
	awk '{
		v = "ok"
		if ($2 == "refused") v = "info: base " $17 ", patched " $18
		else if ($2 == "baseline") v = "info: the ioctl alone"
		else if ($10 > 1.01) v = "OVER"
		printf "%-15s %10.1f %10.1f %10.1f  %10.1f %10.1f %10.1f  %.4f [%.4f-%.4f]  %.4f [%.4f-%.4f]  %9.1f  %s\n",
			$1, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, v
	}' "$out/stats.txt"
} >"$out/summary.txt"
rm -f "$out/stats.txt"

# gup_test's own lines: median over the rounds of each command's summed
# get time, base and patched.
if [ -s "$out/raw-gup_test.txt" ]; then
	{
		echo
		echo "gup_test (tools/testing/selftests/vm/gup_test, built from the base tree), the same boots:"
		echo "get time summed over -r, $unit; median over rounds"
		printf "%-52s %10s %10s %8s\n" "gup_test arguments" base patched "p/b"
		awk -F'|' '
		function median(a, n,   i, j, x) {
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
				if (a[j] < a[i]) { x = a[i]; a[i] = a[j]; a[j] = x }
			return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		{ if (!($3 in seen)) { seen[$3] = 1; ord[++no] = $3 }
		  k = ($2 == "P") ? "P" : ($2 == "A" ? "A" : ""); if (k == "") next
		  n[$3, k]++; v[$3, k, n[$3, k]] = $4 }
		END {
			for (i = 1; i <= no; i++) {
				a = ord[i]
				for (j = 1; j <= n[a, "A"]; j++) x[j] = v[a, "A", j]; ma = median(x, n[a, "A"])
				for (j = 1; j <= n[a, "P"]; j++) y[j] = v[a, "P", j]; mp = median(y, n[a, "P"])
				printf "%-52s %10d %10d %8.4f\n", a, ma, mp, ma ? mp / ma : 0
			}
		}' "$out/raw-gup_test.txt"
	} >>"$out/summary.txt"
fi

# The cache simulation: L1 misses per GUP call at mm/gup.c's instructions.
if [ -s "$out/raw-cache.txt" ]; then
	{
		echo
		echo "L1 cache misses per call at instructions of mm/gup.c (QEMU contrib cache plugin, -icount; one boot a case and kernel):"
		printf "%-17s %10s  %9s %9s %9s  %9s %9s\n" case calls "base D$" "patch D$" delta "base I$" "patch I$"
		# raw-cache.txt: KIND CASE ALL_CALLS GUP_D GUP_I ALL_DMISS ALL_DACC
		awk '{ c[$2] = $3; d[$2, $1] = $4; i[$2, $1] = $5; if (!($2 in s)) { s[$2] = 1; o[++n] = $2 } }
		END {
			for (k = 1; k <= n; k++) {
				x = o[k]
				printf "%-17s %10d  %9.3f %9.3f %+9.3f  %9.3f %9.3f\n", x, c[x],
					d[x, "A"] / c[x], d[x, "P"] / c[x], (d[x, "P"] - d[x, "A"]) / c[x],
					i[x, "A"] / c[x], i[x, "P"] / c[x]
			}
		}' "$out/raw-cache.txt"
		echo "(the plugin models a private L1 only: no L2/L3, no TLB, no prefetcher, no real hardware timing)"
	} >>"$out/summary.txt"
	{
		echo "case,kind,all_calls,gup_l1d_misses,gup_l1i_misses,boot_l1d_misses,boot_l1d_accesses"
		awk '{ printf "%s,%s,%s,%s,%s,%s,%s\n", $2, ($1 == "A" ? "base" : "patched"), $3, $4, $5, $6, $7 }' "$out/raw-cache.txt"
	} >"$out/cache.csv"
fi
say "bench: done in ${took}s; raw numbers in ${out#"$TOP"/}/raw.txt, table in summary.txt, CSV in results.csv (cache.csv: the simulation)"
cat "$out/summary.txt"
