# Entry points of the harness. Every step is a small script in scripts/
# that also runs alone; this file only names them. See README.md.
#
#   make demo      the hazard, real clients and the accept/reject matrix,
#                  base kernel against patched kernel, side by side
#   make check     the tests of every change on the patched kernel; ends
#                  with "N passed, N failed, N skipped"
#   make check-debug  the same series on the debug kernel (KASAN, lockdep)
#   make ci        both, one total (what CI runs: .ci/run)
#   make lint      every patch on six architectures: build, W=1, sparse,
#                  kernel-doc, htmldocs, get_maintainer, checkpatch
#   make mutants   every mutant of tests/mutants/ must be killed
#   make stress    the race stress on the debug kernel (DURATION=60)
#   make bench     base against patched, instructions under QEMU icount
#
#   make backports the series on every 6.1.y Debian's archive offers:
#                  applies / builds / KUnit and matrix pass, a table
#
# The base is recorded in config/base.conf (Debian package version and
# tarball sha256); another one is reported as such. Variables:
# BASE_VERSION=<linux-source-6.1 version>, BASE_TARBALL=<path>,
# KERNEL_TREE=<6.1.y git tree> choose another base (make record-base moves
# the series to it); JOBS=<n>, GUEST_TIMEOUT=<s>, GUEST_ACCEL=kvm|tcg.
#
# Map (README.md, "Layout"): patches/ the series; config/ the base and the
# kernel fragments; scripts/ the host's steps (lib.sh's kernel_paths owns
# the build layout, tap.sh writes TAP, guest-tests.sh runs every guest
# job); tests/guest/ all that runs in a guest (init.sh its PID 1, job.sh,
# one file per part in parts/, clients.sh, stress.sh, bench.sh);
# tests/clients, pin-hazard, stress: programs built on the host for the
# guest; tests/mutants/ the mutants; tests/harness/ the harness's own
# tests (host); bench/ the benchmark's host side.

SHELL := /bin/sh
export TOP := $(CURDIR)
export KERNEL_TREE BASE_TARBALL BASE_VERSION JOBS GUEST_TIMEOUT GUEST_ACCEL

.PHONY: all help deps base record-base backports apply kernels kernel-base kernel-patched \
	kernel-debug tree series checkpatch kunit kunit-uml kunit-x86_64 \
	selftest demo check check-debug ci lint lint-selftest mutants stress bench harness-test \
	clean clean-all

all: help
help:
	@sed -n '2,23p' Makefile | sed 's/^# \{0,1\}//'

deps:
	@scripts/deps.sh
base: deps
	@scripts/base-tree.sh
	@scripts/base-resolve.sh -v
record-base: deps
	@scripts/record-base.sh
backports: deps
	@scripts/backports.sh $(VERSIONS)
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
	@scripts/guest-tests.sh patched $(CURDIR)/build/selftest kunit vm hazard leak warn
	@scripts/tap-summary.sh build/selftest/*.tap

demo: deps
	@scripts/demo.sh
check: deps
	@scripts/check.sh
check-debug: deps
	@scripts/check.sh --debug
ci: deps
	@scripts/check.sh --all
lint:
	@scripts/deps.sh lint
	@scripts/lint.sh $(CURDIR)/build/lint/lint.tap
lint-selftest:
	@scripts/deps.sh lint
	@scripts/lint.sh --self-test
mutants: deps
	@scripts/mutants.sh
stress: deps
	@scripts/stress.sh $(DURATION)
bench: deps
	@scripts/deps.sh bench
	@bench/run.sh
harness-test:
	@tests/harness/run.sh

# clean keeps the base repository and ccache; clean-all removes build/.
clean:
	rm -rf build/k build/run build/check build/check-debug build/kunit build/bench build/mutants \
		build/lint build/tests build/demo build/stress
	-git -C build/base worktree prune 2>/dev/null
clean-all:
	-git -C build/base worktree prune 2>/dev/null
	rm -rf build
