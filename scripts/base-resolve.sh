#!/bin/sh
# base-resolve.sh [-v]: decide which base kernel this run uses, and write
# it to $BUILD/base.env (sourced by base-tree.sh, roundtrip-check.sh, ...).
# With -v, print it as one line on stderr: "base: ..." for the recorded
# base, "BASE DIFFERS: ..." for any other.
#
# The recorded base is config/base.conf: a version of Debian's
# linux-source-6.1 and the sha256 of its tarball. In order:
#   KERNEL_TREE=<git tree>   that tree's HEAD (never the recorded base)
#   BASE_TARBALL=<file>      that tarball
#   BASE_VERSION=<version>   that package version: the installed one if it
#                            is that version, else downloaded into
#                            $BUILD/debs (apt-get download; the system is
#                            not touched)
#   (none of them)           the installed package; if none is installed,
#                            the recorded version is installed (root), or
#                            the archive's newest when it no longer has
#                            the recorded one.
# Only a missing base is fatal. The sha256 is checked before anything is
# unpacked; the base is "the recorded one" exactly when it matches.
#
# DPKG_QUERY, APT_GET, BASE_SYS_TARBALL and BASE_CONF can be overridden (the
# harness's own tests use stand-ins).
set -eu
. "$(dirname "$0")/lib.sh"
: "${BASE_CONF:=$TOP/config/base.conf}"
. "$BASE_CONF"

verbose=
[ "${1:-}" = -v ] && verbose=1
: "${DPKG_QUERY:=dpkg-query}"
: "${APT_GET:=apt-get}"
: "${BASE_SYS_TARBALL:=/usr/src/linux-source-6.1.tar.xz}"
mkdir -p "$BUILD"
env_file="$BUILD/base.env"

installed_version() {
	$DPKG_QUERY -W -f '${db:Status-Abbrev} ${Version}\n' "$BASE_PACKAGE" 2>/dev/null |
		awk '$1 == "ii" { print $2 }' || true
}

# fetch VERSION: the package's tarball, downloaded and unpacked from the
# .deb into $BUILD/debs (kept: later runs reuse it). Prints its path.
fetch() {
	_dir="$BUILD/debs" _tb="$BUILD/debs/$BASE_PACKAGE-$1.tar.xz"
	if [ ! -s "$_tb" ]; then
		mkdir -p "$_dir"
		say "base: downloading $BASE_PACKAGE $1 into $_dir"
		(cd "$_dir" && $APT_GET download -q "$BASE_PACKAGE=$1") >"$_dir/download.log" 2>&1 || {
			sed 's/^/    /' "$_dir/download.log" >&2
			return 1
		}
		_deb=$(ls "$_dir/${BASE_PACKAGE}_$(echo "$1" | sed 's/:/%3a/')_"*.deb | head -n 1)
		dpkg-deb --fsys-tarfile "$_deb" | tar -xO "./usr/src/$BASE_PACKAGE.tar.xz" >"$_tb.tmp"
		mv "$_tb.tmp" "$_tb"
		rm -f "$_deb"
	fi
	echo "$_tb"
}

kind=tarball version=unknown how= tarball= tree_head=
if [ -n "${KERNEL_TREE:-}" ]; then
	kind=tree
	tree_head=$(git -C "$KERNEL_TREE" rev-parse --verify HEAD 2>/dev/null) ||
		die "KERNEL_TREE=$KERNEL_TREE is not a git tree with a HEAD"
	version=$(git -C "$KERNEL_TREE" describe --tags HEAD 2>/dev/null || echo "HEAD")
	how="KERNEL_TREE=$KERNEL_TREE"
elif [ -n "${BASE_TARBALL:-}" ]; then
	tarball=$BASE_TARBALL how="BASE_TARBALL=$BASE_TARBALL"
	[ "$tarball" = "$BASE_SYS_TARBALL" ] && version=$(installed_version)
elif [ -n "${BASE_VERSION:-}" ]; then
	version=$BASE_VERSION how="BASE_VERSION=$BASE_VERSION"
	if [ "$(installed_version)" = "$BASE_VERSION" ]; then
		tarball=$BASE_SYS_TARBALL
	else
		tarball=$(fetch "$BASE_VERSION") ||
			die "no base: $BASE_PACKAGE $BASE_VERSION cannot be downloaded here (apt-cache madison $BASE_PACKAGE lists the versions the archive has)"
	fi
else
	version=$(installed_version)
	if [ -z "$version" ]; then
		[ "$(id -u)" -eq 0 ] ||
			die "no base: $BASE_PACKAGE is not installed (as root: apt-get install $BASE_PACKAGE=$BASE_RECORDED_VERSION; or set BASE_TARBALL=, BASE_VERSION= or KERNEL_TREE=)"
		say "base: installing $BASE_PACKAGE $BASE_RECORDED_VERSION (the recorded base)"
		export DEBIAN_FRONTEND=noninteractive
		log="$BUILD/apt-base.log"
		if ! $APT_GET install -y -q --no-install-recommends \
				"$BASE_PACKAGE=$BASE_RECORDED_VERSION" >"$log" 2>&1; then
			say "base: the archive has no $BASE_PACKAGE $BASE_RECORDED_VERSION; installing its newest"
			$APT_GET install -y -q --no-install-recommends "$BASE_PACKAGE" >>"$log" 2>&1 || {
				tail -n 5 "$log" >&2
				die "no base: apt-get install $BASE_PACKAGE failed (see $log); set BASE_TARBALL=, BASE_VERSION= or KERNEL_TREE="
			}
		fi
		version=$(installed_version)
	fi
	tarball=$BASE_SYS_TARBALL
	how="installed package"
fi

sha=
if [ "$kind" = tarball ]; then
	[ -r "$tarball" ] || die "no base: cannot read $tarball (apt-get install $BASE_PACKAGE=$BASE_RECORDED_VERSION, or set BASE_TARBALL= or KERNEL_TREE=)"
	# The sha256 of 140 MB takes a moment: reuse it while the file is
	# the same (path, size and mtime).
	stamp="$tarball $(stat -L -c '%s %Y' "$tarball")"
	if [ -f "$env_file" ] && grep -qxF "BASE_STAMP='$stamp'" "$env_file"; then
		sha=$(sed -n "s/^BASE_SHA256='\(.*\)'$/\1/p" "$env_file")
	else
		sha=$(sha256sum "$tarball" | cut -d' ' -f1)
	fi
fi

recorded=no
[ "$kind" = tarball ] && [ "$sha" = "$BASE_RECORDED_SHA256" ] && recorded=yes
cat >"$env_file.tmp" <<EOF
BASE_KIND='$kind'
BASE_HOW='$how'
BASE_VERSION_USED='$version'
BASE_TARBALL_USED='$tarball'
BASE_SHA256='$sha'
BASE_STAMP='${stamp:-}'
BASE_TREE_HEAD='$tree_head'
BASE_IS_RECORDED='$recorded'
EOF
mv "$env_file.tmp" "$env_file"

if [ -n "$verbose" ]; then
	if [ "$recorded" = yes ]; then
		say "base: $BASE_PACKAGE $version (Linux $BASE_RECORDED_KERNELVERSION), sha256 $sha: the recorded base"
	elif [ "$kind" = tree ]; then
		say "BASE DIFFERS: recorded $BASE_PACKAGE $BASE_RECORDED_VERSION sha256 $BASE_RECORDED_SHA256; using $how, HEAD $tree_head ($version)"
	else
		say "BASE DIFFERS: recorded $BASE_PACKAGE $BASE_RECORDED_VERSION sha256 $BASE_RECORDED_SHA256; using $version sha256 $sha ($how, $tarball)"
	fi
fi
