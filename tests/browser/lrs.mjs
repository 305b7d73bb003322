// A small local LMS for the cmi5 tests: an xAPI LRS with just what a cmi5 AU uses (the
// fetch URL that hands out the auth token once, the State API, the Agent Profile API, the
// Statement API), on its own origin with CORS as a real LRS is, and a static server for the
// unpacked package on another origin (files only, the site's strict CSP plus `connect-src`
// for the LRS). Every request is recorded; the xAPI ones must carry the token and the
// version header or are refused with 401.
import http from "node:http";
import { readFile } from "node:fs/promises";
import { join, normalize, extname } from "node:path";
import { randomUUID } from "node:crypto";

const listen = (server) => new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve("http://127.0.0.1:" + server.address().port)));

function body(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export async function startLrs() {
  const lrs = {
    requests: [], // { method, path, query, auth, version, body, status }
    statements: [], // in the order stored
    state: new Map(), // `${activityId} ${agent} ${registration} ${stateId}` → text
    profiles: new Map(), // `${agent} ${profileId}` → text
    tokens: new Map(), // fetch key → { token, used }
    fail: null, // null, "statements" or "fetch": answer those with 500
    origin: "",
  };
  const key = (q, id) => [q.get("activityId"), q.get("agent"), q.get("registration") || "", id].join(" ");
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    const q = url.searchParams;
    const text = await body(req);
    const cors = {
      "Access-Control-Allow-Origin": req.headers.origin || "*",
      "Access-Control-Allow-Headers": "Authorization, Content-Type, X-Experience-API-Version",
      "Access-Control-Allow-Methods": "GET, PUT, POST, OPTIONS",
      "Access-Control-Expose-Headers": "X-Experience-API-Version",
    };
    const rec = {
      method: req.method, path: url.pathname, query: Object.fromEntries(q), auth: req.headers.authorization || "",
      version: req.headers["x-experience-api-version"] || "", body: text, status: 0,
    };
    lrs.requests.push(rec);
    const send = (status, data, type) => {
      rec.status = status;
      const headers = { ...cors, "X-Experience-API-Version": "1.0.3" };
      if (data !== undefined) headers["Content-Type"] = type || "application/json";
      res.writeHead(status, headers);
      res.end(data === undefined ? undefined : typeof data === "string" ? data : JSON.stringify(data));
    };
    if (req.method === "OPTIONS") return send(204);
    if (url.pathname === "/fetch") {
      if (req.method !== "POST") return send(405, { error: "POST only" });
      if (lrs.fail === "fetch") return send(500, { error: "down" });
      const t = lrs.tokens.get(q.get("k"));
      if (!t) return send(200, { "error-code": "2", "error-text": "Unknown fetch key." });
      if (t.used) return send(200, { "error-code": "1", "error-text": "The authorization token has already been returned." });
      t.used = true;
      return send(200, { "auth-token": t.token });
    }
    // The LMS page a learner returns to (returnURL).
    if (url.pathname === "/return") return send(200, "<!DOCTYPE html><title>LMS</title><p>Back in the LMS.</p>", "text/html");
    if (!url.pathname.startsWith("/xapi/")) return send(404, { error: "no such resource" });
    const token = rec.auth.replace(/^Basic /, "");
    if (!rec.auth.startsWith("Basic ") || ![...lrs.tokens.values()].some((t) => t.used && t.token === token) || rec.version !== "1.0.3") {
      return send(401, { error: "unauthorised" });
    }
    const path = url.pathname.slice("/xapi".length);
    if (path === "/statements") {
      if (lrs.fail === "statements") return send(500, { error: "down" });
      if (req.method === "POST" || req.method === "PUT") {
        let got = JSON.parse(text);
        if (req.method === "PUT") got = { ...got, id: q.get("statementId") };
        const list = Array.isArray(got) ? got : [got];
        for (const s of list) lrs.statements.push({ ...s, stored: new Date().toISOString(), token });
        return req.method === "PUT" ? send(204) : send(200, list.map((s) => s.id || randomUUID()));
      }
      return send(405, { error: "not here" });
    }
    if (path === "/activities/state") {
      const k = key(q, q.get("stateId"));
      if (req.method === "GET") return lrs.state.has(k) ? send(200, lrs.state.get(k)) : send(404, { error: "none" });
      if (req.method === "PUT") { lrs.state.set(k, text); return send(204); }
      if (req.method === "POST") {
        const old = lrs.state.has(k) ? JSON.parse(lrs.state.get(k)) : {};
        lrs.state.set(k, JSON.stringify({ ...old, ...JSON.parse(text) }));
        return send(204);
      }
    }
    if (path === "/agents/profile" && req.method === "GET") {
      const k = q.get("agent") + " " + q.get("profileId");
      return lrs.profiles.has(k) ? send(200, lrs.profiles.get(k)) : send(404, { error: "none" });
    }
    return send(405, { error: "not here" });
  });
  lrs.origin = await listen(server);

  // What an LMS does before a launch (cmi5 10.0): writes LMS.LaunchData for a new session
  // and a one-time fetch URL; returns the launch URL's query and the session id.
  lrs.prepare = ({ actor, registration, activityId, publisherId, launchMode, masteryScore, moveOn, returnURL, preferences }) => {
    const session = randomUUID();
    const agent = JSON.stringify(actor);
    const data = {
      contextTemplate: {
        contextActivities: { grouping: [{ id: publisherId, objectType: "Activity" }] },
        extensions: { "https://w3id.org/xapi/cmi5/context/extensions/sessionid": session },
      },
      launchMode, moveOn,
    };
    if (masteryScore !== undefined) data.masteryScore = masteryScore;
    if (returnURL) data.returnURL = returnURL;
    lrs.state.set([activityId, agent, registration, "LMS.LaunchData"].join(" "), JSON.stringify(data));
    if (preferences) lrs.profiles.set(agent + " cmi5LearnerPreferences", JSON.stringify(preferences));
    else lrs.profiles.delete(agent + " cmi5LearnerPreferences");
    const k = randomUUID();
    lrs.tokens.set(k, { token: Buffer.from("au:" + randomUUID()).toString("base64"), used: false });
    const query = new URLSearchParams({
      endpoint: lrs.origin + "/xapi/", fetch: lrs.origin + "/fetch?k=" + k, actor: agent, registration, activityId,
    });
    return { query: "?" + query.toString(), session };
  };
  lrs.close = () => server.close();
  return lrs;
}

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json", ".xml": "application/xml" };

// Serves `dir` as an LMS serves a package: files only (a folder is not its index.html).
export async function servePackage(dir, lrsOrigin) {
  const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' " + lrsOrigin;
  const server = http.createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path === "/blank.html") {
      // An empty page of the package's origin (to clear its storage before a launch).
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": csp });
      return res.end("<!DOCTYPE html><title>blank</title>");
    }
    const file = normalize(join(dir, path));
    let data = null;
    if (file.startsWith(dir) && !path.includes("..")) {
      try { data = await readFile(file); } catch (e) { data = null; }
    }
    if (data === null) {
      res.writeHead(404, { "Content-Type": "text/plain", "Content-Security-Policy": csp });
      return res.end("not found");
    }
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] || "application/octet-stream", "Content-Security-Policy": csp });
    res.end(data);
  });
  const origin = await listen(server);
  return { origin, close: () => server.close() };
}
