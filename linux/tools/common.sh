# Shared helpers for the guest build scripts (build-kernel, build-rootfs-bare, build-rootfs).
# Sourced, not executed. The caller has already done `set -euo pipefail`.

# The linux/ directory this script belongs to (inputs: config, pkg/, modules/, ...).
LINUX_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Where extracted, configured kernel sources live between runs (outside the repository).
CACHE_DIR=${CAMKES_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/camkes-vm}
# Debian package that provides the kernel source, and the tarball it installs.
KERNEL_PKG=linux-source-6.1
KERNEL_TARBALL=/usr/src/linux-source-6.1.tar.xz
# Our configuration fragment, applied on top of `make tinyconfig`.
KERNEL_FRAGMENT=$LINUX_DIR/kernel/camkes-vm.config
JOBS=${JOBS:-2}
# Fixed timestamp, build user/host and build number (the kernel's "#1"), so that rebuilding
# unchanged inputs gives identical images.
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
export SOURCE_DATE_EPOCH KBUILD_BUILD_TIMESTAMP="@$SOURCE_DATE_EPOCH" \
  KBUILD_BUILD_USER=camkes-vm KBUILD_BUILD_HOST=camkes-vm KBUILD_BUILD_VERSION=1

CURRENT_STEP="(start)"

# step N "description": announces a step; failures after this name it.
step() {
  CURRENT_STEP="step $1: $2"
  printf '==> [%s] %s\n' "$1" "$2"
}

# note "text": progress detail inside a step.
note() { printf '    %s\n' "$*"; }

# fail "what is wrong" "how to fix it": stops with a message naming the current step.
fail() {
  printf '\nERROR in %s\n  problem: %s\n' "$CURRENT_STEP" "$1" >&2
  if [ -n "${2:-}" ]; then printf '  fix:     %s\n' "$2" >&2; fi
  exit 1
}

# Any unexpected command failure also names the step.
on_err() {
  local rc=$?
  printf '\nERROR in %s (command failed with status %d: %s)\n' "$CURRENT_STEP" "$rc" "$BASH_COMMAND" >&2
  exit "$rc"
}
trap on_err ERR

# need_cmd COMMAND APT-PACKAGE: fails with an install hint if COMMAND is missing.
need_cmd() {
  command -v "$1" >/dev/null 2>&1 || fail "the command '$1' is not installed" "sudo apt-get install $2"
}

# run_logged LOGFILE CMD...: runs a long command with its output in LOGFILE, printing a dot every
# 10 s so the user sees progress; on failure shows the end of the log.
run_logged() {
  local log=$1; shift
  local start=$SECONDS
  "$@" >"$log" 2>&1 &
  local pid=$! ticks=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    ticks=$((ticks + 1))
    if (( ticks % 15 == 0 )); then printf '    ... %ds (%s lines of output, log: %s)\n' "$((SECONDS - start))" "$(wc -l <"$log")" "$log"; fi
  done
  if ! wait "$pid"; then
    tail -n 40 "$log" >&2
    fail "'$*' failed (full log: $log)" "read the log above; the last lines usually name the missing tool or the broken file"
  fi
  note "done in $((SECONDS - start)) s"
}

# Version of the installed kernel source package, e.g. 6.1.176-1 (empty if not installed).
kernel_pkg_version() {
  dpkg-query -W -f='${Version}' "$KERNEL_PKG" 2>/dev/null || true
}

# SHA-256 of the configuration fragment: part of what bzimage must match.
fragment_hash() { sha256sum "$KERNEL_FRAGMENT" | cut -c1-16; }

# The source tree for the installed package version, in the cache.
kernel_src_dir() { echo "$CACHE_DIR/$KERNEL_PKG-$(kernel_pkg_version)/linux"; }

# ensure_kernel_source: extracts the kernel tarball into the cache (once per package version).
ensure_kernel_source() {
  need_cmd tar tar
  need_cmd xz xz-utils
  local version; version=$(kernel_pkg_version)
  if [ -z "$version" ] || [ ! -f "$KERNEL_TARBALL" ]; then
    fail "the kernel source package $KERNEL_PKG is not installed ($KERNEL_TARBALL missing)" \
      "sudo apt-get install $KERNEL_PKG   (or run scripts/install-test-deps.sh)"
  fi
  local top; top=$(dirname "$(kernel_src_dir)")
  if [ -f "$top/.extracted" ]; then
    note "kernel source $version already extracted in $top"
    return
  fi
  mkdir -p "$CACHE_DIR"
  local tmp; tmp=$(mktemp -d "$CACHE_DIR/.extract.XXXXXX")
  note "extracting $KERNEL_TARBALL ($version) into $top (about 15-60 s)"
  run_logged "$tmp.log" tar -C "$tmp" -xJf "$KERNEL_TARBALL"
  mv "$tmp"/linux-source-* "$tmp/linux"
  # No SCM-derived suffix in the kernel release: modules and bzimage must agree on it.
  : >"$tmp/linux/.scmversion"
  rm -rf "$top"
  mv "$tmp" "$top"
  rm -f "$tmp.log"
  touch "$top/.extracted"
}

# with_cache_lock CMD...: serialises use of the shared kernel tree between concurrent runs.
with_cache_lock() {
  mkdir -p "$CACHE_DIR"
  exec 9>"$CACHE_DIR/.lock"
  if ! flock -n 9; then
    note "waiting for another build using $CACHE_DIR"
    flock 9
  fi
  "$@"
}

# kmake ARGS...: make in the kernel tree for 32-bit x86 with a reproducible release string.
kmake() {
  make -C "$(kernel_src_dir)" ARCH=i386 LOCALVERSION= "$@"
}

# configure_kernel: tinyconfig + our fragment + olddefconfig, then checks that every option the
# fragment asks for really is in the result (an unmet dependency would silently drop it).
configure_kernel() {
  local src; src=$(kernel_src_dir)
  [ -f "$KERNEL_FRAGMENT" ] || fail "kernel config fragment $KERNEL_FRAGMENT is missing" "restore it from git"
  need_cmd make make
  need_cmd gcc gcc
  need_cmd flex flex
  need_cmd bison bison
  need_cmd bc bc
  # Keep the old .config (and its time stamp) when nothing changed, so make rebuilds nothing.
  [ -f "$src/.config" ] && cp -p "$src/.config" "$src/.config.camkes-prev"
  kmake -s tinyconfig >/dev/null
  (cd "$src" && scripts/kconfig/merge_config.sh -m -O . .config "$KERNEL_FRAGMENT" 2>&1 >/dev/null \
    | grep -v 'changes choice state' >&2 || true)
  local messages
  messages=$(kmake -s olddefconfig 2>&1 >/dev/null) || fail "make olddefconfig failed: $messages" \
    "check that flex, bison, bc and gcc are installed (sudo apt-get install flex bison bc gcc)"
  printf '%s\n' "$messages" | grep -v -e 'changes choice state' -e '^$' >&2 || true
  if [ -f "$src/.config.camkes-prev" ]; then
    if cmp -s "$src/.config" "$src/.config.camkes-prev"; then
      mv "$src/.config.camkes-prev" "$src/.config"
    else
      rm -f "$src/.config.camkes-prev"
    fi
  fi
  local bad=0 line opt
  while IFS= read -r line; do
    case "$line" in
      CONFIG_*=*) opt=${line%%=*}
        grep -qxF "$line" "$src/.config" || { echo "    config: wanted $line, got: $(grep -E "^$opt=|^# $opt is not set" "$src/.config" || echo absent)" >&2; bad=1; } ;;
      "# CONFIG_"*" is not set") opt=${line#\# }; opt=${opt%% *}
        if grep -q "^$opt=" "$src/.config"; then echo "    config: wanted $line, got: $(grep "^$opt=" "$src/.config")" >&2; bad=1; fi ;;
    esac
  done <"$KERNEL_FRAGMENT"
  [ "$bad" -eq 0 ] || fail "the kernel configuration does not match $KERNEL_FRAGMENT (see above)" \
    "fix the fragment: an option whose dependencies are off is dropped by Kconfig"
}

# compile_bzimage: compiles bzImage in the configured tree and prepares it for modules; `modules`
# also writes Module.symvers, the list of symbols the kernel exports to modules.
compile_bzimage() {
  need_cmd lz4 lz4
  [ -f /usr/include/libelf.h ] || fail "libelf headers are missing" "sudo apt-get install libelf-dev"
  note "compiling the kernel (make -j$JOBS bzImage modules modules_prepare; tens of minutes on 2 cores: 38 min measured on a busy machine)"
  run_logged "$CACHE_DIR/kernel-build.log" kmake -j"$JOBS" bzImage modules modules_prepare
}

# install_bzimage OUTDIR: puts the compiled kernel into OUTDIR/bzimage (replaced atomically), with
# its full .config (bzimage.config), its exported symbols (bzimage.symvers: a tree that is only
# prepared for modules lacks them) and the record of what it was built from (bzimage.version).
install_bzimage() {
  local out=$1 src; src=$(kernel_src_dir)
  cp "$src/arch/x86/boot/bzImage" "$out/.bzimage.tmp"
  mv "$out/.bzimage.tmp" "$out/bzimage"
  cp "$src/.config" "$out/bzimage.config"
  cp "$src/Module.symvers" "$out/bzimage.symvers"
  expected_bzimage_version >"$out/bzimage.version"
  note "bzimage: $(stat -c %s "$out/bzimage") bytes, $(tr '\n' ' ' <"$out/bzimage.version")"
}

# kernel_release: the release string of the configured tree, e.g. 6.1.176.
kernel_release() { kmake -s kernelrelease; }

# The record written next to bzimage: what source and configuration it was built from.
expected_bzimage_version() {
  printf 'release=%s\npackage=%s %s\nfragment=%s\n' "$(kernel_release)" "$KERNEL_PKG" "$(kernel_pkg_version)" "$(fragment_hash)"
}
