#!/usr/bin/env bash
# Load test for `chio api protect`, loopback only, bounded duration.
#
# Three ways to reach the same upstream (nginx answering fixed JSON, so the upstream is never the
# bottleneck): directly, through nginx proxy_pass (the baseline), and through chio protect. chio is
# measured on the GET audit path (safe route, one receipt pair per call) and on a POST with a cached
# capability (verification served from the token cache, budget-free grant, two signatures per call).
# The same run measures the JMH Ed25519 sign rate, the ceiling for chio (two signatures per allowed
# call), and route matching over GitHub's OpenAPI description (npm package @octokit/openapi).
#
# The machine's load average is printed with the table: on a shared box the figures move with it.
#
# Usage: chio-bench/scripts/protect-load.sh [SECONDS_PER_RUN (default 10)] [CONNECTIONS (default 64)]
# Needs wrk and nginx (installed with apt-get when missing and running as root), npm for the GitHub
# spec, a JDK 17+ and Maven. Writes the table to chio-bench/target/protect-load.md.
set -euo pipefail

duration="${1:-10}"
conns="${2:-64}"
threads=2
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/chio-bench/target/protect-load"
rm -rf "$out"
mkdir -p "$out"

need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null
  fi
  command -v "$1" >/dev/null 2>&1 || { echo "protect-load: $1 is required (apt-get install $2)" >&2; exit 2; }
}
need wrk wrk
need nginx nginx-light

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [[ -f "$out/nginx.pid" ]] && kill "$(cat "$out/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT

echo "== build" >&2
(cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package -pl chio-cli,chio-bench -am)
jar="$root/chio-cli/target/chio.jar"
bench="$root/chio-bench/target/chio-benchmarks.jar"
chio() { java -jar "$jar" "$@"; }

echo "== GitHub's OpenAPI description (@octokit/openapi)" >&2
spec_dir="$root/chio-bench/target/octokit"
github="$spec_dir/package/generated/api.github.com.json"
if [[ ! -f "$github" ]]; then
  mkdir -p "$spec_dir"
  (cd "$spec_dir" && npm pack --silent @octokit/openapi@23.0.2 >/dev/null && tar xzf octokit-openapi-23.0.2.tgz package/generated/api.github.com.json)
fi

echo "== JMH: Ed25519 sign rate, route matching" >&2
java -Djmh.ignoreLock=true -jar "$bench" 'Ed25519Benchmark.sign' -f 1 -wi 2 -w 1 -i 3 -r 2 -t "$(nproc)" -rf json -rff "$out/sign.json" >"$out/sign.txt" 2>&1
java -Djmh.ignoreLock=true -jar "$bench" RouteMatchBenchmark -jvmArgs "-Dchio.bench.githubSpec=$github" -f 1 -wi 3 -w 2 -i 5 -r 2 \
  -rf json -rff "$out/route.json" >"$out/route.txt" 2>&1
sign_cpu_us="$(java -cp "$bench" io.chio.core.crypto.SignCpuCost 5000)"
sign_rate="$(python3 -c 'import json,sys; print(int(json.load(open(sys.argv[1]))[0]["primaryMetric"]["score"]))' "$out/sign.json")"
route_ns="$(python3 -c 'import json,sys; d={b["benchmark"].split(".")[-1]: b["primaryMetric"]["score"] for b in json.load(open(sys.argv[1]))}; print("%.0f %.0f" % (d["match"], d["parseAndMatch"]))' "$out/route.json")"

echo "== upstream and nginx proxy_pass" >&2
up_port="$(free_port)"; ngx_port="$(free_port)"; chio_port="$(free_port)"
cat >"$out/nginx.conf" <<NGINX
worker_processes 1;
pid $out/nginx.pid;
error_log $out/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $out/tmp-body;
  proxy_temp_path $out/tmp-proxy;
  fastcgi_temp_path $out/tmp-fcgi;
  uwsgi_temp_path $out/tmp-uwsgi;
  scgi_temp_path $out/tmp-scgi;
  upstream backend { server 127.0.0.1:$up_port; keepalive 128; }
  server {
    listen 127.0.0.1:$up_port;
    default_type application/json;
    location ~ /refund\$ { return 200 '{"status": "refund_issued", "refund_id": "rf-99"}'; }
    location / { return 200 '{"orders": [{"id": "ord-42", "total_cents": 4200}]}'; }
  }
  server {
    listen 127.0.0.1:$ngx_port;
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGINX
nginx -c "$out/nginx.conf" -p "$out" -g 'daemon on;'

echo "== chio api protect" >&2
cat >"$out/bench-openapi.yaml" <<'YAML'
openapi: 3.0.3
info: { title: Orders API, version: "1.0" }
paths:
  /orders:
    get: { operationId: listOrders, responses: { "200": { description: OK } } }
  /orders/{orderId}/refund:
    post: { operationId: refundOrder, responses: { "200": { description: OK } } }
YAML
chio keygen --out "$out/authority.seed" >/dev/null
agent_hex="$(chio keygen --out "$out/agent.seed" | python3 -c 'import json,sys; print(json.load(sys.stdin)["public_key"])')"
chio capability mint --issuer-seed-file "$out/authority.seed" --subject "$agent_hex" \
  --grant 'orders-api:POST /orders/*/refund' --ttl 3600 >"$out/cap.json"
java ${CHIO_BENCH_JAVA_OPTS:--Xmx1g} -jar "$jar" --authority-seed-file "$out/authority.seed" api protect \
  --upstream "http://127.0.0.1:$up_port" --spec "$out/bench-openapi.yaml" --listen "127.0.0.1:$chio_port" \
  2>"$out/chio.log" &
chio_pid=$!
pids+=($chio_pid)
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$chio_port/chio/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$chio_port/chio/health" >/dev/null

python3 - "$out/cap.json" "$out/post.lua" <<'PY'
import json, sys
cap = json.dumps(json.load(open(sys.argv[1])), separators=(",", ":"))
lua = 'wrk.method = "POST"\nwrk.body = \'{"amount_cents": 4200}\'\n'
lua += 'wrk.headers["Content-Type"] = "application/json"\n'
lua += 'wrk.headers["X-Chio-Capability"] = [==[' + cap + ']==]\n'
open(sys.argv[2], "w").write(lua)
PY
printf 'wrk.method = "POST"\nwrk.body = %s\nwrk.headers["Content-Type"] = "application/json"\n' "'{\"amount_cents\": 4200}'" >"$out/post-plain.lua"

# Sanity: the POST with the capability is allowed, without it denied.
[[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$chio_port/orders/ord-1/refund")" == 403 ]]
[[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "X-Chio-Capability: $(cat "$out/cap.json")" "http://127.0.0.1:$chio_port/orders/ord-1/refund")" == 200 ]]

# CPU time (user and system, clock ticks) used so far by chio, and by nginx's worker processes
# (which serve both the upstream and the proxy_pass baseline).
chio_cpu() { awk '{print $14, $15}' "/proc/$chio_pid/stat"; }
nginx_cpu() { for p in $(pgrep -P "$(cat "$out/nginx.pid")"); do cat "/proc/$p/stat"; done | awk '{u += $14; s += $15} END {print u, s}'; }

run() { # name url [lua] -> writes $out/name.txt, and the CPU ticks chio and nginx used to $out/name.cpu, .nginx-cpu
  local name="$1" url="$2" lua="${3:-}" c="${4:-$conns}" t="${5:-$threads}"
  local args=(-t "$t" -c "$c" -d "${duration}s" --latency)
  [[ -n "$lua" ]] && args+=(-s "$lua")
  local before nginx_before
  before="$(chio_cpu)"
  nginx_before="$(nginx_cpu)"
  wrk "${args[@]}" "$url" >"$out/$name.txt"
  echo "$before $(chio_cpu)" >"$out/$name.cpu"
  echo "$nginx_before $(nginx_cpu)" >"$out/$name.nginx-cpu"
}

# Long enough for C2 to finish compiling both paths: after 5 s its thread still used about a fifth
# of chio's CPU, which the per-call CPU figures would otherwise count.
echo "== warm-up" >&2
wrk -t 2 -c 16 -d 15s "http://127.0.0.1:$chio_port/orders" >/dev/null
wrk -t 2 -c 16 -d 15s -s "$out/post.lua" "http://127.0.0.1:$chio_port/orders/ord-1/refund" >/dev/null

echo "== peak throughput (-c $conns, ${duration}s each)" >&2
run direct-get "http://127.0.0.1:$up_port/orders"
run nginx-get "http://127.0.0.1:$ngx_port/orders"
run chio-get "http://127.0.0.1:$chio_port/orders"
run direct-post "http://127.0.0.1:$up_port/orders/ord-1/refund" "$out/post-plain.lua"
run nginx-post "http://127.0.0.1:$ngx_port/orders/ord-1/refund" "$out/post-plain.lua"
run chio-post "http://127.0.0.1:$chio_port/orders/ord-1/refund" "$out/post.lua"

echo "== latency at light load (-c 4, one wrk thread)" >&2
run direct-get-light "http://127.0.0.1:$up_port/orders" "" 4 1
run chio-get-light "http://127.0.0.1:$chio_port/orders" "" 4 1
run direct-post-light "http://127.0.0.1:$up_port/orders/ord-1/refund" "$out/post-plain.lua" 4 1
run chio-post-light "http://127.0.0.1:$chio_port/orders/ord-1/refund" "$out/post.lua" 4 1

python3 - "$out" "$sign_rate" $route_ns "$(nproc)" "$duration" "$conns" "$(getconf CLK_TCK)" "$sign_cpu_us" <<'PY' | tee "$root/chio-bench/target/protect-load.md"
import re, sys
out, sign, match_ns, parse_ns, cores, duration, conns, clk_tck = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6], sys.argv[7], int(sys.argv[8])
sign_cpu_us = float(sys.argv[9])

def us(v, unit):
    return float(v) * {"us": 1, "ms": 1000, "s": 1e6}[unit]

def requests(name):
    return int(re.search(r"(\d+) requests in", open(f"{out}/{name}.txt").read()).group(1))

def cpu_us_per_call(name, ext="cpu"):
    """(user, system) CPU microseconds per request that chio (ext cpu) or nginx (nginx-cpu) used during the run."""
    u0, s0, u1, s1 = map(int, open(f"{out}/{name}.{ext}").read().split())
    per = 1e6 / clk_tck / requests(name)
    return (u1 - u0) * per, (s1 - s0) * per

def parse(name):
    text = open(f"{out}/{name}.txt").read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    lat = {p: us(v, u) for p, v, u in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)}
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors = re.search(r"Socket errors:.*", text)
    return rps, lat, int(non2xx.group(1)) if non2xx else 0, errors.group(0) if errors else ""

ceiling = sign / 2
import os
print(f"chio api protect load test: loopback, {cores} cores, wrk {duration}s per run, {conns} connections at peak, "
      f"load average {os.getloadavg()[0]:.1f} at the end")
print()
print(f"Ed25519 sign (JMH, {cores} threads, all cores): {sign:,.0f}/s -> signing-bound ceiling {ceiling:,.0f} allowed calls/s "
      f"(2 signatures per call)")
print(f"Route matching over api.github.com ({match_ns:.0f} ns trie lookup, {parse_ns:.0f} ns with path decoding) per request")
print()
print("| scenario | req/s | vs direct | vs ceiling | p50 | p99 | non-2xx |")
print("|---|---:|---:|---:|---:|---:|---:|")
rows = {}
for name, label in [("direct-get", "upstream direct, GET"), ("nginx-get", "nginx proxy_pass, GET"), ("chio-get", "chio protect, GET (audit)"),
                    ("direct-post", "upstream direct, POST"), ("nginx-post", "nginx proxy_pass, POST"), ("chio-post", "chio protect, POST + cached capability")]:
    rps, lat, bad, err = parse(name)
    rows[name] = rps
    base = rows["direct-get" if "get" in name else "direct-post"]
    vs_ceiling = f"{rps / ceiling:.2f}" if name.startswith("chio") else ""
    print(f"| {label} | {rps:,.0f} | {rps / base:.2f} | {vs_ceiling} | {lat.get('50', 0):,.0f} us | {lat.get('99', 0):,.0f} us | {bad} |")
print()
# Load-independent view: the CPU chio itself used per call (/proc, all its threads) against the CPU
# of two bare signatures (SignCpuCost: the signing thread's own CPU clock). Their ratio is chio's
# calls per CPU-second relative to the signing-bound ceiling, whatever else shares the cores.
two_sigs_us = 2 * sign_cpu_us
print(f"CPU per call: chio (user + system, /proc) against two bare signatures ({two_sigs_us:.0f} us of CPU, SignCpuCost):")
print()
print("| path | chio CPU per call (user + system) | vs ceiling, per CPU-second |")
print("|---|---:|---:|")
for name, label in [("chio-get", "GET (audit)"), ("chio-post", "POST + cached capability")]:
    u, s = cpu_us_per_call(name)
    print(f"| {label} | {u + s:,.0f} us ({u:,.0f} + {s:,.0f}) | {two_sigs_us / (u + s):.2f} |")
print()
# nginx's worker serves the upstream too: its proxy_pass cost is its CPU per call through the proxy
# minus its CPU per call direct.
for kind in ["get", "post"]:
    pu, ps = cpu_us_per_call(f"nginx-{kind}", "nginx-cpu")
    du, ds = cpu_us_per_call(f"direct-{kind}", "nginx-cpu")
    print(f"nginx proxy_pass CPU per call, {kind.upper()}: {pu + ps - du - ds:,.0f} us (upstream alone: {du + ds:,.0f} us)")
print()
print("Added latency at light load (-c 4, 1 wrk thread; wrk is not constant-rate, so this stands in for 'half of peak'):")
print()
print("| path | direct p50 | chio p50 | added p50 | direct p99 | chio p99 | added p99 |")
print("|---|---:|---:|---:|---:|---:|---:|")
for kind in ["get", "post"]:
    _, d, _, _ = parse(f"direct-{kind}-light")
    r, c, _, _ = parse(f"chio-{kind}-light")
    print(f"| {kind.upper()} | {d['50']:,.0f} us | {c['50']:,.0f} us | {c['50'] - d['50']:,.0f} us | {d['99']:,.0f} us | {c['99']:,.0f} us | {c['99'] - d['99']:,.0f} us |")
PY
