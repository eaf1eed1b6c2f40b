#!/usr/bin/env bash
# Runs every test of the repository: installs what the tests need (Debian packages, NuGet restore),
# then `dotnet test` over the whole solution. Usage: ./test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install-test-deps.sh
dotnet test CamkesVm.sln -c Release "$@"
