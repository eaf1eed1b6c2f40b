# Included by every Makefile under pkg/ (after common.mk): the standard targets of a guest program.
# The Makefile sets TARGET and gives the rule that links $(TARGET).

# Where `make install` puts the program inside the root filesystem.
BIN_DIR ?= /usr/bin

.PHONY: all install clean
all: $(TARGET)

install: $(TARGET)
	@test -n "$(ROOTFS)" || { echo "install: ROOTFS is not set (build-rootfs sets it)"; exit 1; }
	install -D -s -m 0755 $(TARGET) $(ROOTFS)$(BIN_DIR)/$(TARGET)

clean:
	rm -f $(TARGET) *.o
