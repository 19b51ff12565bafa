#!/bin/sh
# backports.sh [VERSION...]: the series on every 6.1.y that Debian's
# archive offers here (`make backports`; default: every version
# `apt-cache madison linux-source-6.1` lists, oldest first). For each:
# download the package (apt-get download: the system is not touched),
# apply patches/ with git am (and, where that fails, with git am -3, a
# three-way merge against the recorded base's blobs, as a maintainer
# would), build the patched guest kernel (KUnit suite
# built in), boot it once and run the KUnit suite and the accept/reject
# matrix. Ends with a table: version -> applies (yes: git am; 3way: only
# git am -3) / builds / KUnit / matrix,
# with the reason for any row that is not all ok; TAP in
# $BUILD/backports/backports.tap, the table in $BUILD/backports/table.txt.
#
# Everything lives in $BUILD/backports (a base repository of its own, one
# build directory reused from version to version: each build is
# incremental, ccache shares hits with the main builds). Not part of
# `make check`: it builds a kernel per version (README: times).
set -eu
. "$(dirname "$0")/lib.sh"
. "$TOP/config/base.conf"
. "$TOP/scripts/tap.sh"

bp="$BUILD/backports"
mkdir -p "$bp"
if [ $# -eq 0 ]; then
	set -- $(apt-cache madison "$BASE_PACKAGE" | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' | sort -V -u)
	[ $# -gt 0 ] || die "apt-cache madison $BASE_PACKAGE lists no version (apt-get update first?)"
fi
say "backports: $# versions: $*"
# git am -3 needs the blobs the patches' index lines name: those of the
# series applied on the recorded base. Apply it there once.
env -u KERNEL_TREE -u BASE_TARBALL BUILD="$bp" BASE_VERSION="$BASE_RECORDED_VERSION" \
	"$TOP/scripts/apply-series.sh" >"$bp/recorded-base.log" 2>&1 ||
	say "backports: the series does not apply to the recorded base here: no three-way fallback"
tap="$bp/backports.tap"
table="$bp/table.txt"
: >"$tap.tmp"
printf '%-12s %-9s %-8s %-7s %-14s %-16s %s\n' version upstream applies builds kunit matrix note >"$table"
n=0 bad=0
for v; do
	n=$((n + 1))
	out="$bp/results/$v"
	rm -rf "$out" && mkdir -p "$out/logs"
	t0=$(date +%s)
	up=- applies=- builds=- kunit=- matrix=- note=
	# Each step runs with BUILD=$bp: a base repository and build tree of
	# its own, so the main ones (build/base, build/k) are left alone.
	am3=
	run() { env -u KERNEL_TREE -u BASE_TARBALL BUILD="$bp" BASE_VERSION="$v" ${am3:+APPLY_3WAY=1} "$@"; }
	if ! run "$TOP/scripts/base-tree.sh" >"$out/logs/base.log" 2>&1; then
		note="no base: $(grep 'error:' "$out/logs/base.log" | tail -n 1)"
	else
		up=$(git -C "$bp/base" show base:Makefile | awk '/^SUBLEVEL =/ { print "6.1." $3 }')
		say "backports: $v (Linux $up): git am"
		if run "$TOP/scripts/apply-series.sh" >"$out/logs/apply.log" 2>&1; then
			applies=yes
		else
			note=$(grep 'error: series:' "$out/logs/apply.log" | sed 's/^error: series: //' | tail -n 1)
			am3=1
			if run "$TOP/scripts/apply-series.sh" >"$out/logs/apply-3way.log" 2>&1; then
				applies=3way note="git am -3 needed: $(echo "$note" | sed 's/ does not apply to the base/ fails/; s/; nothing was applied//')"
			else
				applies=no
			fi
		fi
	fi
	if [ "$applies" != no ] && [ "$applies" != - ]; then
		say "backports: $v: building the patched guest kernel (log: ${out#"$TOP"/}/logs/kernel.log)"
		if run "$TOP/scripts/kernel.sh" patched >"$out/logs/kernel.log" 2>&1 &&
		   run "$TOP/scripts/build-tests.sh" patched >"$out/logs/tests.log" 2>&1; then
			builds=yes
		else
			builds=no
			note="build failed: $(cat "$out/logs/kernel.log" "$out/logs/tests.log" 2>/dev/null | grep -m1 'error' | cut -c1-120)"
		fi
	fi
	if [ "$builds" = yes ]; then
		say "backports: $v: booting it: KUnit and the matrix"
		run "$TOP/scripts/guest-tests.sh" patched "$out" kunit matrix >"$out/logs/guest.log" 2>&1 ||
			note="guest run failed (exit $?): see ${out#"$TOP"/}/logs/guest.log"
		count() {	# count TAPFILE: "P/F/S" passed/failed/skipped, or "missing"
			[ -s "$1" ] || { echo missing; return; }
			"$TOP/scripts/tap-summary.sh" "$1" 2>/dev/null | tail -n 1 |
				sed 's/total: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped.*/\1\/\2\/\3/'
		}
		kunit=$(count "$out/patched-kunit.tap")
		matrix=$(count "$out/patched-matrix.tap")
	fi
	ok=yes
	for c in "$kunit" "$matrix"; do
		case $c in */0/*) ;; *) ok=no ;; esac
	done
	[ "$applies" != no ] && [ "$applies" != - ] && [ "$builds" = yes ] || ok=no
	if [ "$ok" = yes ]; then
		tap_ok "$v (Linux $up): applies ($applies), builds, KUnit $kunit, matrix $matrix (passed/failed/skipped)${note:+ - $note}" >>"$tap.tmp"
	else
		bad=$((bad + 1))
		tap_not_ok "$v (Linux $up): applies=$applies builds=$builds KUnit=$kunit matrix=$matrix ${note:+- $note}" >>"$tap.tmp"
	fi
	printf '%-12s %-9s %-8s %-7s %-14s %-16s %s\n' "$v" "$up" "$applies" "$builds" "$kunit" "$matrix" "$note" >>"$table"
	say "backports: $v done in $(( $(date +%s) - t0 )) s: $(tail -n 1 "$tap.tmp")"
done
{ tap_header; tap_plan "$TAP_N"; cat "$tap.tmp"; } >"$tap"
rm -f "$tap.tmp"
echo
echo "The series on each $BASE_PACKAGE version (KUnit, matrix: passed/failed/skipped):"
cat "$table"
echo "$((n - bad)) passed, $bad failed"
[ "$bad" -eq 0 ]
