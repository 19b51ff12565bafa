#!/bin/sh
# mutants.sh [-s kunit|all] [-o OUT.tap] [NAME...]
#
# Proof that the tests can fail: apply each mutant of tests/mutants/ (a
# small patch that breaks one decision of the series) on top of the series,
# rebuild incrementally, run the tests, and see whether anything fails.
#
#   stage kunit  the series' KUnit suite on UML (kunit.py), a few seconds
#                per mutant once the UML kernel is built; `make check` runs
#                the mutants whose header says "stage: kunit";
#   stage guest  a mutant kernel (the patched kernel's config plus
#                config/mutant.config: lockdep, DEBUG_VM, in its own build
#                directory) booted once, running the KUnit suite built in
#                (x86_64: hugetlb, soft-dirty, uffd-wp cases), the series'
#                matrix, the hazard demonstration, the race stress, the
#                pin-leak check and patch 11's switch and log line (warn).
#                A splat in its kernel log kills it, and so
#                does a skip of the matrix or KUnit that the patched kernel
#                does not have (tests/expected-skips.txt). The kernel's
#                other vm selftests are left to make check: under lockdep
#                in TCG they take longer than the guest's 900 s.
#
# With -s all (the default, `make mutants`), every mutant runs its cheapest
# stage first and goes on to the guest if that stage did not kill it.
# MUTANT_PARTS= replaces the guest's tests (tests/guest/job.sh parts), e.g.
# MUTANT_PARTS="stress leak" to see which mutants the race stress kills.
# The guest stops at the first part that fails (or leaves a splat): that
# part has killed the mutant; MUTANT_STOP_AT_FAILURE=0 runs every part,
# to list every test that kills it.
# A mutant's header (lines before the diff):
#   # name: NAME
#   # breaks: what it breaks, one line
#   # stage: kunit|guest          the cheapest stage expected to kill it
#   # equivalent: REASON          optional: no outcome on 6.1 can change;
#                                 not run, listed, counted in neither
#   # unreachable: REASON         optional: 6.1 can reach the difference,
#                                 but nothing the harness can run does (a
#                                 file system it has no way to mount);
#                                 not run, listed, counted in neither
# Prints a table (mutant, result, stage, killed by) and ends with
# "N killed, N survived"; exits 1 if any mutant survived or did not apply.
set -eu
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/tap.sh"

stages=all out=/dev/null
while getopts s:o: opt; do
	case $opt in
	s) stages=$OPTARG ;;
	o) out=$OPTARG ;;
	*) die "usage: $0 [-s kunit|all] [-o OUT.tap] [NAME...]" ;;
	esac
done
shift $((OPTIND - 1))
case $stages in kunit|all) ;; *) die "-s: expected kunit or all" ;; esac

mdir="$TOP/tests/mutants"
work="$BUILD/mutants"
mkdir -p "$work"
"$TOP/scripts/apply-series.sh" >"$work/apply.log" 2>&1 ||
	{ cat "$work/apply.log" >&2; die "mutants: the series does not apply"; }

header() {	# header FILE KEY: the value of "# KEY: value" in FILE's header
	sed -n "/^diff --git/q; s/^# $2: *//p" "$1" | head -n 1
}

not_run() {	# not_run FILE: "equivalent REASON" or "unreachable REASON", or nothing
	for _k in equivalent unreachable; do
		_why=$(header "$1" "$_k")
		[ -n "$_why" ] && { echo "$_k $_why"; return 0; }
	done
	return 0
}

if [ $# -gt 0 ]; then
	files=""
	for n; do
		[ -f "$mdir/$n.patch" ] || die "no mutant $mdir/$n.patch"
		files="$files $mdir/$n.patch"
	done
else
	files=$(ls "$mdir"/*.patch)
fi

# A scratch worktree at the series' head, reset before every mutant.
tree() {	# tree DIR: make DIR a clean checkout of the series
	if [ ! -d "$1" ]; then
		mkdir -p "$(dirname "$1")"
		git -C "$BASE_DIR" worktree add -q --detach "$1" refs/harness/patched
	fi
	git -C "$1" checkout -q -f --detach refs/harness/patched
	git -C "$1" clean -q -fd -- mm io_uring include >/dev/null
}

mutant_name() {	# mutant_name FILE: its "# name:" header, else the file name
	_n=$(header "$1" name)
	echo "${_n:-$(basename "$1" .patch)}"
}

apply_mutant() {	# apply_mutant DIR FILE
	tree "$1"
	git -C "$1" apply "$2"
}

# The failing leaf results of TAP/KTAP files, as a short list of names;
# results missing against a plan (a test that died) count too.
failures() {
	if ! "$TOP/scripts/tap-summary.sh" "$@" >/dev/null 2>&1 &&
	   ! cat "$@" 2>/dev/null | grep -q 'not ok'; then
		echo "results missing: $("$TOP/scripts/tap-summary.sh" "$@" 2>&1 | grep -v ' 0 failed' | head -n 1)"
		return
	fi
	cat "$@" 2>/dev/null | sed -e 's/^    | //' -e 's/^\[ *[0-9.]*\] //' |
		sed -n 's/^[ \t]*not ok [0-9]* \([^#]*\).*/\1/p' |
		sed 's/ *$//' | grep -v '^[A-Za-z0-9_]*$' |
		awk '!seen[$0]++' | head -n 3 | paste -sd ';' -
}

# --- stage kunit: UML -------------------------------------------------
kunit_stage() {	# kunit_stage FILE NAME: 0 killed, 1 survived, 2 invalid
	src="$work/kunit/src" bdir="$work/kunit/uml"
	apply_mutant "$src" "$1" || return 2
	say "mutant $2: KUnit on UML"
	KUNIT_SRC="$src" KUNIT_BDIR="$bdir" "$TOP/scripts/kunit.sh" uml \
		"$work/$2.kunit.tap" >"$work/$2.kunit.log" 2>&1 || :
	if ! grep -q 'ok [0-9]' "$work/$2.kunit.tap"; then
		tail -n 20 "$work/$2.kunit.log" | sed 's/^/    /' >&2
		return 2	# did not build or did not run: a broken mutant
	fi
	killers=$(failures "$work/$2.kunit.tap")
	[ -n "$killers" ] && { echo "$killers" >"$work/$2.killers"; return 0; }
	return 1
}

# --- stage guest: one boot of a mutant kernel -------------------------
guest_stage() {	# guest_stage FILE NAME: 0 killed, 1 survived, 2 invalid
	kernel_paths mutant
	apply_mutant "$K_SRC" "$1" || return 2
	say "mutant $2: building the mutant kernel (incremental)"
	"$TOP/scripts/build-kernel.sh" "$K_SRC" "$K_OBJ" $K_FRAGS \
		>"$work/$2.build.log" 2>&1 || { tail -n 20 "$work/$2.build.log" >&2; return 2; }
	"$TOP/scripts/build-tests.sh" mutant \
		>"$work/$2.tests.log" 2>&1 || { tail -n 20 "$work/$2.tests.log" >&2; return 2; }
	gdir="$work/$2.guest"
	rm -rf "$gdir"
	# A 1 GiB huge page, so that hugetlb reaches the PUD leaf too.
	rc=0
	GUEST_CMDLINE="hugepagesz=1G hugepages=1" \
	JOB_STOP_AT_FAILURE=${MUTANT_STOP_AT_FAILURE:-1} \
	"$TOP/scripts/guest-tests.sh" -t 900 -m 3G mutant "$gdir" \
		${MUTANT_PARTS:-kunit matrix hazard stress leak warn} \
		>"$work/$2.guest.log" 2>&1 || rc=$?
	killers=$(failures "$gdir"/*.tap)
	# A failure made to look like a skip: a skip the series does not have.
	skipped=$(ls "$gdir"/mutant-matrix.tap "$gdir"/mutant-kunit.tap 2>/dev/null || true)
	if [ -n "$skipped" ] && ! "$TOP/scripts/skip-check.sh" "$TOP/tests/expected-skips.txt" \
		"$work/$2.skips.tap" $skipped >/dev/null 2>&1; then
		killers="${killers:+$killers;}unexpected skips"
	fi
	case $rc in
	0) ;;
	125) killers="${killers:+$killers;}kernel splat" ;;
	*) killers="${killers:+$killers;}guest job exit $rc" ;;
	esac
	[ -n "$killers" ] && { echo "$killers" >"$work/$2.killers"; return 0; }
	return 1
}

: >"$work/table.txt"
# -s kunit: run only the mutants whose cheapest stage is KUnit; the others
# are only checked to still apply to the series (a mutant that no longer
# applies proves nothing), and the equivalent and unreachable ones are
# listed.
if [ "$stages" = kunit ]; then
	sel="" later=""
	for f in $files; do
		case "$(header "$f" stage)" in kunit) sel="$sel $f" ;; *)
			if [ -n "$(not_run "$f")" ]; then sel="$sel $f"
			else later="$later $f"; fi ;;
		esac
	done
	files=$sel
fi
# No errexit in the loop: one mutant's trouble must not end the run.
set +e
{
tap_header
tap_plan "$(echo "$files ${later:-}" | wc -w)"
[ -n "${later:-}" ] && tree "$work/kunit/src"	# apply --check changes nothing
for f in ${later:-}; do
	name=$(mutant_name "$f")
	if git -C "$work/kunit/src" apply --check "$f" 2>/dev/null; then
		tap_ok "$name applies to the series (its guest stage runs in make mutants)"
	else
		tap_not_ok "$name does not apply to the series"
		printf '%-34s %-10s %-6s %s\n' "$name" INVALID - "does not apply" >>"$work/table.txt"
	fi
done
for f in $files; do
	name=$(mutant_name "$f")
	breaks=$(header "$f" breaks)
	stage=$(header "$f" stage)
	nr=$(not_run "$f")
	rm -f "$work/$name.killers"
	if [ -n "$nr" ]; then
		printf '%-34s %-10s %-6s %s\n' "$name" "${nr%% *}" - "${nr#* }" >>"$work/table.txt"
		tap_skip "$name" "${nr%% *}: ${nr#* }"
		continue
	fi
	r=1 ran=""
	if [ "$stage" = kunit ]; then
		ran=kunit
		kunit_stage "$f" "$name"; r=$?
	fi
	if [ "$r" -eq 1 ] && [ "$stages" = all ]; then
		ran=guest
		guest_stage "$f" "$name"; r=$?
	fi
	case $r in
	0) res=killed by=$(cat "$work/$name.killers")
	   tap_ok "$name killed at stage $ran by: $by" ;;
	1) res=SURVIVED by="-"
	   tap_not_ok "$name SURVIVED ($breaks)" ;;
	*) res=INVALID by="does not apply or build"
	   tap_not_ok "$name does not apply or build (see $work/$name.*.log)" ;;
	esac
	printf '%-34s %-10s %-6s %s\n' "$name" "$res" "$ran" "$by" >>"$work/table.txt"
	say "mutant $name: $res${by:+ ($by)}"
done
} | tee "$out"
set -e
# Leave the scratch trees at the series, so nothing mutated lingers.
kernel_paths mutant
for d in "$work/kunit/src" "$K_SRC"; do [ -d "$d" ] && tree "$d"; done

# The loop ran in a pipeline's subshell: count from its table.
killed=$(awk '$2 == "killed"' "$work/table.txt" | wc -l)
survived=$(awk '$2 == "SURVIVED"' "$work/table.txt" | wc -l)
equiv=$(awk '$2 == "equivalent"' "$work/table.txt" | wc -l)
unreach=$(awk '$2 == "unreachable"' "$work/table.txt" | wc -l)
invalid=$(awk '$2 == "INVALID"' "$work/table.txt" | wc -l)
echo
printf '%-34s %-10s %-6s %s\n' mutant result stage "killed by (first failing tests)"
cat "$work/table.txt"
[ "$equiv" -gt 0 ] && echo "($equiv equivalent mutants, listed with the reason, are counted in neither)"
[ "$unreach" -gt 0 ] && echo "($unreach mutants no test here can reach, listed with the reason, are counted in neither)"
[ "$invalid" -gt 0 ] && echo "($invalid mutants did not apply or build: a broken mutant is a failure)"
echo "$killed killed, $survived survived"
[ "$survived" -eq 0 ] && [ "$invalid" -eq 0 ]
