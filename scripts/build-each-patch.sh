#!/bin/sh
# build-each-patch.sh [OUT.tap]: bisectability. Check out each commit of
# the series in turn in the patched tree and, for each: build the guest
# kernel (incrementally: only the first commit that touches a common
# header costs a full build), compile the C files the commit touches with
# W=1 and compare their warning count with the base, and boot it.
# The tree is left at the last commit: the patched kernel. TAP on stdout.
set -eu
. "$(dirname "$0")/lib.sh"

out=${1:-/dev/null}
"$TOP/scripts/apply-series.sh" >&2
src="$BUILD/k/patched/src" obj="$BUILD/k/patched/obj"
bsrc="$BUILD/k/base/src" bobj="$BUILD/k/base/obj"
cfg="$TOP/config/guest.config"
if [ ! -d "$src" ]; then
	mkdir -p "$(dirname "$src")"
	git -C "$BASE_DIR" worktree add -q --detach "$src" base
fi
commits=$(git -C "$BASE_DIR" rev-list --reverse base..refs/harness/patched)
total=$(echo "$commits" | grep -c . || true)

w1_count() {	# w1_count SRC OBJ FILE.o: W=1 warnings when compiling FILE.o
	kmake "$1" "$2" W=1 "$3" 2>&1 |
		grep -c 'warning:' || true
}

{
echo "TAP version 13"
if [ "$total" -eq 0 ]; then
	echo "1..1"
	echo "ok 1 # SKIP patches/ holds no patch: nothing to bisect"
fi
[ "$total" -eq 0 ] || echo "1..$((total * 3))"
i=0 n=0
for c in $commits; do
	i=$((i + 1))
	subj=$(git -C "$BASE_DIR" log -1 --format=%s "$c")
	tag="patch $i/$total ($subj)"
	git -C "$src" checkout -q -f --detach "$c"
	say "bisect: $tag" 2>&1 | sed 's/^/# /'
	n=$((n + 1))
	if "$TOP/scripts/build-kernel.sh" "$src" "$obj" "$cfg" >"$obj.patch$i.log" 2>&1; then
		echo "ok $n $tag builds"
		built=1
	else
		echo "not ok $n $tag builds"
		tail -n 30 "$obj.patch$i.log" | sed 's/^/# /'
		built=0
	fi

	n=$((n + 1))
	new=""
	for f in $(git -C "$BASE_DIR" diff-tree --no-commit-id --name-only -r "$c" | grep '\.c$' || true); do
		o=${f%.c}.o
		[ -f "$obj/$o" ] || continue		# not in this config
		after=$(w1_count "$src" "$obj" "$o")
		before=0
		[ -f "$bsrc/$f" ] && [ -f "$bobj/$o" ] && before=$(w1_count "$bsrc" "$bobj" "$o")
		[ "$after" -le "$before" ] || new="$new $f($before->$after)"
	done
	if [ -z "$new" ]; then
		echo "ok $n $tag adds no W=1 warnings"
	else
		echo "not ok $n $tag adds W=1 warnings:$new"
	fi

	n=$((n + 1))
	if [ "$built" -eq 1 ] && "$TOP/scripts/guest-run.sh" -n "boot-patch$i" -t 180 \
			"$obj/arch/x86/boot/bzImage" 'uname -rv' >"$obj.boot$i.log" 2>&1; then
		echo "ok $n $tag boots"
	else
		echo "not ok $n $tag boots"
		tail -n 30 "$obj.boot$i.log" 2>/dev/null | sed 's/^/# /'
	fi
done
# Rebuild the final state normally (the W=1 objects differ in flags).
git -C "$src" checkout -q -f --detach refs/harness/patched
"$TOP/scripts/build-kernel.sh" "$src" "$obj" "$cfg" >&2
} | tee "$out"
