#!/usr/bin/env bash
# `make run`: start SampleTarget with the agent and show how to talk to it.
# (Until `instr ui` exists this prints the commands to try; the UI issue replaces it with the dashboard.)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
instr="$root/artifacts/bin/instr"
DOTNET_STARTUP_HOOKS="$("$instr" agent-path)" dotnet "$root/artifacts/sample/SampleTarget.dll" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
sleep 1
echo "SampleTarget runs as pid $pid with the agent. Try, from another terminal:"
echo "  $instr ps"
echo "  $instr list -p $pid 'SampleTarget.Modules.*'"
wait $pid
