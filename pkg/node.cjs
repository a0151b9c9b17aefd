'use strict';
// Node entry for require() — and, through node.mjs, for import: one
// instance, one TokenCheckError class. dist/node.cjs (generated: the
// wasm-bindgen `nodejs` glue and the API in one file) reads and instantiates
// the .wasm synchronously on first require.
const { raw, createApi } = require('./dist/node.cjs');

// node:crypto answers RSA, ECDSA and HMAC checks, sync and async (lib/api.js,
// "node:crypto in Node"); required on first use, not at import
const api = createApi(raw, () => true, { nodeCrypto: () => require('node:crypto') });
/** Already initialised in Node; present so code shared with browsers can call it. */
api.init = async function init() {};
api.initSync = function initSync() {};
module.exports = api;
