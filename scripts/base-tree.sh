#!/bin/sh
# base-tree.sh: make $BASE_DIR a git repository whose branch "base" is the
# base kernel that scripts/base-resolve.sh chose (see there: the recorded
# Debian package, another one, a tarball, or KERNEL_TREE's HEAD).
#
# A tarball becomes one commit with a fixed author, date and message
# ("Linux VERSION (tarball sha256 SHA)"), so the same tarball gives the
# same commit id everywhere: the cover letter's base-commit: line. Each
# base imported is kept as refs/bases/<sha256> (refs/bases/tree-<id> for
# KERNEL_TREE), so switching back and forth unpacks nothing twice and the
# worktrees of the repository (build/k/*/src) stay valid.
set -eu
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/base-resolve.sh"
. "$BUILD/base.env"

# import_tarball TARBALL SHA: commit TARBALL's contents into $BASE_DIR
# (created when missing) as refs/bases/SHA; prints the commit id.
import_tarball() {
	_tb=$1 _sha=$2
	if [ -d "$BASE_DIR/.git" ] &&
	   git -C "$BASE_DIR" rev-parse -q --verify "refs/bases/$_sha^{commit}" 2>/dev/null; then
		return 0
	fi
	mkdir -p "$BUILD"
	# A new repository is unpacked in place; a base added to an existing
	# one is unpacked beside it, with an index of its own.
	if [ -d "$BASE_DIR/.git" ]; then
		_wt=$(mktemp -d "$BUILD/unpack.XXXXXX") _idx="$_wt.index"
	else
		_wt="$BASE_DIR.tmp.$$" _idx=
		rm -rf "$_wt"
		mkdir -p "$_wt"
	fi
	say "base tree: unpacking $_tb (about a minute)"
	tar -xf "$_tb" -C "$_wt" --strip-components=1
	# Debian's packaging appends "/*" to the top-level .gitignore, which
	# would make git ignore the whole tree: drop that one rule.
	sed -i '/^\/\*$/d' "$_wt/.gitignore"
	_ver=$(make -s -C "$_wt" kernelversion 2>/dev/null || echo unknown)
	if [ -z "$_idx" ]; then
		git -C "$_wt" init -q -b base
		_gd="$_wt/.git"
	else
		_gd="$BASE_DIR/.git"
	fi
	say "base tree: committing Linux $_ver (fixed identity, date and message)"
	# Force: the tarball's .gitignore files (".*" and the like) would
	# otherwise keep dotfiles such as .gitignore and .mailmap out of the
	# base, and patches touching them would not apply.
	GIT_DIR=$_gd GIT_WORK_TREE=$_wt GIT_INDEX_FILE=${_idx:-$_gd/index} git add -A -f
	_tree=$(GIT_DIR=$_gd GIT_INDEX_FILE=${_idx:-$_gd/index} git write-tree)
	_c=$(GIT_AUTHOR_NAME="$BASE_IDENT_NAME" GIT_AUTHOR_EMAIL="$BASE_IDENT_EMAIL" \
		GIT_COMMITTER_NAME="$BASE_IDENT_NAME" GIT_COMMITTER_EMAIL="$BASE_IDENT_EMAIL" \
		GIT_AUTHOR_DATE="$BASE_DATE" GIT_COMMITTER_DATE="$BASE_DATE" \
		GIT_DIR=$_gd git commit-tree "$_tree" -m "Linux $_ver (tarball sha256 $_sha)")
	GIT_DIR=$_gd git update-ref "refs/bases/$_sha" "$_c"
	if [ -z "$_idx" ]; then
		GIT_DIR=$_gd git update-ref refs/heads/base "$_c"
		mv "$_wt" "$BASE_DIR"
	else
		rm -rf "$_wt" "$_idx"
	fi
	echo "$_c"
}

if [ "$BASE_KIND" = tree ]; then
	ref="refs/bases/tree-$BASE_TREE_HEAD"
	if [ ! -d "$BASE_DIR/.git" ]; then
		say "base tree: cloning $KERNEL_TREE (HEAD) into $BASE_DIR"
		git clone -q --no-checkout "$KERNEL_TREE" "$BASE_DIR.tmp.$$"
		git -C "$BASE_DIR.tmp.$$" update-ref refs/heads/base "$BASE_TREE_HEAD"
		git -C "$BASE_DIR.tmp.$$" symbolic-ref HEAD refs/heads/base
		git -C "$BASE_DIR.tmp.$$" checkout -q -f base
		mv "$BASE_DIR.tmp.$$" "$BASE_DIR"
	fi
	if ! git -C "$BASE_DIR" rev-parse -q --verify "$ref" >/dev/null; then
		git -C "$BASE_DIR" fetch -q --no-tags "$KERNEL_TREE" "$BASE_TREE_HEAD"
		git -C "$BASE_DIR" update-ref "$ref" "$BASE_TREE_HEAD"
	fi
	commit=$BASE_TREE_HEAD
else
	commit=$(import_tarball "$BASE_TARBALL_USED" "$BASE_SHA256")
fi

if [ "$(git -C "$BASE_DIR" rev-parse -q --verify base 2>/dev/null)" != "$commit" ]; then
	"$TOP/scripts/base-resolve.sh" -v
	say "base tree: switching branch base to $commit"
	git -C "$BASE_DIR" update-ref refs/heads/base "$commit"
	# $BASE_DIR's own checkout (checkpatch.pl runs from it) follows.
	git -C "$BASE_DIR" checkout -q -f base
fi
