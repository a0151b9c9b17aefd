# workerd test tests/workerd/iua.capnp
# The IUA API inside workerd through the package's `workerd` entry (the .wasm
# imported as a module). Needs pkg/dist (scripts/build-pkg.sh).
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "tokencheck-iua-test", worker = .testWorker) ],
);

const testWorker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "iua-worker.js"),
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
