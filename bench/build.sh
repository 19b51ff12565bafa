#!/bin/sh
# bench/build.sh: build the guest side of the benchmark into $BUILD/bench
# (dynamically linked: the guest runs on the host's root file system):
#   gupbench   from bench/gupbench.c
#   gup_test   the kernel's own tools/testing/selftests/vm/gup_test.c, from
#              the base tree (kernel_paths base; scripts/kernel.sh base
#              makes it): the figures maintainers know, from the same boots
# Prints gupbench's path on stdout.
set -eu
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
. "$TOP/scripts/lib.sh"

# build SRC BIN COMPILER-ARGS...: compile SRC into BIN when BIN is older
build() {
	_src=$1 _bin=$2; shift 2
	[ -x "$_bin" ] && [ -z "$(find "$_src" -newer "$_bin")" ] && return
	say "bench: building ${_bin#"$TOP"/}"
	gcc -O2 -Wall "$@" -o "$_bin.tmp" "$_src" || die "bench: $_src did not build"
	mv "$_bin.tmp" "$_bin"
}

mkdir -p "$BUILD/bench"
bin="$BUILD/bench/gupbench"
build "$TOP/bench/gupbench.c" "$bin" -Wextra -Werror
kernel_paths base
ksrc=${BENCH_KSRC:-$K_SRC}
gt="$ksrc/tools/testing/selftests/vm/gup_test.c"
[ -f "$gt" ] || die "bench: no $gt (scripts/kernel.sh base makes the base tree)"
build "$gt" "$BUILD/bench/gup_test" -I"$ksrc" -lpthread
echo "$bin"
