// Runs inside workerd (generated config: bench/run.mjs writes it to
// test-output/bench-workerd/config.capnp): tokencheck (workerd entry) and jose
// on the same fixtures, timed by bench/measure.mjs with an awaited fetch to
// the `echo` service as the I/O boundary around every batch (Workers advance
// their clock only at I/O). Prints one line: BENCH_RESULT <json>.
import * as tc from 'tokencheck';
import * as jose from 'node_modules/jose/dist/webapi/index.js';
import { measure } from 'bench/measure.mjs';
import { tokencheckCases, joseCases, primitiveCases } from 'bench/cases.mjs';
import input from 'fixtures.json';

export default {
  async test(ctrl, env) {
    const boundary = async () => {
      await (await env.ECHO.fetch('http://echo/')).arrayBuffer();
    };
    // does the clock move without I/O here? (workerd run locally: yes;
    // production Workers: no) — reported, the method works either way
    const t0 = Date.now();
    let x = 0;
    for (let i = 0; i < 2e7; i++) x += i;
    const clockMovesWithoutIo = Date.now() - t0 > 0 && x > 0;

    const { fixtures, kinds, algs, rounds, batchMs } = input;
    const cases = [];
    for (const kind of kinds) {
      for (const alg of algs) {
        const fx = fixtures[alg];
        for (const c of [...(await tokencheckCases(tc, fx, kind)), ...(await joseCases(jose, fx, kind))]) {
          cases.push({ ...c, id: `${kind} ${alg} ${c.name}` });
        }
      }
    }
    for (const alg of algs) {
      try {
        for (const c of await primitiveCases(tc, fixtures[alg])) cases.push({ ...c, id: `PRIM ${alg} ${c.name}` });
      } catch (e) {
        console.log(`primitive ${alg} skipped in workerd: ${e.message}`);
      }
    }
    const { results, boundaryMs } = await measure(cases, { rounds, batchMs, clock: () => Date.now(), boundary });
    console.log('BENCH_RESULT ' + JSON.stringify({ results, boundaryMs, clockMovesWithoutIo }));
  },
};
