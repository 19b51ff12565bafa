#!/bin/sh
# Install the Debian packages the harness needs, when missing.
# As root they are installed with apt-get; otherwise the missing ones are
# named and the step fails. The base kernel's package is not among them:
# scripts/base-resolve.sh installs the recorded version of it.
set -eu
. "$(dirname "$0")/lib.sh"

# deps.sh [lint|bench]: with "lint", also what `make lint` needs (cross
# compilers, sparse, Sphinx); with "bench", what bench/cache-plugin.sh
# needs to build QEMU's cache plugin (dpkg-source, glib's headers).
group=${1:-}

# command-or-file:package
need="
make:make gcc:gcc ccache:ccache flex:flex bison:bison bc:bc cpio:cpio
perl:perl python3:python3 git:git b4:b4 xz:xz-utils flock:util-linux
/usr/include/libelf.h:libelf-dev /usr/include/openssl/ssl.h:libssl-dev
qemu-system-x86_64:qemu-system-x86 /usr/share/qemu/qboot.rom:qemu-system-data
mkfs.ext4:e2fsprogs mkfs.xfs:xfsprogs mkfs.btrfs:btrfs-progs
busybox:busybox-static /usr/include/liburing.h:liburing-dev
/usr/lib/x86_64-linux-gnu/liburing.a:liburing-dev
/usr/include/sys/capability.h:libcap-dev /usr/include/numa.h:libnuma-dev
rsync:rsync /usr/lib/python3/dist-packages/ply:python3-ply insmod:kmod
/usr/lib/python3/dist-packages/git:python3-git
fio:fio ib_write_bw:perftest strace:strace rdma:iproute2
/etc/libibverbs.d/rxe.driver:ibverbs-providers
/usr/include/infiniband/verbs.h:libibverbs-dev
/usr/include/xdp/xsk.h:libxdp-dev /usr/include/bpf/libbpf.h:libbpf-dev
sudo:sudo ndctl:ndctl
"
# (sudo: the vm selftests' runner starts on-fault-limit as nobody with it;
# ndctl: the guest makes its NVDIMMs fsdax namespaces with it.)
[ "$group" = lint ] && need="$need
i686-linux-gnu-gcc:gcc-i686-linux-gnu aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu
arm-linux-gnueabi-gcc:gcc-arm-linux-gnueabi
powerpc64le-linux-gnu-gcc:gcc-powerpc64le-linux-gnu
sparse:sparse sphinx-build:python3-sphinx
/usr/lib/python3/dist-packages/sphinx_rtd_theme:python3-sphinx-rtd-theme
"
[ "$group" = bench ] && need="$need
dpkg-source:dpkg-dev /usr/include/glib-2.0/glib.h:libglib2.0-dev
"
missing=""
for n in $need; do
	what=${n%%:*} pkg=${n#*:}
	case $what in
	/*) [ -e "$what" ] && continue ;;
	*) command -v "$what" >/dev/null 2>&1 && continue
	   [ -x "/usr/sbin/$what" ] || [ -x "/sbin/$what" ] && continue ;;
	esac
	case " $missing " in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
done

if [ -z "$missing" ]; then
	say "deps: all installed"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	die "missing Debian packages:$missing (run as root, or: sudo apt-get install$missing)"
fi
mkdir -p "$BUILD"
say "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null || die "apt-get update failed"
# Installing a package can upgrade others, the base's among them (it did:
# dpkg-dev moved linux-source-6.1 from 6.1.192-2 to -3 on 2026-12-03):
# name the installed base package at its installed version, so that apt
# keeps it where it is.
. "$TOP/config/base.conf"
keep=$(dpkg-query -W -f '${db:Status-Abbrev} ${Version}\n' "$BASE_PACKAGE" 2>/dev/null |
	awk -v p="$BASE_PACKAGE" '$1 == "ii" { print p "=" $2 }' || true)
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing $keep >"$BUILD/apt.log" 2>&1 ||
	{ tail -20 "$BUILD/apt.log"; die "apt-get install failed (see $BUILD/apt.log)"; }
say "deps: installed"
