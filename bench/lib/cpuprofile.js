/** Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time. */
const fs = require('node:fs');
const path = require('node:path');

/** The newest .cpuprofile in a directory, or undefined. */
function newestProfile(dir) {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return files[0];
}

function where(frame, root) {
  if (!frame.url) return '';
  const file = frame.url.replace(/^file:\/\//, '');
  const shown = file.startsWith(root) ? path.relative(root, file) : file;
  return `${shown}:${frame.lineNumber + 1}`;
}

/**
 * Top self-time functions of a profile, idle time excluded; with `window` ({fromUs, toUs} on the
 * monotonic clock) only samples inside it count, so start-up does not crowd out the hot path.
 * @returns {{ totalMs: number, windowed: boolean, top: Array<{ fn: string, at: string, selfMs: number, percent: number }> }}
 */
function topSelfTime(file, root, limit = 12, window = undefined) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let totalUs = 0;
  let at = profile.startTime;
  const inside = window && profile.startTime <= window.toUs && profile.endTime >= window.fromUs;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (inside && (at < window.fromUs || at > window.toUs)) return;
    if (!node || node.callFrame.functionName === '(idle)') return;
    const key = `${node.callFrame.functionName || '(anonymous)'}\t${where(node.callFrame, root)}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    totalUs += dt;
  });
  const top = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key, us]) => {
      const [fn, at] = key.split('\t');
      return { fn, at, selfMs: Math.round(us / 100) / 10, percent: Math.round((us / totalUs) * 1000) / 10 };
    });
  return { totalMs: Math.round(totalUs / 1000), windowed: Boolean(inside), top };
}

module.exports = { newestProfile, topSelfTime };
