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
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing test dependencies: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
