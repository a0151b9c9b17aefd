# workerd test tests/workerd/lti.capnp
# The worker imports the package's `workerd` entry by name ("tokencheck"),
# which imports the .wasm as a module, as Cloudflare Workers require.
# Needs pkg/dist (scripts/build-pkg.sh) and test-output/workerd-lti.json
# (node tests/workerd/make-lti.mjs).
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "tokencheck-lti-test", worker = .ltiWorker) ],
);

const ltiWorker :Workerd.Worker = (
  modules = [
    (name = "lti-worker.js", esModule = embed "lti-worker.js"),
    (name = "lti.json", json = embed "../../test-output/workerd-lti.json"),
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
