#!/bin/sh
# lint-selftest.sh [OUT.tap]: prove that scripts/lint.sh can fail, and
# fails where it should. Builds a broken copy of the series (patches/
# applied, then two defects that only a powerpc build can see, inside
# `#ifdef CONFIG_ARCH_HAS_HUGEPD`, in gup_hugepte()):
#   A  an unused variable, in the first patch that touches mm/gup.c
#   B  a misspelled symbol (huge_ptep_gte() for huge_ptep_get()), in the
#      last patch that touches mm/gup.c
# and one in the documentation:
#   C  a section title with a short underline in pin_user_pages.rst, in
#      the last patch that touches it (checked with lint-htmldocs.sh)
# as commits on refs/harness/lint-selftest (the series' own ref is not
# touched), runs lint.sh on it for powerpc, arm64 and arm, and checks that
# powerpc fails W=1 at patch A and vmlinux at patch B, naming them, that
# the patches before A pass there, that arm64 (GUP-fast with huge PMDs
# but no hugepd) and arm (no GUP-fast) pass every patch, and that the
# htmldocs check reports defect C. TAP on stdout; exit 1 if a defect was
# missed. (v3 also planted D, its GUP-fast helper moved out of #ifdef
# CONFIG_HAVE_FAST_GUP, for the arm "defined but not used" warning
# mainline had to fix: since v4 the helpers are called by the grab on
# every architecture and the GUP-fast one is inline, so that defect no
# longer exists to plant.)
set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lint-lib.sh"
. "$(dirname "$0")/tap.sh"

out=${1:-/dev/null}
"$TOP/scripts/apply-series.sh" >&2
dir="$LINT_DIR/selftest"
wt="$dir/src"
if [ ! -d "$wt" ]; then
	mkdir -p "$dir"
	git -C "$BASE_DIR" worktree add -q --detach "$wt" base
fi
git -C "$wt" cherry-pick --abort >/dev/null 2>&1 || true
git -C "$wt" checkout -q -f --detach base

commits=$(git -C "$BASE_DIR" rev-list --reverse base..refs/harness/patched)
total=$(echo "$commits" | grep -c .)
gup=$(git -C "$BASE_DIR" rev-list --reverse base..refs/harness/patched -- mm/gup.c)
first=$(echo "$gup" | head -1) last=$(echo "$gup" | tail -1)
[ -n "$first" ] || die "selftest: no patch of the series touches mm/gup.c"
rst=Documentation/core-api/pin_user_pages.rst
doc=$(git -C "$BASE_DIR" rev-list -1 base..refs/harness/patched -- "$rst")
[ -n "$doc" ] || die "selftest: no patch of the series touches $rst"

# inject WHICH: edit gup_hugepte() in the work tree's mm/gup.c
inject() {
	if [ "$1" = C ]; then
		printf '\nLint self-test section\n====\n\nA title underline shorter than the title.\n' >>"$wt/$rst"
		git -C "$wt" commit -q -a --amend --no-edit
		return 0
	fi
	awk -v which="$1" '
		/^static int gup_hugepte\(/	{ infn = 1 }
		infn && which == "A" && /^\{/	{ print; print "\tunsigned long lint_selftest_unused;"; done = 1; next }
		infn && which == "B" && /huge_ptep_get\(ptep\)/ && !done { sub(/huge_ptep_get\(/, "huge_ptep_gte("); done = 1 }
		infn && /^\}/			{ infn = 0 }
		{ print }
		END				{ exit !done }' "$wt/mm/gup.c" >"$wt/mm/gup.c.new" ||
		die "selftest: could not inject defect $1 into gup_hugepte()"
	mv "$wt/mm/gup.c.new" "$wt/mm/gup.c"
	git -C "$wt" commit -q -a --amend --no-edit
}

say "selftest: building the broken series (defect A in patch $(echo "$commits" | grep -n "$first" | cut -d: -f1), B in patch $(echo "$commits" | grep -n "$last" | cut -d: -f1))"
export GIT_COMMITTER_NAME="$BASE_IDENT_NAME" GIT_COMMITTER_EMAIL="$BASE_IDENT_EMAIL"
i=0
for c in $commits; do
	i=$((i + 1))
	git -C "$wt" cherry-pick --allow-empty "$c" >/dev/null ||
		die "selftest: patch $i does not apply on top of the injected defects"
	[ "$c" = "$first" ] && pa=$i && inject A
	[ "$c" = "$last" ] && pb=$i && inject B
	[ "$c" = "$doc" ] && pc=$i && inject C
done
git -C "$BASE_DIR" update-ref refs/harness/lint-selftest "$(git -C "$wt" rev-parse HEAD)"

say "selftest: lint.sh on the broken series (powerpc, arm64, arm)"
set +e
LINT_LOG="$dir/log" "$TOP/scripts/lint.sh" --ref refs/harness/lint-selftest \
	--arch "powerpc arm64 arm" >"$dir/lint.tap"
rc=$?
set -e
tapf="$dir/lint.tap"
say "selftest: lint-htmldocs.sh on the broken series"
"$TOP/scripts/lint-htmldocs.sh" "$LINT_DIR/base/src" "$wt" "$dir/htmldocs" "$rst" >"$dir/htmldocs.tap" || true

# failed ARCH STEP I: the TAP line of that check failed
failed() { grep -q "^not ok [0-9]* patch $3/$total $1: $2" "$tapf"; }
# detail ARCH STEP I TEXT: its diagnostics mention TEXT
detail() {
	awk -v re="^not ok [0-9]* patch $3/$total $1: $2" '
		$0 ~ re { on = 1; next } on && /^#/ { print; next } { on = 0 }' "$tapf" | grep -q "$4"
}
{
	tap_header
	tap_plan 8
	t() { if eval "$2"; then tap_ok "$1"; else tap_not_ok "$1"; fi; }
	t "lint.sh fails on the broken series (exit $rc)" '[ "$rc" -ne 0 ]'
	t "defect A (unused variable, patch $pa) caught by powerpc W=1, naming it" \
		'failed powerpc W=1 "$pa" && detail powerpc W=1 "$pa" lint_selftest_unused'
	t "defect B (misspelled symbol, patch $pb) caught by powerpc vmlinux, naming it" \
		'failed powerpc vmlinux "$pb" && detail powerpc vmlinux "$pb" huge_ptep_gte'
	t "no powerpc failure before patch $pa" '
		i=1 ok=1
		while [ $i -lt "$pa" ]; do
			! grep -q "^not ok [0-9]* patch $i/$total powerpc" "$tapf" || ok=0
			i=$((i + 1))
		done
		[ $ok -eq 1 ]'
	t "arm64 (no hugepd) passes every patch" '! grep -q "^not ok [0-9]* patch [0-9]*/$total arm64" "$tapf"'
	t "arm (no GUP-fast: the grab's helpers built for the slow path alone) passes every patch" \
		'! grep -q "^not ok [0-9]* patch [0-9]*/$total arm:" "$tapf"'
	t "the hugepd code is compiled on powerpc only" \
		'grep -q "^ok [0-9]* powerpc: mm/gup.c compiles.* gup_hugepte" "$tapf" && grep -q "^ok [0-9]* arm64: mm/gup.c compiles" "$tapf"'
	t "defect C (short title underline, patch $pc) caught by htmldocs, naming it" \
		'grep -q "^not ok htmldocs" "$dir/htmldocs.tap" && grep -q "pin_user_pages.rst: WARNING: Title underline too short" "$dir/htmldocs.tap"'
	echo "# the failures lint.sh reported:"
	grep '^not ok' "$tapf" | sed 's/^/#   /'
	sed 's/^/#   /' "$dir/htmldocs.tap"
} >"$dir/selftest.tap"
cat "$dir/selftest.tap"
[ "$out" = /dev/null ] || cp "$dir/selftest.tap" "$out"
! grep -q '^not ok' "$dir/selftest.tap"
