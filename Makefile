# Entry points of the harness. Every step is a small script in scripts/
# that also runs alone; this file only names them. See README.md.
#
#   make demo      the hazard on the base kernel and the accept/reject
#                  matrix on base and patched kernels, side by side
#   make check     every test; ends with "N passed, N failed"
#
# Variables: KERNEL_TREE=<6.1.y git tree> (instead of the tarball),
# BASE_TARBALL=<path>, JOBS=<n>, GUEST_TIMEOUT=<s>.

SHELL := /bin/sh
export TOP := $(CURDIR)
export KERNEL_TREE BASE_TARBALL JOBS GUEST_TIMEOUT

.PHONY: all help deps base apply kernels kernel-base kernel-patched \
	kernel-debug tree series checkpatch kunit kunit-uml kunit-x86_64 \
	selftest demo check bench harness-test clean clean-all

all: help
help:
	@sed -n '2,11p' Makefile | sed 's/^# \{0,1\}//'

deps:
	@scripts/deps.sh
base: deps
	@scripts/base-tree.sh
apply: base
	@scripts/apply-series.sh

kernel-base kernel-patched kernel-debug: deps
	@scripts/kernel.sh $(@:kernel-%=%) >/dev/null
kernels: kernel-base kernel-patched kernel-debug

# Developer round trip: patches/ -> editable tree -> patches/
tree: base
	@scripts/make-tree.sh
series:
	@scripts/export-series.sh

checkpatch: apply
	@scripts/checkpatch.sh
kunit: kunit-uml kunit-x86_64
kunit-uml kunit-x86_64: apply
	@scripts/kunit.sh $(@:kunit-%=%)
selftest: deps
	@scripts/kernel.sh patched >/dev/null
	@scripts/build-tests.sh patched
	@rm -rf build/selftest
	@scripts/guest-tests.sh patched $(CURDIR)/build/selftest
	@scripts/tap-summary.sh build/selftest/*.tap

demo: deps
	@scripts/demo.sh
check: deps
	@scripts/check.sh
bench: deps
	@bench/run.sh
harness-test:
	@tests/harness/run.sh

# clean keeps the base repository and ccache; clean-all removes build/.
clean:
	rm -rf build/k build/run build/check build/kunit build/bench
clean-all:
	-git -C build/base worktree prune 2>/dev/null
	rm -rf build
