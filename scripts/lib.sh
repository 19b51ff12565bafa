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

# The build layout, in one place: every script asks kernel_paths where a
# kernel's files are, none spells a path under $BUILD/k or $BUILD/tests.
#
# kernel_paths VARIANT sets, for the guest kernel VARIANT:
#   K_SRC    its source worktree of $BASE_DIR (debug and patched share one)
#   K_REF    the commit that worktree holds
#   K_OBJ    its O= build directory; K_IMAGE its bzImage
#   K_TESTS  what is built against it (tests/pin-hazard)
#   K_FRAGS  its config fragments, in the order they are merged
# and returns 1 for a VARIANT it does not know. TESTS_DIR holds what is
# the same for every kernel (the vm selftests, gup-stress, the clients).
#   base     the base tree; guest.config + clients.config
#   patched  the series; + kunit.config (the KUnit suite, built in)
#   debug    the series; guest + kunit + debug.config (KASAN, lockdep...)
#   release  the series with base's config exactly (bench/run.sh), in its
#            own worktree so that ccache shares base's objects
#   mutant   a mutant of the series (scripts/mutants.sh), + mutant.config
TESTS_DIR="$BUILD/tests"
kernel_paths() {
	_c=$TOP/config K_REF=refs/harness/patched K_OBJ=$BUILD/k/$1/obj
	case $1 in
	base)	K_SRC=$BUILD/k/base/src K_REF=base
		K_FRAGS="$_c/guest.config $_c/clients.config" ;;
	release) K_SRC=$BUILD/k/release/src
		K_FRAGS="$_c/guest.config $_c/clients.config" ;;
	patched) K_SRC=$BUILD/k/patched/src
		K_FRAGS="$_c/guest.config $_c/clients.config $_c/kunit.config" ;;
	debug)	K_SRC=$BUILD/k/patched/src
		K_FRAGS="$_c/guest.config $_c/kunit.config $_c/debug.config" ;;
	mutant)	K_SRC=$BUILD/mutants/guest/src K_OBJ=$BUILD/mutants/guest/obj
		K_FRAGS="$_c/guest.config $_c/clients.config $_c/kunit.config $_c/mutant.config" ;;
	*)	return 1 ;;
	esac
	K_IMAGE=$K_OBJ/arch/x86/boot/bzImage
	K_TESTS=$BUILD/k/$1/tests
}

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
