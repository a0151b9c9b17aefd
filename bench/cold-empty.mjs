// An ES module with no code: bench/cold.mjs imports it to measure Node's own
// cost of a first dynamic import (the floor under every package's cold start).
export {};
