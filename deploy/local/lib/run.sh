# Shared by deploy/local/up, down and status: start a process with its PID and log file under the run
# folder, wait for it to answer, and stop exactly the processes recorded there. Sourced, not run.

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
RUN_DIR="${AWSAM_RUN_DIR:-$HERE/.run}"
PIDS="$RUN_DIR/pids"
LOGS="$RUN_DIR/logs"
ORDER_FILE="$RUN_DIR/started"

say() { printf '%s\n' "$*"; }
fail() { printf 'deploy/local: %s\n' "$*" >&2; exit 1; }

# The 22nd field of /proc/<pid>/stat: when the process started, in clock ticks since boot. Stored with
# the PID so that a PID the kernel has since given to another process is never signalled.
start_time() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null || true; }

# running NAME: true when the recorded process is alive and is the one we started.
running() {
  local file="$PIDS/$1.pid" pid started
  [[ -f "$file" ]] || return 1
  read -r pid started < "$file"
  [[ -n "$pid" && -d "/proc/$pid" && "$(start_time "$pid")" == "$started" ]]
}

pid_of() { awk '{print $1}' "$PIDS/$1.pid"; }

# start NAME COMMAND...: runs the command detached (immune to hang-ups), output to logs/NAME.log.
start() {
  local name="$1"; shift
  mkdir -p "$PIDS" "$LOGS"
  if running "$name"; then
    fail "$name is already running (PID $(pid_of "$name")); run deploy/local/down first"
  fi
  nohup "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &   # appended: a restart keeps what the part said before
  local pid=$!
  echo "$pid $(start_time "$pid")" > "$PIDS/$name.pid"
  echo "$name" >> "$ORDER_FILE"
}

# await NAME DESCRIPTION SECONDS PROBE...: runs PROBE until it succeeds; fails (showing the end of the
# log) if the process dies or the time runs out.
await() {
  local name="$1" what="$2" seconds="$3"; shift 3
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ! running "$name"; then
      say "--- last lines of $LOGS/$name.log"; tail -n 30 "$LOGS/$name.log" || true
      fail "$name exited before $what"
    fi
    if (( SECONDS >= deadline )); then
      say "--- last lines of $LOGS/$name.log"; tail -n 30 "$LOGS/$name.log" || true
      fail "$name did not answer ($what) within ${seconds}s"
    fi
    sleep 0.5
  done
}

http_ok() { curl -sf -o /dev/null --max-time 2 "$1"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# stop NAME...: TERM to each at once, then KILL whichever is still running after 20 s; only the processes
# recorded for those names. Each service stops within a few seconds of TERM, so stopping them side by side takes
# as long as the slowest, not the sum.
stop() {
  local name pid deadline
  local -a stopping=()
  for name in "$@"; do
    if running "$name"; then
      kill -TERM "$(pid_of "$name")" 2>/dev/null || true
      stopping+=("$name")
    else
      rm -f "$PIDS/$name.pid"
    fi
  done
  deadline=$((SECONDS + 20))
  for name in "${stopping[@]}"; do
    pid="$(pid_of "$name")"
    while running "$name" && (( SECONDS < deadline )); do sleep 0.2; done
    if running "$name"; then
      say "  $name did not stop on TERM within 20 s: KILL"
      kill -KILL "$pid" 2>/dev/null || true
      while running "$name"; do sleep 0.2; done
    fi
    rm -f "$PIDS/$name.pid"
    say "  stopped $name (PID $pid)"
  done
}

# The names started, newest first.
started_newest_first() {
  [[ -f "$ORDER_FILE" ]] && tac "$ORDER_FILE" | awk '!seen[$0]++'
}
