#!/bin/sh
# lint-htmldocs.sh BASE_SRC SRC OUT FILE...: build the core-api book
# (make SPHINXDIRS=core-api htmldocs, Debian's python3-sphinx) from the
# base and from SRC (the tree with the whole series), out of tree under
# OUT/base and OUT/patched, and compare the warnings that name one of
# FILE... (the series' files: pin_user_pages.rst, and the sources whose
# kernel-doc core-api pulls in, such as mm/gup.c and include/linux/mm.h).
# A build is redone only when its tree changed (git tree id): Sphinx
# re-reads only changed pages, so an incremental run would not repeat
# old warnings; each build starts from an empty output directory.
# Prints "ok ..." or "not ok ..." and "# " details; logs in OUT.
set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lint-lib.sh"

[ $# -ge 4 ] || die "usage: $0 BASE_SRC SRC OUT FILE..."
bsrc=$(cd "$1" && pwd) src=$(cd "$2" && pwd); mkdir -p "$3"; out=$(cd "$3" && pwd)
shift 3

build() {	# build NAME SRC: OUT/NAME.warnings, the warnings of that build
	_key="$(git -C "$2" rev-parse 'HEAD^{tree}') $(sphinx-build --version 2>&1)"
	if [ "$(cat "$out/$1.key" 2>/dev/null)" = "$_key" ] && [ -f "$out/$1.warnings" ]; then
		say "lint: htmldocs ($1): unchanged since the last run, $(wc -l <"$out/$1.all-warnings") warnings, $(wc -l <"$out/$1.warnings") in the series' files"
		return 0
	fi
	rm -rf "${out:?}/$1" "$out/$1.key"
	mkdir -p "$out/$1"
	say "lint: htmldocs ($1): make SPHINXDIRS=core-api htmldocs (log: $out/$1.log)"
	_t=$(date +%s)
	if ! with_build_lock make -C "$2" O="$out/$1" SPHINXDIRS=core-api htmldocs \
			>"$out/$1.log" 2>&1; then
		tail -20 "$out/$1.log" >&2
		return 1
	fi
	[ -f "$out/$1/Documentation/output/core-api/index.html" ] || return 1
	warnings "$2" <"$out/$1.log" >"$out/$1.all-warnings"
	: >"$out/$1.warnings"
	for f; do grep -F "$f:" "$out/$1.all-warnings" >>"$out/$1.warnings" || true; done
	echo "$_key" >"$out/$1.key"
	say "lint: htmldocs ($1): $(( $(date +%s) - _t )) s, $(wc -l <"$out/$1.all-warnings") warnings, $(wc -l <"$out/$1.warnings") in the series' files"
}

files="$*"
if ! build base "$bsrc" $files; then
	echo "not ok htmldocs: the base's core-api book does not build (see $out/base.log)"
	exit 0
fi
if ! build patched "$src" $files; then
	echo "not ok htmldocs: the core-api book does not build with the series (see $out/patched.log)"
	exit 0
fi
page="$out/patched/Documentation/output/core-api/pin_user_pages.html"
new=$(new_warnings "$out/base.warnings" "$out/patched.warnings")
if [ -n "$new" ]; then
	echo "not ok htmldocs: new warnings in the series' files"
	echo "$new" | sed 's/^/# /'
elif [ ! -s "$page" ]; then
	echo "not ok htmldocs: $page was not written"
else
	echo "ok htmldocs: SPHINXDIRS=core-api, no new warning in$(printf ' %s' $files) ($(wc -l <"$out/base.warnings") in the base)"
	sed 's/^/# base: /' "$out/base.warnings"
fi
