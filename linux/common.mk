# Included by every Makefile under pkg/ and lib_src/ (first): the guest toolchain settings.
# Guest programs are 32-bit x86 and statically linked, because the rootfs has no C library.
# build-rootfs runs make with ROOTFS=<extracted root filesystem>; a plain `make` in a pkg folder
# also works and just builds the program.

# The linux/ folder (this file's folder), whichever copy of the tree make runs in.
LINUX_DIR := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))

CC := gcc
AR := ar
CFLAGS += -m32 -march=i686 -static -O2 -Wall
LDFLAGS += -m32 -static

# Headers and archives of the libraries in lib_src/ (each lib_src/<name> with its include/ folder),
# so programs can use them with -l<name>.
LIB_DIRS := $(wildcard $(LINUX_DIR)/lib_src/*/)
CFLAGS += $(addprefix -I,$(LIB_DIRS) $(wildcard $(LINUX_DIR)/lib_src/*/include)) -I$(LINUX_DIR)/include
LDFLAGS += $(addprefix -L,$(LIB_DIRS))

# Tiny programs that only make system calls (the cross-VM init tools) can be built against nolibc, the
# header-only C library in the kernel source (tools/include/nolibc), instead of glibc: a few KB instead of
# ~700 KB. build-rootfs passes KSRC (the kernel source tree); use $(NOLIBC_CC) SOURCE.c -o $@ $(NOLIBC_LIBS).
NOLIBC ?= $(KSRC)/tools/include/nolibc
NOLIBC_CC = $(if $(wildcard $(NOLIBC)/nolibc.h),$(CC),$(error nolibc not found at '$(NOLIBC)': run build-rootfs, or make KSRC=<kernel source tree>)) \
  -m32 -march=i686 -Os -Wall -static -nostdlib -fno-asynchronous-unwind-tables -fno-stack-protector -fno-pie -no-pie \
  -include $(NOLIBC)/nolibc.h -I$(LINUX_DIR)/include
NOLIBC_LIBS = -lgcc
