#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, once. Safe to run repeatedly.
# Each area of the repository lists its packages here.
set -euo pipefail
packages=(
  # acpica-tools: iasl, the independent AML disassembler the DSDT tests check our tables with.
  # guest images (linux/, tests/CamkesVm.Guest.Tests): QEMU as the outside oracle that boots them,
  # and what linux/build-rootfs needs (kernel source for modules_prepare, 32-bit static programs,
  # the kernel's build tools; lz4 and libelf-dev for the rebuild of bzimage when the source changed)
  qemu-system-x86 linux-source-6.1 gcc-multilib make bc flex bison libelf-dev lz4 xz-utils cpio acpica-tools
  # disk images (camkes-vm disk create, tests/CamkesVm.Guest.Tests/Disk): mke2fs -d, e2fsck, dumpe2fs
  e2fsprogs
)
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing test dependencies: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# A distribution kernel that drives the local APIC, the IO-APIC, ACPI and SMP code paths, which our own small
# kernel leaves out (tests/CamkesVm.Guest.Tests/Vmm/DistroKernelTests.cs): Debian's linux-image-686 (i386,
# non-PAE), unpacked into the cache. Only the kernel is used; the tests boot it with our rootfs.cpio.
distro_kernel="${XDG_CACHE_HOME:-$HOME/.cache}/camkes-vm/debian-686/vmlinuz"
if [ ! -f "$distro_kernel" ]; then
  if ! dpkg --print-foreign-architectures | grep -qx i386; then
    $SUDO dpkg --add-architecture i386
    $SUDO apt-get update -qq
  fi
  pkg=$(apt-cache depends linux-image-686:i386 | awk '/Depends: linux-image-/ {print $2; exit}')
  [ -n "$pkg" ] || { echo "install-test-deps: apt knows no linux-image-686:i386 (is the i386 architecture enabled?)" >&2; exit 1; }
  echo "fetching the distribution kernel $pkg"
  tmp=$(mktemp -d); chmod 755 "$tmp"
  (cd "$tmp" && apt-get download -qq "$pkg" && dpkg-deb -x ./*.deb x)
  mkdir -p "$(dirname "$distro_kernel")"
  cp "$tmp"/x/boot/vmlinuz-* "$distro_kernel.tmp" && mv "$distro_kernel.tmp" "$distro_kernel"
  rm -rf "$tmp"
fi
