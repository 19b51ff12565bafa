#!/bin/sh
# lint.sh [--arch "ARCH..."] [--ref REF] [--no-series-checks] [OUT.tap]
# lint.sh --self-test [OUT.tap]
#
# What maintainers and the kernel test robot do to a series, on this
# machine. For every patch in order, on each architecture (x86_64 with the
# guest config, i386 HIGHMEM, arm64 THP, powerpc with hugepd, UML, arm
# allnoconfig; configurations in config/lint/, see lint-lib.sh):
#   vmlinux  the kernel links (incremental: one build directory per arch,
#            configured once, only what the patch changed is rebuilt)
#   W=1      the objects the patch touches (mm/gup.o, mm/mmap.o, ...;
#            a header counts for the series' objects that include it)
#            built with W=1: no warning that the base, same arch and
#            config, does not have
#   sparse   the same objects through sparse (make C=2): no new warning
# and once per patch, kernel-doc -v -none on the .c and .h it touches (no
# new warning). Then, for the series in patches/: checkpatch --strict
# (scripts/checkpatch.sh), get_maintainer.pl (lint-maintainers.sh), and the
# core-api htmldocs (lint-htmldocs.sh). Warnings are compared as messages
# without line numbers, counted (one more of the same is new).
#
# REF (default: patches/ applied by apply-series.sh) is any commit on top
# of the base; --arch picks architectures. --self-test runs
# lint-selftest.sh: a deliberately broken series must fail here.
#
# TAP on stdout (and OUT.tap), progress on stderr, a summary table and the
# warnings the base already has at the end. Logs in build/lint/log/ (or
# $LINT_LOG).
# Exit status 1 if any check failed.
set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lint-lib.sh"
. "$(dirname "$0")/tap.sh"

ref=refs/harness/patched series_checks=1 out=/dev/null
while [ $# -gt 0 ]; do
	case $1 in
	--arch)	LINT_ARCHS=$2; shift 2 ;;
	--ref)	ref=$2 series_checks=0; shift 2 ;;
	--no-series-checks) series_checks=0; shift ;;
	--self-test) shift; exec "$TOP/scripts/lint-selftest.sh" "$@" ;;
	-*)	die "usage: $0 [--arch \"ARCH...\"] [--ref REF] [--no-series-checks] [OUT.tap] | --self-test" ;;
	*)	out=$1; shift ;;
	esac
done
for a in $LINT_ARCHS; do lint_arch "$a"; done
lint_check_tools
: "${CCACHE_MAXSIZE:=8G}"; export CCACHE_MAXSIZE

if [ "$ref" = refs/harness/patched ]; then
	"$TOP/scripts/apply-series.sh" >&2
else
	"$TOP/scripts/base-tree.sh" >&2
fi
git -C "$BASE_DIR" rev-parse -q --verify "$ref^{commit}" >/dev/null || die "lint: $ref is not a commit"

psrc="$LINT_DIR/patched/src" bsrc="$LINT_DIR/base/src"
for d in "$psrc:$ref" "$bsrc:base"; do
	dir=${d%%:*} at=${d#*:}
	if [ ! -d "$dir" ]; then
		say "lint: creating source worktree $dir"
		mkdir -p "$(dirname "$dir")"
		git -C "$BASE_DIR" worktree add -q --detach "$dir" "$at"
	fi
done
[ "$(git -C "$bsrc" rev-parse HEAD)" = "$(git -C "$BASE_DIR" rev-parse base)" ] ||
	git -C "$bsrc" checkout -q -f --detach base

commits=$(git -C "$BASE_DIR" rev-list --reverse "base..$ref")
total=$(echo "$commits" | grep -c . || true)
[ "$total" -gt 0 ] || die "lint: $ref has no commit on top of the base"
# The kernel objects of the whole series: one per touched .c file (those
# that are not built on their own, like a .c file #included by another,
# are found through the dependency files of the others).
series_objs=$(git -C "$BASE_DIR" diff --name-only base "$ref" | sed -n 's/\.c$/.o/p' | grep -v '^tools/' || true)
patch_files=$(ls "$PATCHES"/*.patch 2>/dev/null | grep -v '/0000-' || true)
if [ "$series_checks" -eq 1 ] && [ "$(echo "$patch_files" | grep -c .)" -ne "$total" ]; then
	die "lint: patches/ and $ref differ in length"
fi

log=${LINT_LOG:-$LINT_DIR/log}
rm -rf "$log"; mkdir -p "$log"
res="$log/results"; : >"$res"
LINT_WAITS="$log/lock-waits"; : >"$LINT_WAITS"; export LINT_WAITS
narch=$(echo $LINT_ARCHS | wc -w)
plan=$((narch * 2 + total * (narch * 3 + 1)))
[ "$series_checks" -eq 0 ] || plan=$((plan + 2 * total + 1))
start_all=$(date +%s)

tap() {	# tap ok|"not ok" DESCRIPTION [DETAILS]: one TAP line, details as "# "
	if [ "$1" = ok ]; then tap_ok "$2"; else tap_not_ok "$2"; fi
	[ -z "${3:-}" ] || tap_diag "$3"
}
record() { echo "$*" >>"$res"; }	# record PATCH ARCH STEP ok|fail

# objects_for ARCH OBJ FILE...: the series' objects built in OBJ that
# FILE... (the files of one patch) can change, e.g. mm/gup.o for
# mm/gup.c, for the .c it includes, or for a header it includes.
objects_for() {
	_o=$2; shift 2
	for _f; do
		case $_f in
		tools/*) continue ;;
		*.c)	if [ -f "$_o/${_f%.c}.o" ]; then echo "${_f%.c}.o"; continue; fi ;;
		*.h)	;;
		*)	continue ;;
		esac
		for _s in $series_objs; do
			_cmd="$_o/$(dirname "$_s")/.$(basename "$_s").cmd"
			[ -f "$_cmd" ] && grep -qF "/$_f " "$_cmd" && echo "$_s"
		done
	done | sort -u
}

# base_warnings ARCH KIND OBJ...: the base's warnings of kind w1 or sparse
# for these objects, same arch and configuration. Computed once per
# object and kept until the configuration changes.
base_warnings() {
	_a=$1 _k=$2; shift 2
	_bobj="$LINT_DIR/base/$_a"
	_key="$(sha1sum <"$LINT_DIR/patched/$_a/lint.config" | cut -c1-12) v2"
	_dir="$_bobj/lint-warnings"
	if [ "$(cat "$_dir/key" 2>/dev/null)" != "$_key" ]; then
		rm -rf "$_dir"; mkdir -p "$_dir"
		cp "$LINT_DIR/patched/$_a/lint.config" "$_bobj/lint.config"
		"$TOP/scripts/lint-config.sh" apply "$_a" "$bsrc" "$_bobj" >&2
		echo "$_key" >"$_dir/key"
	fi
	for _s; do
		_w="$_dir/$(echo "$_s" | tr / +)"
		if [ ! -f "$_w.w1" ]; then
			if [ -f "$bsrc/${_s%.o}.c" ]; then
				say "lint: $_a: base: W=1 and sparse on $_s"
				xkmake "$_a" "$bsrc" "$_bobj" -j1 "$_s" >"$_w.build.log" 2>&1 || true
				xkmake "$_a" "$bsrc" "$_bobj" -j1 C=2 "$_s" >"$_w.sparse.log" 2>&1 || true
				rm -f "$_bobj/$_s"
				xkmake "$_a" "$bsrc" "$_bobj" -j1 W=1 "$_s" >"$_w.w1.log" 2>&1 || true
				unit_lines "$_s" <"$_w.sparse.log" | warnings "$bsrc" >"$_w.sparse"
				unit_lines "$_s" <"$_w.w1.log" | warnings "$bsrc" >"$_w.w1"
			else
				: >"$_w.sparse"; : >"$_w.w1"	# new in the series
			fi
		fi
		cat "$_w.$_k"
	done
}

# check_objects I ARCH KIND OBJ...: build the objects (W=1, or sparse),
# compare with the base, print one TAP line.
check_objects() {
	_i=$1 _a=$2 _k=$3; shift 3
	_obj="$LINT_DIR/patched/$_a"
	_l="$log/$_a/patch$_i.$_k"
	_what="W=1"; [ "$_k" = w1 ] || _what=sparse
	if [ $# -eq 0 ]; then
		tap ok "$tag $_a: $_what # SKIP no C code of this patch is built on $_a"
		record "$_i" "$_a" "$_what" skip
		return 0
	fi
	if [ "$_k" = w1 ]; then
		( cd "$_obj" && rm -f "$@" )
		xkmake "$_a" "$psrc" "$_obj" -j1 W=1 "$@" >"$_l.log" 2>&1 && _rc=0 || _rc=$?
	else
		xkmake "$_a" "$psrc" "$_obj" -j1 C=2 "$@" >"$_l.log" 2>&1 && _rc=0 || _rc=$?
	fi
	unit_lines "$@" <"$_l.log" | warnings "$psrc" >"$_l.warnings"
	base_warnings "$_a" "$_k" "$@" >"$_l.base"
	_new=$(new_warnings "$_l.base" "$_l.warnings")
	if [ "$_rc" -ne 0 ]; then
		tap "not ok" "$tag $_a: $_what: $* do not compile" "$(grep -E 'error|Error' "$_l.log" | head -20)"
		record "$_i" "$_a" "$_what" fail
	elif [ -n "$_new" ]; then
		tap "not ok" "$tag $_a: $_what: new warnings in $* ($(wc -l <"$_l.base") in the base, $(wc -l <"$_l.warnings") now)" "$_new"
		record "$_i" "$_a" "$_what" fail
	else
		tap ok "$tag $_a: $_what: $* add no warning ($(wc -l <"$_l.base") in the base, $(wc -l <"$_l.warnings") now)"
		record "$_i" "$_a" "$_what" ok
	fi
}

# What each configuration must compile in mm/gup.c (the GUP-fast leaves),
# checked on the preprocessed file at the last patch: +NAME built, -NAME
# not built.
gup_leaves() {
	case $1 in
	x86_64)	echo "+gup_pte_range +gup_huge_pmd +gup_huge_pud +folio_fast_pin_allowed -gup_hugepte" ;;
	i386|arm64) echo "+gup_pte_range +gup_huge_pmd +folio_fast_pin_allowed -gup_hugepte" ;;
	powerpc) echo "+gup_pte_range +gup_hugepte +gup_huge_pmd +folio_fast_pin_allowed" ;;
	um|arm)	echo "-gup_pte_range -gup_hugepte -gup_huge_pmd" ;;
	esac
}

{
tap_header
tap_plan "$plan"
say "lint: $total patches ($ref) x $narch architectures ($LINT_ARCHS); logs in $log"

# 1. Configure every architecture once, from the tree with the whole series.
git -C "$psrc" checkout -q -f --detach "$ref"
archs=""
for a in $LINT_ARCHS; do
	mkdir -p "$log/$a"
	if facts=$("$TOP/scripts/lint-config.sh" make "$a" "$psrc" "$LINT_DIR/patched/$a" 2>"$log/$a/config.err"); then
		tap ok "config $a: $facts"
		archs="$archs $a"
	else
		tap "not ok" "config $a: configuration failed" "$(cat "$log/$a/config.err")"
		record 0 "$a" config fail
	fi
	cat "$log/$a/config.err" >&2
done

# 2. Every patch in order, every architecture.
i=0
for c in $commits; do
	i=$((i + 1))
	subj=$(git -C "$BASE_DIR" log -1 --format=%s "$c")
	tag="patch $i/$total"
	echo "$i $subj" >>"$log/subjects"
	git -C "$psrc" checkout -q -f --detach "$c"
	files=$(git -C "$BASE_DIR" diff-tree --no-commit-id --name-only -r "$c")
	say "lint: [$tag] $subj"

	# kernel-doc: arch independent
	: >"$log/patch$i.kdoc"; : >"$log/patch$i.kdoc.base"
	kfiles=""
	for f in $files; do
		case $f in tools/*) continue ;; *.c|*.h) ;; *) continue ;; esac
		[ -f "$psrc/$f" ] || continue
		kfiles="$kfiles $f"
		(cd "$psrc" && perl scripts/kernel-doc -v -none "$f" 2>&1) | warnings "$psrc" >>"$log/patch$i.kdoc"
		[ ! -f "$bsrc/$f" ] ||
			(cd "$bsrc" && perl scripts/kernel-doc -v -none "$f" 2>&1) | warnings "$bsrc" >>"$log/patch$i.kdoc.base"
	done
	if [ -z "$kfiles" ]; then
		tap ok "$tag kernel-doc # SKIP the patch touches no kernel .c or .h file"
		record "$i" - kernel-doc skip
	else
		new=$(new_warnings "$log/patch$i.kdoc.base" "$log/patch$i.kdoc")
		if [ -z "$new" ]; then
			tap ok "$tag kernel-doc -v -none:$kfiles: no new warning ($(wc -l <"$log/patch$i.kdoc.base") in the base)"
			record "$i" - kernel-doc ok
		else
			tap "not ok" "$tag kernel-doc -v -none:$kfiles: new warnings" "$new"
			record "$i" - kernel-doc fail
		fi
	fi

	for a in $LINT_ARCHS; do
		case " $archs " in
		*" $a "*) ;;
		*)	for s in vmlinux W=1 sparse; do
				tap "not ok" "$tag $a: $s # not configured (see 'config $a')"
			done
			continue ;;
		esac
		t0=$(date +%s)
		obj="$LINT_DIR/patched/$a"
		# The configuration is installed at the first patch, and again
		# where a patch changes a Kconfig file (kbuild's syncconfig
		# would drop an option the tree did not know before).
		if { [ "$i" -eq 1 ] || echo "$files" | grep -q Kconfig; } &&
		   ! "$TOP/scripts/lint-config.sh" apply "$a" "$psrc" "$obj" 2>"$log/$a/patch$i.config.err"; then
			for s in vmlinux W=1 sparse; do
				tap "not ok" "$tag $a: $s: configuration" "$(cat "$log/$a/patch$i.config.err")"
				record "$i" "$a" "$s" fail
			done
			continue
		fi
		say "lint: [$tag] $a: vmlinux (log: $log/$a/patch$i.build.log)"
		set +e
		{ xkmake "$a" "$psrc" "$obj" -j"$JOBS" vmlinux; echo $? >"$log/$a/patch$i.build.rc"; } 2>&1 |
			tee "$log/$a/patch$i.build.log" | awk '
			/^  (CC|AS|AR|LD)/	{ if (++n % 250 == 0) { printf "    ... %d objects\n", n; fflush() } }
			END			{ printf "    %d objects rebuilt\n", n }' >&2
		set -e
		tb=$(( $(date +%s) - t0 ))
		if [ "$(cat "$log/$a/patch$i.build.rc")" = 0 ] && [ -f "$obj/vmlinux" ]; then
			nw=$(warnings "$psrc" <"$log/$a/patch$i.build.log" | wc -l)
			tap ok "$tag $a: vmlinux links (${tb} s, $nw compiler warnings in what was rebuilt)"
			record "$i" "$a" vmlinux ok
		else
			tap "not ok" "$tag $a: vmlinux does not build" \
				"$(grep -E 'error|Error' "$log/$a/patch$i.build.log" | head -20)"
			record "$i" "$a" vmlinux fail
		fi
		objs=$(objects_for "$a" "$obj" $files)
		check_objects "$i" "$a" sparse $objs
		check_objects "$i" "$a" w1 $objs
		echo "$a $(( $(date +%s) - t0 ))" >>"$log/times"
		say "lint: [$tag] $a: done in $(( $(date +%s) - t0 )) s"
	done
done

# 3. What the configurations really compiled in mm/gup.c (the last patch).
for a in $LINT_ARCHS; do
	case " $archs " in *" $a "*) ;; *) tap "not ok" "$a: mm/gup.c # not configured"; continue ;; esac
	obj="$LINT_DIR/patched/$a"
	xkmake "$a" "$psrc" "$obj" mm/gup.i >"$log/$a/gup.i.log" 2>&1 || true
	bad="" seen=""
	for e in $(gup_leaves "$a"); do
		f=${e#?}
		if grep -q "[^a-z_]$f(" "$obj/mm/gup.i" 2>/dev/null; then
			seen="$seen $f"; [ "${e%"$f"}" = + ] || bad="$bad $f(built)"
		else
			[ "${e%"$f"}" = - ] || bad="$bad $f(missing)"
		fi
	done
	if [ -f "$obj/mm/gup.i" ] && [ -z "$bad" ]; then
		tap ok "$a: mm/gup.c compiles${seen:- no GUP-fast leaf}"
	else
		tap "not ok" "$a: mm/gup.c:${bad:- not preprocessed (see $log/$a/gup.i.log)}"
	fi
done

# 4. The patch files: checkpatch, get_maintainer, htmldocs.
if [ "$series_checks" -eq 1 ]; then
	i=0
	"$TOP/scripts/checkpatch.sh" 2>&1 | sed -n 's/^\(not ok\|ok\) [0-9]* \(.*\)/\1|\2/p; s/^#/#/p' >"$log/checkpatch"
	while IFS='|' read -r st desc; do
		case $st in
		\#*) echo "$st" ;;
		*) i=$((i + 1)); tap "$st" "patch $i/$total $desc"
		   [ "$st" = ok ] && record "$i" - checkpatch ok || record "$i" - checkpatch fail ;;
		esac
	done <"$log/checkpatch"
	i=0
	"$TOP/scripts/lint-maintainers.sh" "$psrc" $patch_files >"$log/maintainers" 2>&1 || true
	while IFS= read -r line; do
		case $line in
		\#*) echo "$line" ;;
		"not ok "*) i=$((i + 1)); tap "not ok" "patch $i/$total ${line#not ok }"; record "$i" - maintainers fail ;;
		"ok "*) i=$((i + 1)); tap ok "patch $i/$total ${line#ok }"; record "$i" - maintainers ok ;;
		*) echo "# $line" ;;
		esac
	done <"$log/maintainers"
	docfiles=$(git -C "$BASE_DIR" diff --name-only base "$ref" | grep -v '^tools/' | grep -E '\.(c|h|rst)$' || true)
	"$TOP/scripts/lint-htmldocs.sh" "$bsrc" "$psrc" "$LINT_DIR/htmldocs" $docfiles >"$log/htmldocs" || true
	while IFS= read -r line; do
		case $line in
		"not ok "*) tap "not ok" "${line#not ok }"; record 0 - htmldocs fail ;;
		"ok "*) tap ok "${line#ok }"; record 0 - htmldocs ok ;;
		*) echo "$line" ;;
		esac
	done <"$log/htmldocs"
fi

# 5. What the base already warns about (same files, same configurations).
echo "# Warnings the base already has (not counted against the series):"
for a in $archs; do
	for k in w1 sparse; do
		for f in "$LINT_DIR/base/$a/lint-warnings"/*."$k"; do
			[ -s "$f" ] || continue
			o=$(basename "$f" ".$k" | tr + /)
			echo "#   $a $(echo $k | sed 's/w1/W=1/') ${o%.o}.c: $(wc -l <"$f") warnings"
			sort "$f" | uniq -c | sort -rn | sed 's/^ */#       /'
		done
	done
done
cat "$log"/patch*.kdoc.base 2>/dev/null | sort -u | sed 's/^/#   kernel-doc: /'

# 6. Summary: one row per patch, one column per check.
echo "# Summary (ok; SKIP: nothing of the patch built there; otherwise the failed steps):"
{
	printf '%-4s' patch
	for a in $LINT_ARCHS; do printf ' %-18s' "$a"; done
	printf ' %-10s' kernel-doc
	[ "$series_checks" -eq 0 ] || printf ' %-10s %-10s' checkpatch maintainer
	echo
	i=0
	for c in $commits; do
		i=$((i + 1))
		printf '%-4s' "$i"
		for a in $LINT_ARCHS; do
			cell=$(awk -v i="$i" -v a="$a" '$1 == i && $2 == a && $4 == "fail" { printf "%s%s", s, $3; s = "," }' "$res")
			[ -n "$cell" ] || cell=ok
			printf ' %-18s' "$cell"
		done
		for k in kernel-doc checkpatch maintainers; do
			[ "$k" = kernel-doc ] || [ "$series_checks" -eq 1 ] || continue
			printf ' %-10s' "$(awk -v i="$i" -v k="$k" '$1 == i && $3 == k { print $4 }' "$res")"
		done
		echo
	done
	[ "$series_checks" -eq 0 ] ||
		echo "htmldocs: $(awk '$3 == "htmldocs" { print $4 }' "$res")"
} | sed 's/^/#   /'
awk '{ t[$1] += $2 } END { for (a in t) printf "#   %s: %d s\n", a, t[a] }' "$log/times" 2>/dev/null | sort
echo "#   total: $(( $(date +%s) - start_all )) s, of which $(awk '{ w += $2 - $1 } END { print w + 0 }' "$LINT_WAITS") s waiting for the build lock (other builds)"
} | tee "$log/lint.tap" "$out"

nfail=$(grep -c '^not ok' "$log/lint.tap" || true)
nok=$(grep -c '^ok' "$log/lint.tap" || true)
say "lint: $nok ok, $nfail not ok (TAP: $log/lint.tap)"
[ $((nok + nfail)) -eq "$plan" ] || die "lint: stopped after $((nok + nfail)) of $plan results (see above)"
[ "$nfail" -eq 0 ]
