# Settings and helpers of the lint steps (scripts/lint*.sh); sourced after
# lib.sh, never run.
#
# Architectures, as named by the lint (LINT_ARCHS): each maps to a kbuild
# ARCH, a Debian cross compiler (CROSS_COMPILE) and config fragments.
#   x86_64   the guest config (config/guest.config) + KUnit
#   i386     32-bit x86, HIGHMEM with PAE
#   arm64    THP: GUP-fast's huge PMD leaf
#   powerpc  64-bit Book3S: ARCH_HAS_HUGEPD, so gup_hugepte() is built
#   um       UML: an MMU without GUP-fast
#   arm      32-bit arm allnoconfig: no MMU, no GUP-fast

: "${LINT_ARCHS:=x86_64 i386 arm64 powerpc um arm}"
: "${LINT_DIR:=$BUILD/lint}"
LINT_CFG="$TOP/config/lint"

lint_arch() {	# lint_arch NAME: set karch, cross, frags (or fail)
	cross=""
	case $1 in
	x86_64)	karch=x86_64 ;;
	i386)	karch=i386 cross=i686-linux-gnu- ;;
	arm64)	karch=arm64 cross=aarch64-linux-gnu- ;;
	powerpc) karch=powerpc cross=powerpc64le-linux-gnu- ;;
	um)	karch=um ;;
	arm)	karch=arm cross=arm-linux-gnueabi- ;;
	*)	die "lint: unknown architecture '$1' (known: x86_64 i386 arm64 powerpc um arm)" ;;
	esac
	case $1 in
	x86_64)	frags="$TOP/config/guest.config $LINT_CFG/common.config $LINT_CFG/x86_64.config" ;;
	arm)	frags="$LINT_CFG/arm.config" ;;
	*)	frags="$LINT_CFG/common.config $LINT_CFG/$1.config" ;;
	esac
}

# The Debian package of each tool the lint needs (command:package).
LINT_TOOLS="i686-linux-gnu-gcc:gcc-i686-linux-gnu
aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu
powerpc64le-linux-gnu-gcc:gcc-powerpc64le-linux-gnu
arm-linux-gnueabi-gcc:gcc-arm-linux-gnueabi
sparse:sparse sphinx-build:python3-sphinx"

lint_check_tools() {
	_missing=""
	for _t in $LINT_TOOLS; do
		command -v "${_t%%:*}" >/dev/null 2>&1 || _missing="$_missing ${_t#*:}"
	done
	[ -z "$_missing" ] ||
		die "lint: missing Debian packages:$_missing (scripts/deps.sh installs them; or apt-get install$_missing)"
}

# xkmake NAME SRC OBJ [make arguments...]: lib.sh's kmake for any lint
# architecture: the same compiler wrapping (ccache), build identity and
# machine-wide lock, with the arch's ARCH and cross compiler. For x86_64
# it runs exactly what kmake runs.
xkmake() {
	lint_arch "$1"
	_src=$2 _obj=$3; shift 3
	_cc=${cross}gcc _hostcc=gcc
	command -v ccache >/dev/null 2>&1 && _cc="ccache $_cc" _hostcc="ccache gcc"
	# The time spent waiting for the lock (other builds on the machine)
	# goes to $LINT_WAITS, "requested acquired" in seconds.
	CCACHE_BASEDIR="$BUILD" CCACHE_NOHASHDIR=1 \
	KBUILD_BUILD_USER=harness KBUILD_BUILD_HOST=localhost \
	KBUILD_BUILD_TIMESTAMP="$BASE_DATE" \
		with_build_lock sh -c 'echo "$1 $(date +%s)" >>"$2"; shift 2; exec "$@"' \
		xkmake "$(date +%s)" "${LINT_WAITS:-/dev/null}" \
		make -C "$_src" O="$_obj" ARCH="$karch" \
		${cross:+CROSS_COMPILE=$cross} CC="$_cc" HOSTCC="$_hostcc" "$@"
}

# warnings SRC < LOG: the compiler, sparse or kernel-doc warnings and
# errors of LOG, one per line, in a form that survives line moves and the
# build directory: "path: warning: message" (no line or column; the
# source tree's prefix dropped, absolute or kbuild's relative "../src/";
# objtool's "file.o: warning: objtool: function+offset" without offset).
warnings() {
	sed -n "s#$1/##g; s#^\./##; s#^\.\./src/##
		s#^\([^ :]*\.[a-zA-Z]*\):[0-9][0-9]*:\([0-9][0-9]*:\)\{0,1\} *\(warning\|error\|WARNING\|ERROR\)\(:\| \)#\1: \3:#p
		s#^\([^ :]*\.o\): warning: objtool: \([^ +:]*\)+0x[0-9a-f]*#\1: warning: objtool: \2#p" |
		sed 's/[[:space:]]*$//'
}

# unit_lines OBJ... < LOG: the lines of a kbuild LOG that belong to the
# compilation (CC) or sparse run (CHECK) of OBJ...; building one object
# can also build other things first (prepare, the arm64 vDSO), whose
# warnings are not the object's.
unit_lines() {
	awk -v objs="$*" '
		BEGIN {
			n = split(objs, o, " ")
			for (i = 1; i <= n; i++) { want[o[i]] = 1; c = o[i]; sub(/\.o$/, ".c", c); srcs[c] = 1 }
		}
		/^  [A-Z][A-Z0-9_]* / {
			keep = ($1 == "CC" && ($2 in want))
			if ($1 == "CHECK")
				for (c in srcs)
					if (substr($2, length($2) - length(c)) == "/" c) keep = 1
			next
		}
		keep'
}

# new_warnings BASE NEW: the lines of file NEW not in file BASE, counted
# as multisets (a warning that appears once more than in the base is new).
new_warnings() {
	sort "$1" >"$2.base-sorted"
	sort "$2" | comm -13 "$2.base-sorted" -
	rm -f "$2.base-sorted"
}
