/**
 * The bench's view of a bridge: the built server (bridge-server/dist/server.js) as its own
 * process, configured only through its environment, reached only over HTTP and pusher-js.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

/**
 * One HTTP call on a keep-alive socket: { status, body (parsed JSON or text), ms }.
 * @param base
 * @param method
 * @param p
 * @param root0
 * @param root0.token
 * @param root0.body
 */
export function request(base, method, p, { token, body } = {}, retried = false) {
  const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      base + p,
      {
        method,
        agent,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(data
            ? {
                "Content-Type": "application/json",
                "Content-Length": data.length,
              }
            : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed = text;
          try {
            parsed = JSON.parse(text);
          } catch {}
          resolve({
            status: res.statusCode,
            body: parsed,
            text,
            ms: performance.now() - t,
          });
        });
        res.on("error", reject);
      },
    );
    req.on("error", (err) => {
      // A kept-alive socket the server closed as it was reused (Node's documented race):
      // sent again once on a new socket. Sends are idempotent by their client id.
      if (!retried && req.reusedSocket && err.code === "ECONNRESET") {
        resolve(request(base, method, p, { token, body }, true));
        return;
      }
      reject(err);
    });
    req.end(data ?? undefined);
  });
}

/**
 * Like request(), but throws on a status ≥ 400; returns the body.
 * @param base
 * @param method
 * @param p
 * @param opts
 */
export async function call(base, method, p, opts) {
  const r = await request(base, method, p, opts);
  if (r.status >= 400) {
    throw new Error(`${method} ${p}: ${r.status} ${r.text.slice(0, 300)}`);
  }
  return r.body;
}

/**
 * Starts dist/server.js with `env` (on top of a clean, loopback-only environment) and waits
 * for /healthz. Keeps the last output and counts SQLITE_BUSY lines in it.
 * @param root0
 * @param root0.root
 * @param root0.dataDir
 * @param root0.port
 * @param root0.env
 */
export async function startBridge({ root, dataDir, port, env }) {
  const child = spawn(
    process.execPath,
    [
      // BENCH_PROFILE_DIR: each bridge writes a V8 CPU profile there when it stops
      // (open it in Chrome's DevTools → Performance, or speedscope).
      ...(process.env.BENCH_PROFILE_DIR
        ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
        : []),
      path.join(root, "bridge-server/dist/server.js"),
    ],
    {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: "production",
        DATA_DIR: dataDir,
        BRIDGE_HOST: "127.0.0.1",
        BRIDGE_PORT: String(port),
        REALTIME_BIND_HOST: "127.0.0.1",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const state = { busy: 0, tail: "" };
  const scan = (d) => {
    const s = String(d);
    // Lines, not matches: a logged error names its code in message, code and stack.
    state.busy += s.split("\n").filter((l) => l.includes("SQLITE_BUSY")).length;
    state.tail = (state.tail + s).slice(-3000);
  };
  child.stdout.on("data", scan);
  child.stderr.on("data", scan);
  const base = `http://127.0.0.1:${port}`;
  const exited = new Promise((_, reject) =>
    child.once("exit", (code) =>
      reject(new Error(`bridge exited with ${code}:\n${state.tail}`)),
    ),
  );
  exited.catch(() => {});
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await Promise.race([
      request(base, "GET", "/healthz").then(
        (r) => r.status === 200,
        () => false,
      ),
      exited,
    ]);
    if (ok) {
      break;
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`bridge not healthy after 60 s:\n${state.tail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    pid: child.pid,
    log: state,
    /** CPU seconds (user + system) of the bridge process so far, from /proc. */
    cpuSeconds: () => procCpu(child.pid),
    async stop() {
      if (child.exitCode !== null) {
        return;
      }
      const done = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 8000);
      await done;
      clearTimeout(t);
    },
  };
}

export function procCpu(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8");
    const parts = f.slice(f.lastIndexOf(")") + 2).split(" ");
    return (Number(parts[11]) + Number(parts[12])) / 100;
  } catch {
    return NaN;
  }
}
