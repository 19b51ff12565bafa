# Common settings for the harness scripts; sourced, never run.
# Every path can be overridden from the environment (the Makefile passes
# them through), so each step runs alone.

: "${TOP:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${BUILD:=$TOP/build}"
: "${BASE_TARBALL:=}"		# empty: the package (scripts/base-resolve.sh)
: "${BASE_DIR:=$BUILD/base}"		# git repo of the unpacked base
: "${TREE:=$BUILD/tree}"		# base + series, a worktree of BASE_DIR
: "${PATCHES:=$TOP/patches}"		# the series that apply-series.sh applies
: "${BRANCH:=series}"		# the branch of $TREE that holds the series
# One kernel build at a time on the whole machine, whichever clone runs it.
: "${KBUILD_LOCK:=/tmp/kernel-lab-kbuild.lock}"
: "${JOBS:=$(nproc)}"

# The base commit must have the same id on every machine, so that the
# cover letter's base-commit: line and `make series` are reproducible.
BASE_DATE="2000-01-01T00:00:00Z"
BASE_IDENT_NAME="linux-source base"
BASE_IDENT_EMAIL="base@localhost"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Run a command with the machine-wide kernel build lock held: two kernel
# builds at once on two cores only make both slower.
with_build_lock() {
	mkdir -p "$(dirname "$KBUILD_LOCK")"
	flock "$KBUILD_LOCK" "$@"
}

# make for a kernel tree, out of tree, with the harness's compiler settings.
# Every kernel make goes through here: a different CC or HOSTCC between
# two runs in one build directory rebuilds the host tools, objtool and
# then every object.
kmake() {	# kmake SRC OBJ [make arguments...]
	_src=$1 _obj=$2; shift 2
	_cc=gcc
	command -v ccache >/dev/null 2>&1 && _cc="ccache gcc"
	CCACHE_BASEDIR="$BUILD" CCACHE_NOHASHDIR=1 \
	KBUILD_BUILD_USER=harness KBUILD_BUILD_HOST=localhost \
	KBUILD_BUILD_TIMESTAMP="$BASE_DATE" \
		with_build_lock make -C "$_src" O="$_obj" ARCH=x86_64 \
		CC="$_cc" HOSTCC="$_cc" "$@"
}

# series_round_trip OUTTOP: patches/ -> a scratch tree of the series
# (make-tree.sh) -> OUTTOP/patches (export-series.sh), on a scratch
# worktree and branch that are removed afterwards; build/tree is untouched.
series_round_trip() {
	_out=$1 _scratch=$(mktemp -d) _branch="scratch-series-$$"
	BRANCH=$_branch TREE="$_scratch/tree" "$TOP/scripts/make-tree.sh" &&
	TOP="$_out" BUILD="$BUILD" BRANCH=$_branch TREE="$_scratch/tree" \
		"$TOP/scripts/export-series.sh"
	_rc=$?
	git -C "$BASE_DIR" worktree remove --force "$_scratch/tree" 2>/dev/null || true
	git -C "$BASE_DIR" branch -q -D "$_branch" 2>/dev/null || true
	rm -rf "$_scratch"
	return $_rc
}
