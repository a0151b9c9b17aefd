# workerd test tests/workerd/config.capnp
# The worker imports the package's `workerd` entry by name ("tokencheck"),
# which imports the .wasm as a module, as Cloudflare Workers require.
# Needs pkg/dist (scripts/build-pkg.sh) and test-output/workerd-corpus.json
# (node tests/workerd/make-corpus.mjs).
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "tokencheck-test", worker = .testWorker),
    (name = "tokencheck-async-test", worker = .asyncWorker),
  ],
);

const testWorker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "compare.mjs", esModule = embed "../js/compare.mjs"),
    (name = "corpus.json", json = embed "../../test-output/workerd-corpus.json"),
    # the package, laid out as in pkg/
    (name = "tokencheck", esModule = embed "../../pkg/workerd.js"),
    (name = "lib/api.js", esModule = embed "../../pkg/lib/api.js"),
    (name = "lib/oauth.js", esModule = embed "../../pkg/lib/oauth.js"),
    (name = "lib/report.js", esModule = embed "../../pkg/lib/report.js"),
    (name = "dist/web/tokencheck.js", esModule = embed "../../pkg/dist/web/tokencheck.js"),
    (name = "dist/web/tokencheck_bg.wasm", wasm = embed "../../pkg/dist/web/tokencheck_bg.wasm"),
  ],
  compatibilityDate = "2025-09-01",
);

# The async paths (WebCrypto for RSA / ECDSA) on the same corpus.
const asyncWorker :Workerd.Worker = (
  modules = [
    (name = "async.js", esModule = embed "async.js"),
    (name = "compare.mjs", esModule = embed "../js/compare.mjs"),
    (name = "corpus.json", json = embed "../../test-output/workerd-corpus.json"),
    (name = "tokencheck", esModule = embed "../../pkg/workerd.js"),
    (name = "lib/api.js", esModule = embed "../../pkg/lib/api.js"),
    (name = "lib/oauth.js", esModule = embed "../../pkg/lib/oauth.js"),
    (name = "lib/report.js", esModule = embed "../../pkg/lib/report.js"),
    (name = "dist/web/tokencheck.js", esModule = embed "../../pkg/dist/web/tokencheck.js"),
    (name = "dist/web/tokencheck_bg.wasm", wasm = embed "../../pkg/dist/web/tokencheck_bg.wasm"),
  ],
  compatibilityDate = "2025-09-01",
);
