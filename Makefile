# instr — the two commands that matter: `make run` (live demo) and `make test` (every test).
DOTNET ?= dotnet
CONFIG ?= Release
ART := $(CURDIR)/artifacts
AGENT_TFMS := net8.0 net9.0 net10.0
OTHER_RUNTIME_TFMS := net8.0 net9.0
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

.PHONY: all build deps pack test run bench clean

all: build

# Tools the build and the tests need from the OS; installed only when missing (CI runs as root).
deps:
	@command -v gcc >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq gcc)
	@command -v tmux >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq tmux)

build: deps
	$(DOTNET) build Agent.sln -c $(CONFIG) -nologo -v:q
	@# The CLI precompiled (ReadyToRun, still framework-dependent; IL fallback elsewhere): a command starts in about
	@# half the time, since System.CommandLine, gRPC and Spectre.Console need no JIT on every run.
	$(DOTNET) publish src/Cli/Instr.Cli.csproj -c $(CONFIG) -r linux-x64 --self-contained false -p:PublishReadyToRun=true -nologo -v:q -o $(ART)/bin
	@# One agent build per served runtime; the startup hook next to them picks the one matching the app's runtime.
	for tfm in $(AGENT_TFMS); do $(DOTNET) publish src/Agent/Core/Instr.Agent.csproj -c $(CONFIG) -f $$tfm --no-build -nologo -v:q -o $(ART)/agent/$$tfm || exit 1; done
	$(DOTNET) publish src/Agent/Bootstrap/Instr.StartupHook.csproj -c $(CONFIG) --no-build -nologo -v:q -o $(ART)/agent
	$(DOTNET) publish src/SampleTarget/SampleTarget.csproj -c $(CONFIG) -f net10.0 --no-build -nologo -v:q -o $(ART)/sample
	@# Self-contained apps on every served runtime, from the runtime packs NuGet serves (nothing installed by hand):
	@# the tests run the agent and the engine scenarios on .NET 8 and 9 with them.
	for tfm in $(AGENT_TFMS); do $(DOTNET) publish src/SampleTarget/SampleTarget.csproj -c $(CONFIG) -f $$tfm -r linux-x64 --self-contained -nologo -v:q -o $(ART)/selfcontained/$$tfm/sample || exit 1; done
	$(DOTNET) publish tests/apps/MinimalApiApp/MinimalApiApp.csproj -c $(CONFIG) -f net8.0 -r linux-x64 --self-contained -nologo -v:q -o $(ART)/selfcontained/net8.0/MinimalApiApp
	$(DOTNET) publish tests/apps/OldRuntimeApp/OldRuntimeApp.csproj -c $(CONFIG) -r linux-x64 --self-contained -nologo -v:q -o $(ART)/selfcontained/netcoreapp3.1/OldRuntimeApp
	for tfm in $(OTHER_RUNTIME_TFMS); do $(DOTNET) publish tests/Instr.Patching.Scenarios/Instr.Patching.Scenarios.csproj -c $(CONFIG) -f $$tfm -r linux-x64 --self-contained -nologo -v:q -o $(ART)/selfcontained/$$tfm/scenarios || exit 1; done
	@echo "built: $(ART)/bin/instr, $(ART)/agent/Instr.StartupHook.dll, $(ART)/sample/SampleTarget.dll"

# The dotnet tool package: artifacts/nupkg/instr.<version>.nupkg (CLI + agent; `dotnet tool install --add-source`).
pack: build
	$(DOTNET) pack src/Tool/Instr.Tool.csproj -c $(CONFIG) -nologo -v:q -o $(ART)/nupkg -p:InstrArtifacts=$(ART)
	@# Once (a loaded machine, concurrent builds) pack exited 0 without writing the package: then once more, verbose
	@# (its log says why), and a clear failure here rather than in a test later.
	@ls $(ART)/nupkg/instr.*.nupkg >/dev/null 2>&1 || $(DOTNET) pack src/Tool/Instr.Tool.csproj -c $(CONFIG) -nologo -v:n -o $(ART)/nupkg -p:InstrArtifacts=$(ART)
	@ls $(ART)/nupkg/instr.*.nupkg >/dev/null 2>&1 || { echo "make pack: dotnet pack wrote no $(ART)/nupkg/instr.*.nupkg"; exit 1; }
	@echo "packed: $$(ls $(ART)/nupkg/instr.*.nupkg)"

# The tool-package test installs the package that `pack` made. Each test project writes its results (with every
# test's duration) to its TestResults/*.trx.
test: pack
	$(DOTNET) test Agent.sln -c $(CONFIG) --no-build -nologo --logger trx

run: build
	@bash scripts/run-demo.sh

bench: build
	$(DOTNET) run -c $(CONFIG) --project bench/Instr.Benchmarks -- --artifacts $(ART)/bench

clean:
	rm -rf $(ART)
	$(DOTNET) clean Agent.sln -nologo -v:q
