#!/usr/bin/env bash
# test/slurm/slurm-sweep.sh - end-to-end test of deploy/slurm/sweep.sbatch on a real,
# one-node Slurm cluster on this machine:
#
#   1. installs Debian's slurm-wlm and munge if missing (Debian 12: Slurm 22.05),
#   2. starts munged (unless one is running) and a private slurmctld + slurmd (own
#      slurm.conf, spool, state, logs and ports under $DCSIM_SLURM_DIR; /etc/slurm is not
#      touched, so a real Slurm on the machine is left alone),
#   3. submits deploy/slurm/sweep.sbatch as a 4-task job array over a small sweep,
#   4. waits for it, checks every task COMPLETED, merges the shards with `dcsim merge`,
#   5. runs the same sweep unsharded and compares the two files byte for byte,
#   6. stops the daemons it started (also on failure or Ctrl-C).
#
# Run as root (CI does: .ci/run) from anywhere, after `npm ci`:  bash test/slurm/slurm-sweep.sh
# Re-runnable. Environment:
#   DCSIM_SLURM_DIR       work folder (default /tmp/dcsim-slurm-test); wiped at each start
#   DCSIM_SLURM_SWEEP     sweep file (default test/slurm/fixtures/sweep.json, 8 runs)
#   DCSIM_SLURM_SHARDS    array size (default 4)
#   DCSIM_SLURM_TIMEOUT   seconds to wait for the array (default 300)
#   DCSIM_SLURM_PORTS     "ctld slurmd" ports (default "16817 16818", not Slurm's 6817/6818)
#   KEEP_RUNNING=1        leave the daemons up at the end (then stop them by the pids printed)
# Adapted from a recipe shown to work on Debian 12 as root without systemd: no cgroups,
# proctrack/linuxproc, no accounting, MailProg=/bin/true. Harmless log noise: the pmix
# plugin not found, no job_state on a first start, munged "Unauthorized credential" (Info).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$REPO"
T0=$(date +%s)
log() { echo "[slurm-sweep +$(( $(date +%s) - T0 ))s] $*"; }
die() { echo "[slurm-sweep +$(( $(date +%s) - T0 ))s] FAIL: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root (it installs packages and starts munged, slurmctld, slurmd)"
[ -d node_modules ] || die "no node_modules in $REPO: run npm ci first"

WORK=${DCSIM_SLURM_DIR:-/tmp/dcsim-slurm-test}
SWEEP=${DCSIM_SLURM_SWEEP:-test/slurm/fixtures/sweep.json}
SHARDS=${DCSIM_SLURM_SHARDS:-4}
TIMEOUT=${DCSIM_SLURM_TIMEOUT:-300}
read -r CTLD_PORT SLURMD_PORT <<<"${DCSIM_SLURM_PORTS:-16817 16818}"
case "$WORK" in /?*) ;; *) die "DCSIM_SLURM_DIR must be an absolute path, got '$WORK'";; esac
OUT=$WORK/out         # shards/, logs/ (one per task), merged.csv, local.csv
# Two runs at once would share the folder, the ports and munged: the second waits.
exec 9>"$WORK.lock"
if ! flock -n 9; then
  log "another run holds $WORK.lock; waiting (at most 15 min)"
  flock -w 900 9 || die "$WORK.lock still held after 15 min"
fi
T1=$(date +%s)

# alive PIDFILE: prints the pid if the file names a live process
alive() { local p; p=$(cat "$1" 2>/dev/null) || return 1; [ -n "$p" ] && kill -0 "$p" 2>/dev/null && echo "$p"; }
stop_pid() {
  local p=$1
  kill "$p" 2>/dev/null || return 0
  for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.2; done
  kill -9 "$p" 2>/dev/null || true
}

STARTED=()            # pids this run started; stopped on exit, newest first
on_exit() {
  local rc=$?
  if [ "${KEEP_RUNNING:-0}" = 1 ]; then
    log "KEEP_RUNNING=1: leaving pids ${STARTED[*]:-none} running (SLURM_CONF=$WORK/etc/slurm.conf)"
  else
    local i
    # an interrupted run: cancel the array first, or its tasks outlive slurmd
    if [ -n "${JOB:-}" ] && [ -n "$(squeue -h -j "$JOB" 2>/dev/null)" ]; then
      scancel "$JOB" 2>/dev/null || true
      for _ in $(seq 20); do [ -z "$(squeue -h -j "$JOB" 2>/dev/null)" ] && break; sleep 0.5; done
      log "cancelled job $JOB"
    fi
    for (( i=${#STARTED[@]}-1; i>=0; i-- )); do stop_pid "${STARTED[$i]}"; done
    [ ${#STARTED[@]} = 0 ] || log "stopped pids ${STARTED[*]}"
  fi
  [ "$rc" = 0 ] && log "PASS in $(( $(date +%s) - T0 ))s" || log "exit $rc after $(( $(date +%s) - T0 ))s"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

task_states() {   # one line per array task: id, state, reason, exit code
  scontrol -o show job "$JOB" 2>&1 | grep -o 'ArrayTaskId=[^ ]*\|JobState=[^ ]*\|Reason=[^ ]*\|ExitCode=[^ ]*' \
    | paste -d ' ' - - - - | sed 's/^/  /' || true
}
diagnose() {   # print what there is to see, then fail
  echo "----- squeue"; squeue 2>&1 || true
  echo "----- sinfo";  sinfo -N -l 2>&1 || true
  [ -n "${JOB:-}" ] && { echo "----- job $JOB, one line per task"; task_states; }
  local f
  for f in "$OUT"/logs/*.log; do [ -e "$f" ] && { echo "----- $f"; tail -n 40 "$f"; }; done
  for f in slurmctld slurmd; do      # the .out files (stderr) matter only if the .log is empty
    [ -s "$WORK/log/$f.log" ] && { echo "----- $WORK/log/$f.log (last 40 lines)"; tail -n 40 "$WORK/log/$f.log"; } \
      || { [ -s "$WORK/log/$f.out" ] && { echo "----- $WORK/log/$f.out"; tail -n 40 "$WORK/log/$f.out"; }; } || true
  done
  die "$*"
}

# ---- 1. install -------------------------------------------------------------------------
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null \
   || ! command -v munged >/dev/null; then
  log "installing slurm-wlm and munge (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi
T_INST=$(date +%s)
log "installed: $(slurmctld -V) / $(munged -V 2>&1 | head -n 1)"

# ---- 2. munge (the machine's; started only if it is not running) ------------------------
if [ ! -s /etc/munge/munge.key ]; then
  mungekey --create --keyfile=/etc/munge/munge.key 2>/dev/null \
    || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown munge:munge /etc/munge/munge.key && chmod 0400 /etc/munge/munge.key
install -d -o munge -g munge -m 0755 /run/munge
install -d -o munge -g munge -m 0700 /var/log/munge /var/lib/munge
if ! alive /run/munge/munged.pid >/dev/null; then
  runuser -u munge -- /usr/sbin/munged 9>&-       # daemonizes, writes /run/munge/munged.pid
  for _ in $(seq 50); do alive /run/munge/munged.pid >/dev/null && break; sleep 0.1; done
  p=$(alive /run/munge/munged.pid) || die "munged did not start (see /var/log/munge/munged.log)"
  STARTED+=("$p")
  log "started munged (pid $p)"
fi
munge -n | unmunge >/dev/null || die "munge round-trip failed"

# ---- 3. a private slurm.conf -------------------------------------------------------------
# Stop what an earlier, interrupted run of this script left running (by its pidfiles).
for f in "$WORK"/run/slurmd.pid "$WORK"/run/slurmctld.pid; do
  if p=$(alive "$f"); then log "stopping leftover pid $p ($f)"; stop_pid "$p"; fi
done
rm -rf "$WORK"
install -d -m 0755 "$WORK"/etc "$WORK"/state "$WORK"/spool "$WORK"/log "$WORK"/run "$WORK"/out/logs
NODE=$(hostname -s); NCPU=$(nproc)
export SLURM_CONF=$WORK/etc/slurm.conf     # read by slurmctld, slurmd, sbatch, squeue, ...
cat > "$SLURM_CONF" <<EOF
# written by test/slurm/slurm-sweep.sh
ClusterName=dcsimtest
SlurmctldHost=${NODE}(127.0.0.1)
SlurmctldPort=${CTLD_PORT}
SlurmdPort=${SLURMD_PORT}
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=600
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/run/slurmctld.pid
SlurmdPidFile=$WORK/run/slurmd.pid
SlurmctldLogFile=$WORK/log/slurmctld.log
SlurmdLogFile=$WORK/log/slurmd.log
NodeName=${NODE} NodeAddr=127.0.0.1 CPUs=${NCPU} State=UNKNOWN
PartitionName=dcsim Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
log "wrote $SLURM_CONF (node $NODE, $NCPU CPUs, ports $CTLD_PORT/$SLURMD_PORT)"

# ---- 4. slurmctld + slurmd (foreground mode, backgrounded) --------------------------------
T_START=$(date +%s)
# (9>&-: the daemons must not inherit the lock, or one left running would hold it)
slurmctld -D -c -i >>"$WORK"/log/slurmctld.out 2>&1 9>&- & STARTED+=($!)
slurmd    -D       >>"$WORK"/log/slurmd.out    2>&1 9>&- & STARTED+=($!)
log "started slurmctld (pid ${STARTED[-2]}), slurmd (pid ${STARTED[-1]})"
state=""
for _ in $(seq 60); do
  state=$(sinfo -h -N -n "$NODE" -o %T 2>/dev/null || true)
  [ "$state" = idle ] && break
  kill -0 "${STARTED[-2]}" 2>/dev/null || diagnose "slurmctld exited"
  kill -0 "${STARTED[-1]}" 2>/dev/null || diagnose "slurmd exited"
  sleep 1
done
[ "$state" = idle ] || diagnose "node $NODE not idle after 60 s (state '$state')"
T_UP=$(date +%s)
log "node $NODE idle after $(( T_UP - T_START ))s"

# ---- 5. the job array ----------------------------------------------------------------------
# --cpus-per-task=1 overrides the script's default 4 (this node may have only 2 CPUs);
# --export=ALL (sbatch's default, spelled out) hands PATH with node/npx to the tasks.
JOB=$(sbatch --parsable --export=ALL --array=0-$(( SHARDS - 1 )) --cpus-per-task=1 \
  --output="$OUT/logs/%x-%A_%a.log" deploy/slurm/sweep.sbatch "$SWEEP" "$OUT/shards") \
  || diagnose "sbatch failed"
JOB=${JOB%%;*}
log "submitted job array $JOB (tasks 0-$(( SHARDS - 1 )), sweep $SWEEP)"
deadline=$(( $(date +%s) + TIMEOUT ))
while [ -n "$(squeue -h -j "$JOB" 2>/dev/null)" ]; do
  [ "$(date +%s)" -lt "$deadline" ] || diagnose "job $JOB not done after ${TIMEOUT}s"
  sleep 1
done
T_JOB=$(date +%s)
log "job array $JOB finished after $(( T_JOB - T_UP ))s"
# Without accounting there is no sacct: the controller keeps finished jobs for MinJobAge.
task_states
ncompleted=$(scontrol -o show job "$JOB" | grep -c 'JobState=COMPLETED ' || true)
[ "$ncompleted" = "$SHARDS" ] || diagnose "$ncompleted of $SHARDS tasks COMPLETED"
for f in "$OUT"/logs/*.log; do echo "  $(basename "$f"): $(head -n 1 "$f")"; done

# ---- 6. merge, and compare with an unsharded sweep -------------------------------------------
npx --no-install dcsim merge "$OUT"/shards/shard-*.csv --out "$OUT/merged.csv" >"$OUT/merge.log" 2>&1 \
  || { cat "$OUT/merge.log"; diagnose "dcsim merge failed"; }
npx --no-install dcsim sweep "$SWEEP" --out "$OUT/local.csv" >"$OUT/local.log" 2>&1 \
  || { cat "$OUT/local.log"; diagnose "local dcsim sweep failed"; }
grep -v '^sweep: ' "$OUT/local.log" || true     # the summary, without the progress lines
T_CMP=$(date +%s)
if ! cmp "$OUT/merged.csv" "$OUT/local.csv"; then
  diff "$OUT/merged.csv" "$OUT/local.csv" | head -n 20 || true
  die "merged shards differ from the unsharded sweep ($OUT/merged.csv vs $OUT/local.csv)"
fi
log "merged $SHARDS shards = unsharded sweep: $(( $(wc -l <"$OUT/local.csv") - 1 )) runs, $(wc -c <"$OUT/local.csv") bytes (merge + local sweep $(( T_CMP - T_JOB ))s)"
log "timings: install $(( T_INST - T1 ))s, daemons->idle $(( T_UP - T_START ))s, array $(( T_JOB - T_UP ))s, merge+local $(( T_CMP - T_JOB ))s"
