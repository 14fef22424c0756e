#!/usr/bin/env bash
# `make run`: start SampleTarget with the agent and open the `instr ui` dashboard on it, with SampleTarget's own call
# counts (its Meter) next to instr's, as the seed's dashboard showed them; quitting the dashboard
# stops SampleTarget. Without a terminal (piped, CI), show how to use instr and a few seconds of `instr watch`.
# SampleTarget runs with the user's own TMPDIR/XDG_RUNTIME_DIR, so `instr` from any other terminal finds it too.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
instr="$root/artifacts/bin/instr"
sample="$root/artifacts/sample/SampleTarget.dll"
socket_wait_s=30
method="SampleTarget.Modules.ModuleA:FuncA1"

for file in "$instr" "$sample"; do
    if [ ! -e "$file" ]; then
        echo "run-demo: $file is missing: run make build" >&2
        exit 2
    fi
done

agent="$("$instr" agent-path)"
log="$(mktemp "${TMPDIR:-/tmp}/instr-demo-sampletarget.XXXXXX")"

# SampleTarget writes its own banner and final counts; keep them off the dashboard's screen.
DOTNET_STARTUP_HOOKS="$agent" dotnet "$sample" </dev/null >"$log" 2>&1 &
pid=$!

stop_sample() {
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    echo "SampleTarget (pid $pid) stopped; its output is in $log"
}
trap stop_sample EXIT
trap 'exit 130' INT TERM

# The agent's socket appears a moment after start: wait until `instr ps` lists the pid with its agent (bounded).
deadline=$((SECONDS + socket_wait_s))
until "$instr" ps --json 2>/dev/null | grep -Eq "\"pid\": *${pid},[^}]*\"status\": *\"agent\""; do
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "run-demo: SampleTarget exited before its agent answered; its output:" >&2
        cat "$log" >&2
        exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
        echo "run-demo: no agent answered for pid $pid within ${socket_wait_s} s (see $log, and INSTR_LOG=path for the agent's log)" >&2
        exit 1
    fi
    sleep 0.2
done

if [ -t 0 ] && [ -t 1 ]; then
    "$instr" ui -p "$pid" --meter SampleTarget
    exit $?
fi

cat <<EOF
SampleTarget runs as pid $pid with the instr agent. There is no interactive terminal here, so no dashboard;
from a terminal, 'make run' opens it (or: $instr ui -p $pid --meter SampleTarget). Commands to try:
  $instr ps
  $instr list -p $pid 'SampleTarget.Modules.*'
  $instr patch -p $pid $method
  $instr watch -p $pid --meter SampleTarget
  $instr unpatch -p $pid --all

Now: instr patch -p $pid $method, then a few seconds of instr watch:
EOF
"$instr" patch -p "$pid" "$method" || echo "(patch failed with exit code $?; watch shows no counts then)"
"$instr" watch -p "$pid" --interval 1000 --count 4 || echo "(watch ended with exit code $?)"
