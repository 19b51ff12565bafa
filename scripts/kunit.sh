#!/bin/sh
# kunit.sh uml|x86_64 [OUT.tap]: run the series' KUnit suite with the
# kernel's own tools/testing/kunit/kunit.py, on UML or on x86_64 under
# QEMU, from the patched tree, with the suite's own .kunitconfig (mm/).
# The raw KTAP is kept in OUT.tap for the totals.
set -eu
. "$(dirname "$0")/lib.sh"

arch=${1:-uml} out=${2:-/dev/null}
"$TOP/scripts/apply-series.sh" >/dev/null 2>&1 || "$TOP/scripts/apply-series.sh"
src="$BUILD/k/kunit/src"
if [ ! -d "$src" ]; then
	mkdir -p "$BUILD/k/kunit"
	git -C "$BASE_DIR" worktree add -q --detach "$src" refs/harness/patched
else
	git -C "$src" checkout -q -f --detach refs/harness/patched
fi
kcfg=$(cd "$src" && ls -d mm/.kunitconfig 2>/dev/null || true)
[ -n "$kcfg" ] || die "kunit: no mm/.kunitconfig in the series (patches/ does not carry the KUnit suite yet)"

bdir="$BUILD/k/kunit/$arch"
set -- --kunitconfig=mm --build_dir="$bdir" --jobs="$JOBS" --timeout=600
# On x86_64 the cases that need hugetlb, soft-dirty, uffd-wp and secretmem
# can run too (UML has none of them; those cases skip there, with reasons).
[ "$arch" = uml ] || set -- "$@" --arch="$arch" \
	--kconfig_add CONFIG_HUGETLBFS=y --kconfig_add CONFIG_CHECKPOINT_RESTORE=y \
	--kconfig_add CONFIG_MEM_SOFT_DIRTY=y --kconfig_add CONFIG_USERFAULTFD=y \
	--kconfig_add CONFIG_SECRETMEM=y --kernel_args hugepages=2
command -v ccache >/dev/null && set -- "$@" --make_options CC="ccache gcc"
[ "$arch" = uml ] && command -v ccache >/dev/null && set -- "$@" --make_options HOSTCC="ccache gcc"
export CCACHE_BASEDIR="$BUILD" CCACHE_NOHASHDIR=1
say "kunit ($arch): tools/testing/kunit/kunit.py run --kunitconfig=mm (build dir $bdir)"
start=$(date +%s)
set +e
(cd "$src" && with_build_lock python3 tools/testing/kunit/kunit.py run "$@")
rc=$?
set -e
# kunit.py keeps the kernel's raw output; keep its KTAP for the totals.
if [ -f "$bdir/test.log" ]; then
	sed -n '/KTAP version\|TAP version/,$p' "$bdir/test.log" >"$out"
fi
say "kunit ($arch): kunit.py exited with $rc after $(( $(date +%s) - start )) s"
exit $rc
