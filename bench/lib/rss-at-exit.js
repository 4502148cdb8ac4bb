/**
 * Preloaded (`node -r`) into a measured process: on exit, writes its peak RSS (the kernel's maxrss
 * in KiB, so no sampling misses the peak) and its CPU time (µs) to stderr as
 * `@@maxrss <KiB> cpu <µs>`.
 */
const fs = require('node:fs');

process.on('exit', () => {
  const u = process.resourceUsage();
  fs.writeSync(2, `\n@@maxrss ${u.maxRSS} cpu ${u.userCPUTime + u.systemCPUTime}\n`);
});
