// Order the .wasm's functions so that gzip finds more of its repeats, and
// write it back with the same contents otherwise.
//
// Why: DEFLATE (gzip) replaces a byte string by a reference to an earlier
// copy only within the previous 32 KB, so which functions sit next to each
// other changes the compressed size, not what the module does (a function's
// place in the code section is only its index; wasm-opt renumbers every call,
// export and table entry when it moves one). `--reorder-functions-by-name`
// (scripts/build-pkg.sh) groups each Rust module's functions; this script
// then improves that order by a deterministic local search that measures the
// real thing: the DEFLATE size (zlib level 9) of the code section in the
// candidate order, with every `call` / `ref.func` index renumbered as it
// will be.
//
// Search: start from the module's own order; each step tries two moves (one
// on a worker thread: the machine has two cores) of a run of up to 6
// neighbouring functions, next to one of the functions most like the first
// of them (MinHash of 4-byte strings) or to a random place; the better move
// is kept if the size went down. A fixed-seed generator: the same input
// (and Node's zlib) always gives the same output.
//
// The order is applied by wasm-opt itself: the functions get names whose
// sort order is the found order, `--reorder-functions-by-name` moves them,
// `--strip-debug` drops the names again. Nothing is written unless the
// module's gzip size went down.
//
// Usage: node scripts/wasm-order-functions.mjs wasm-opt module.wasm steps [wasm-opt feature flags...]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import { deflateRawSync, gzipSync } from 'node:zlib';

const [wasmOpt, wasmPath, stepsArg, ...features] = isMainThread ? process.argv.slice(2) : workerData.argv;
const steps = Number(stepsArg);
if (!wasmOpt || !wasmPath || !Number.isInteger(steps) || steps < 0) {
  console.error('usage: node scripts/wasm-order-functions.mjs wasm-opt module.wasm steps [features...]');
  process.exit(2);
}
const die = (msg) => {
  console.error(`wasm-order-functions: ${wasmPath}: ${msg}`);
  process.exit(1);
};

const input = readFileSync(wasmPath);

// ---- reading the module -------------------------------------------------
function reader(buf, pos) {
  const r = {
    pos,
    u8: () => buf[r.pos++],
    u32() {
      let v = 0;
      let shift = 0;
      let b;
      do {
        b = buf[r.pos++];
        v += (b & 0x7f) * 2 ** shift;
        shift += 7;
      } while (b & 0x80);
      return v;
    },
    // a signed LEB: only skipped
    skipLeb() {
      while (buf[r.pos++] & 0x80);
    },
  };
  return r;
}

let importedFunctions = 0;
let bodies = [];
const r = reader(input, 8);
while (r.pos < input.length) {
  const id = r.u8();
  const len = r.u32();
  const end = r.pos + len;
  if (id === 2) {
    for (let n = r.u32(); n > 0; n--) {
      for (let names = 2; names > 0; names--) {
        const length = r.u32();
        r.pos += length;
      }
      const kind = r.u8();
      if (kind === 0) {
        r.u32();
        importedFunctions++;
      } else if (kind === 1) {
        r.u8();
        if (r.u8() & 1) r.u32();
        r.u32();
      } else if (kind === 2) {
        if (r.u8() & 1) r.u32();
        r.u32();
      } else if (kind === 3) r.pos += 2;
      else die(`unknown import kind ${kind}`);
    }
  } else if (id === 10) {
    for (let n = r.u32(); n > 0; n--) {
      const size = r.u32();
      bodies.push(input.subarray(r.pos, r.pos + size));
      r.pos += size;
    }
  }
  r.pos = end;
}
if (bodies.length === 0) die('no code section');

// A body as pieces of bytes and the function indexes of its `call` and
// `ref.func` immediates (the bytes that change when functions move).
// Instructions of the module's features: MVP, sign-extension, non-trapping
// float-to-int, bulk memory, reference types, multi-value block types.
function template(body) {
  const b = reader(body, 0);
  for (let groups = b.u32(); groups > 0; groups--) {
    b.u32();
    b.u8();
  }
  const pieces = [];
  const targets = [];
  let from = 0;
  const site = () => {
    pieces.push(body.subarray(from, b.pos));
    targets.push(b.u32() - importedFunctions);
    from = b.pos;
  };
  while (b.pos < body.length) {
    const op = b.u8();
    if (op === 0x10 || op === 0xd2) {
      site(); // call f, ref.func f
    } else if (op === 0x02 || op === 0x03 || op === 0x04) {
      const t = body[b.pos];
      if (t === 0x40 || t >= 0x6f) b.pos++;
      else b.skipLeb(); // a type index (s33)
    } else if (op === 0x0c || op === 0x0d || op === 0x20 || op === 0x21 || op === 0x22 || op === 0x23 || op === 0x24 || op === 0x25 || op === 0x26) {
      b.u32(); // br, br_if, local.*, global.*, table.get/set
    } else if (op === 0x0e) {
      for (let n = b.u32() + 1; n > 0; n--) b.u32(); // br_table
    } else if (op === 0x11) {
      b.u32();
      b.u32(); // call_indirect type table
    } else if (op >= 0x28 && op <= 0x3e) {
      b.u32();
      b.u32(); // memarg
    } else if (op === 0x3f || op === 0x40) {
      b.u8();
    } else if (op === 0x41 || op === 0x42) {
      b.skipLeb();
    } else if (op === 0x43) {
      b.pos += 4;
    } else if (op === 0x44) {
      b.pos += 8;
    } else if (op === 0x1c) {
      for (let n = b.u32(); n > 0; n--) b.u8(); // select t*
    } else if (op === 0xd0) {
      b.u8(); // ref.null t
    } else if (op === 0xfc) {
      const sub = b.u32();
      if (sub <= 7) {
        // trunc_sat
      } else if (sub === 8) {
        b.u32();
        b.u8(); // memory.init
      } else if (sub === 9 || sub === 13 || sub === 15 || sub === 16 || sub === 17) {
        b.u32(); // data.drop, elem.drop, table.grow/size/fill
      } else if (sub === 10 || sub === 12 || sub === 14) {
        b.u32();
        b.u32(); // memory.copy, table.init, table.copy
      } else if (sub === 11) {
        b.u8(); // memory.fill
      } else die(`unknown 0xfc instruction ${sub}`);
    } else if (
      op <= 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b || (op >= 0x45 && op <= 0xc4) || op === 0xd1
    ) {
      // no immediates
    } else die(`unknown instruction 0x${op.toString(16)}`);
  }
  pieces.push(body.subarray(from));
  return { pieces, targets };
}
const templates = bodies.map(template);
const n = bodies.length;

// ---- the objective --------------------------------------------------------
const scratch = Buffer.alloc(input.length * 2);
// rank[f]: the place of function f in `order`
function ranks(order) {
  const rank = new Uint32Array(n);
  order.forEach((f, i) => {
    rank[f] = i;
  });
  return rank;
}
function assemble(order) {
  const rank = ranks(order);
  let at = 0;
  for (const f of order) {
    const { pieces, targets } = templates[f];
    for (let i = 0; i < targets.length; i++) {
      scratch.set(pieces[i], at);
      at += pieces[i].length;
      let v = rank[targets[i]] + importedFunctions;
      do {
        let byte = v & 0x7f;
        v >>>= 7;
        if (v) byte |= 0x80;
        scratch[at++] = byte;
      } while (v);
    }
    const last = pieces[pieces.length - 1];
    scratch.set(last, at);
    at += last.length;
  }
  return scratch.subarray(0, at);
}
const cost = (order) => deflateRawSync(assemble(order), { level: 9 }).length;

// ---- similarity (MinHash of 4-byte strings) -------------------------------
const HASHES = 32;
const seeds = Array.from({ length: HASHES }, (_, i) => Math.imul(i + 1, 0x9e3779b1) | 1);
const signatures = bodies.map((body) => {
  const m = new Uint32Array(HASHES).fill(0xffffffff);
  for (let i = 0; i + 4 <= body.length; i++) {
    const h = Math.imul(body[i] | (body[i + 1] << 8) | (body[i + 2] << 16) | (body[i + 3] << 24), 0x85ebca6b);
    for (let t = 0; t < HASHES; t++) {
      let v = Math.imul(h ^ seeds[t], 0xc2b2ae35);
      v = (v ^ (v >>> 15)) >>> 0;
      if (v < m[t]) m[t] = v;
    }
  }
  return m;
});
const NEAR = 8;
const near = signatures.map((a, i) => {
  const scored = [];
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    const c = signatures[j];
    let s = 0;
    for (let t = 0; t < HASHES; t++) if (a[t] === c[t]) s++;
    scored.push([s, j]);
  }
  scored.sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  return scored.slice(0, NEAR).map(([, j]) => j);
});

// ---- the search -----------------------------------------------------------
// The worker thread: costs of the orders the main thread hands it, through
// shared memory: [0] the number of the request (main thread; -1: stop),
// [1] the number of the last one answered (worker), [2] its cost, [3..]
// the order. Each side only waits for the other's counter to reach the
// number it needs, and the main thread writes the next order only once the
// worker has answered (so read the last one): no wake-up order matters.
if (!isMainThread) {
  const shared = new Int32Array(workerData.shared);
  let seen = 0;
  for (;;) {
    Atomics.wait(shared, 0, seen);
    const request = Atomics.load(shared, 0);
    if (request === -1) break;
    if (request === seen) continue;
    shared[2] = cost(shared.subarray(3));
    Atomics.store(shared, 1, request);
    Atomics.notify(shared, 1);
    seen = request;
  }
  process.exit(0);
}

let seed = 0x2545f491;
const random = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const RUN = 6;
function move(order) {
  const candidate = order.slice();
  const from = Math.floor(random() * n);
  const moved = candidate.splice(from, Math.min(n - from, 1 + Math.floor(random() * RUN)));
  let to = -1;
  if (random() < 0.7) {
    const g = near[moved[0]][Math.floor(random() * NEAR)];
    to = candidate.indexOf(g); // -1 when it is in the moved run
    if (to >= 0 && random() < 0.5) to++;
  }
  if (to < 0) to = Math.floor(random() * (candidate.length + 1));
  candidate.splice(to, 0, ...moved);
  return candidate;
}

const shared = new Int32Array(new SharedArrayBuffer(4 * (n + 3)));
const worker = new Worker(new URL(import.meta.url), { workerData: { argv: [wasmOpt, wasmPath, stepsArg, ...features], shared: shared.buffer } });
const workerExit = new Promise((resolve) => worker.once('exit', resolve));
let order = [...Array(n).keys()];
const start = cost(order);
let best = start;
for (let step = 0, request = 1; step < steps; step += 2, request++) {
  const mine = move(order);
  const theirs = move(order);
  shared.set(theirs, 3);
  Atomics.store(shared, 0, request);
  Atomics.notify(shared, 0);
  const c1 = cost(mine);
  for (let answered; (answered = Atomics.load(shared, 1)) !== request; ) {
    // a worker that died never answers: fail the build instead of waiting forever
    if (Atomics.wait(shared, 1, answered, 60000) === 'timed-out') die('the worker thread did not answer within 60 s');
  }
  const c2 = shared[2];
  if (Math.min(c1, c2) < best) {
    best = Math.min(c1, c2);
    order = c1 <= c2 ? mine : theirs;
  }
}
Atomics.store(shared, 0, -1);
Atomics.notify(shared, 0);
await workerExit;

// ---- applying it with wasm-opt --------------------------------------------
const leb = (v) => {
  const out = [];
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v) byte |= 0x80;
    out.push(byte);
  } while (v);
  return Buffer.from(out);
};
const rank = ranks(order);
const width = String(n).length;
const names = [leb(n)];
for (let f = 0; f < n; f++) {
  const name = Buffer.from(`f${String(rank[f]).padStart(width, '0')}`);
  names.push(leb(importedFunctions + f), leb(name.length), name);
}
const functionNames = Buffer.concat(names);
const nameSection = Buffer.concat([leb(4), Buffer.from('name'), Buffer.from([1]), leb(functionNames.length), functionNames]);
const dir = mkdtempSync(join(tmpdir(), 'wasm-order-'));
try {
  const named = join(dir, 'named.wasm');
  const ordered = join(dir, 'ordered.wasm');
  writeFileSync(named, Buffer.concat([input, Buffer.from([0]), leb(nameSection.length), nameSection]));
  execFileSync(wasmOpt, ['--reorder-functions-by-name', '--strip-debug', ...features, named, '-o', ordered], { stdio: 'inherit' });
  const out = readFileSync(ordered);
  const before = gzipSync(input, { level: 9 }).length;
  const after = gzipSync(out, { level: 9 }).length;
  if (after < before) writeFileSync(wasmPath, out);
  console.log(
    `wasm-order-functions: ${wasmPath}: ${n} functions, ${steps} steps: code ${start} -> ${best} B deflated; module ${before} -> ${after} B gzip${after < before ? '' : ' (kept the input)'}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
