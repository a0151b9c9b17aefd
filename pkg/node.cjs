'use strict';
// Node entry for require() — and, through node.mjs, for import: one
// instance, one TokenCheckError class. The wasm-bindgen `nodejs` glue reads
// and instantiates the .wasm synchronously on first require.
const raw = require('./dist/node/tokencheck.js');
const { createApi } = require('./dist/api.cjs');

const api = createApi(raw, () => true);
/** Already initialised in Node; present so code shared with browsers can call it. */
api.init = async function init() {};
api.initSync = function initSync() {};
module.exports = api;
