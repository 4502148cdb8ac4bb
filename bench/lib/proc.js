/** Readers for /proc: a child's CPU time and memory, and a description of the machine. */
const fs = require('node:fs');
const os = require('node:os');
const { execFileSync } = require('node:child_process');

let clockTicks;
/** Clock ticks per second of /proc/<pid>/stat times (usually 100). */
function clkTck() {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** User + system CPU time a process has used so far, in µs, or null when it is gone. */
function cpuMicros(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; the fields we want follow its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    return (ticks * 1e6) / clkTck();
  } catch {
    return null;
  }
}

/** Current and peak resident memory of a process in KiB ({ rssKb, hwmKb }), or null when it is gone. */
function memory(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** The machine the figures come from. */
function machine() {
  let model = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) model = m[1].trim();
  } catch {
    // not Linux: keep os.cpus()
  }
  let nproc = os.cpus().length;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || nproc;
  } catch {
    // keep os.cpus()
  }
  return {
    nproc,
    model,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    memoryMb: Math.round(os.totalmem() / 2 ** 20),
    loadAvg: os.loadavg().map((v) => Math.round(v * 100) / 100),
  };
}

module.exports = { clkTck, cpuMicros, memory, machine };
