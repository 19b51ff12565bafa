#!/bin/sh
# Make $BASE_DIR: a one-commit git repository of the base kernel.
#
# With KERNEL_TREE=<path to a 6.1.y git tree>, that tree's HEAD is used
# instead (cloned locally, the user's tree is never touched).
# Reused when it exists; `make clean-base` removes it.
set -eu
. "$(dirname "$0")/lib.sh"

if [ -d "$BASE_DIR/.git" ]; then
	say "base tree: reusing $BASE_DIR ($(git -C "$BASE_DIR" log -1 --format='%h %s'))"
	exit 0
fi

mkdir -p "$BUILD"
tmp="$BASE_DIR.tmp.$$"
trap 'rm -rf "$tmp"' EXIT

if [ -n "${KERNEL_TREE:-}" ]; then
	[ -d "$KERNEL_TREE/.git" ] || [ -f "$KERNEL_TREE/.git" ] ||
		die "KERNEL_TREE=$KERNEL_TREE is not a git tree"
	say "base tree: cloning $KERNEL_TREE (HEAD) into $BASE_DIR"
	git clone -q --no-checkout "$KERNEL_TREE" "$tmp"
	git -C "$tmp" checkout -q --detach HEAD
	git -C "$tmp" branch -q -f base HEAD
else
	[ -r "$BASE_TARBALL" ] ||
		die "no base tarball at $BASE_TARBALL (apt-get install linux-source-6.1, or set BASE_TARBALL= or KERNEL_TREE=)"
	say "base tree: unpacking $BASE_TARBALL (about a minute)"
	mkdir -p "$tmp"
	tar -xf "$BASE_TARBALL" -C "$tmp" --strip-components=1
	# Debian's packaging appends "/*" to the top-level .gitignore, which
	# would make git ignore the whole tree: drop that one rule.
	sed -i '/^\/\*$/d' "$tmp/.gitignore"
	ver=$(make -s -C "$tmp" kernelversion 2>/dev/null || echo unknown)
	say "base tree: committing Linux $ver (fixed identity and date)"
	git -C "$tmp" init -q -b base
	# Force: the tarball's .gitignore files (".*" and the like) would
	# otherwise keep dotfiles such as .gitignore and .mailmap out of the
	# base, and patches touching them would not apply.
	git -C "$tmp" add -A -f
	GIT_AUTHOR_NAME="$BASE_IDENT_NAME" GIT_AUTHOR_EMAIL="$BASE_IDENT_EMAIL" \
	GIT_COMMITTER_NAME="$BASE_IDENT_NAME" GIT_COMMITTER_EMAIL="$BASE_IDENT_EMAIL" \
	GIT_AUTHOR_DATE="$BASE_DATE" GIT_COMMITTER_DATE="$BASE_DATE" \
		git -C "$tmp" commit -q --no-gpg-sign -m "Linux $ver ($(basename "$BASE_TARBALL"))"
fi
mv "$tmp" "$BASE_DIR"
trap - EXIT
say "base tree: $(git -C "$BASE_DIR" log -1 --format='%H %s')"
