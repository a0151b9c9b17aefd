// The timing loop shared by the Node run and the workerd run (no Node APIs:
// bench/workerd/config.capnp embeds this file).
//
// Method: each case is calibrated (ops per batch so that one batch takes
// about `batchMs`), warmed up, then timed in `rounds` interleaved rounds —
// every round times one batch of every case, in a rotated order, so drift and
// noise from other processes spread over all cases alike. A case's figure is
// the median of its per-round µs/op; the spread is the min–max over rounds.
// The per-round figures are kept (`samples`, in round order), so that a ratio
// between two cases can be taken round by round (bench/run.mjs): both
// batches of a pair ran in the same round, close in time, which cancels most
// of a shared machine's drift.
//
// `boundary` is awaited before and after every batch. In Node it does
// nothing. In workerd it is an awaited fetch to another service: Cloudflare
// Workers only advance their clock at I/O, so a batch is timed from one I/O
// boundary to the next, and the cost of an empty boundary pair (measured the
// same way) is subtracted.

let sink = 0;
function consume(r) {
  // keep results alive so no engine can skip the work
  if (r && r.payload !== undefined) sink ^= 1;
  else if (r === true) sink ^= 2;
  else sink ^= 4;
}

export function sinkValue() {
  return sink;
}

async function batch(c, n, clock, boundary) {
  await boundary();
  const t0 = clock();
  if (c.async) {
    for (let i = 0; i < n; i++) consume(await c.fn());
  } else {
    for (let i = 0; i < n; i++) consume(c.fn());
  }
  await boundary();
  return clock() - t0;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * cases: [{ id, fn, async }] → { [id]: { us, min, max, n, rounds, samples } } (µs/op).
 */
export async function measure(cases, { rounds = 9, batchMs = 25, clock, boundary = async () => {} }) {
  // cost of an empty boundary pair (0 in Node)
  const empty = [];
  for (let i = 0; i < 15; i++) empty.push(await batch({ fn: () => 0, async: false }, 0, clock, boundary));
  const overhead = median(empty);

  const perBatch = new Map();
  for (const c of cases) {
    let n = 1;
    for (;;) {
      const t = (await batch(c, n, clock, boundary)) - overhead;
      if (t >= batchMs / 4 || n >= 1 << 22) {
        perBatch.set(c.id, Math.max(1, Math.round((batchMs * n) / Math.max(t, 1e-3))));
        break;
      }
      n *= 4;
    }
    await batch(c, perBatch.get(c.id), clock, boundary); // warm-up at full size
  }
  const samples = new Map(cases.map((c) => [c.id, []]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(k + r) % cases.length];
      const n = perBatch.get(c.id);
      const t = (await batch(c, n, clock, boundary)) - overhead;
      samples.get(c.id).push((t * 1000) / n);
    }
  }
  const out = {};
  for (const c of cases) {
    const xs = samples.get(c.id);
    out[c.id] = { us: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: perBatch.get(c.id), rounds, samples: xs };
  }
  return { results: out, boundaryMs: overhead };
}
