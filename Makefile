# The seed tutorial's habit, as a thin wrapper over the camkes-vm command:
#   make cma34cr_minimal_defconfig   select apps/cma34cr_minimal
#   make                             build camkes-vm and check the selected app's spec
#   make run                         boot the selected app (Ctrl-A x quits)
CONFIG := .config
-include $(CONFIG)
CAMKES_VM := dotnet src/CamkesVm.Cli/bin/Release/net10.0/camkes-vm.dll

.PHONY: all build check run clean

all: check

%_defconfig:
	@test -d apps/$* || { echo "no app apps/$* (apps: $$(ls apps | tr '\n' ' '))"; exit 1; }
	@echo "APP := apps/$*" > $(CONFIG)
	@echo "selected apps/$*"

build:
	dotnet build -c Release src/CamkesVm.Cli --nologo -v quiet

check: build
	@test -n "$(APP)" || { echo "no app selected: run e.g. 'make cma34cr_minimal_defconfig' first"; exit 1; }
	$(CAMKES_VM) check $(APP)/vm.camkes

run: check
	$(CAMKES_VM) run $(APP)

clean:
	dotnet clean -c Release --nologo -v quiet
