#!/usr/bin/env python3
"""cluster.py BUILDDIR WORKDIR - three shards (wsis-indexer --shards 3)
served by xapian-tcpsrv on 127.0.0.2, .3 and .4, searched through one
wsis-searchd by many HTTP and native connections while shard 2 is stopped
(SIGSTOP), killed (SIGKILL) and started again, and then a new generation
of the shards is built and the daemons reload onto it.  Every reply must
be complete and equal to what the three shards searched together give, or
marked partial, name shard 2 and equal what shards 1 and 3 searched
together give; none may fail or take longer than the shard timeout
allows.  Prints TAP."""
import http.client
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

import harness
from harness import BUILD, WORK, ok, spawn, cleanup, free_port, wait_accepting, start_searchd, get

SHARD_TIMEOUT_MS, CONNECT_MS, RETRY_MAX_MS = 1000, 500, 2000
# a reply waits at most one shard timeout before the query runs again on
# the other shards; anything near twice that is a hang
REPLY_BOUND_S = 2 * SHARD_TIMEOUT_MS / 1000 + 1.0


def tcpsrv(k, port, path):
    """Serves shard `k` on 127.0.0.(k+1):port, in a session of its own
    (xapian-tcpsrv forks a child per connection: the whole group is
    stopped and killed)."""
    host = "127.0.0.%d" % (k + 1)
    p = spawn(["xapian-tcpsrv", "--interface", host, "--port", str(port), path],
              os.path.join(WORK, "tcpsrv-%d.log" % k))
    if not wait_accepting(host, port, p):
        return None
    return p


# ---- one input, indexed as three shards (wsis-indexer --shards 3) ----
random.seed(23)
vocab = ("access broadband capacity digital divide gender governance infrastructure "
         "internet literacy mobile network open privacy rural security skills spectrum "
         "trust women youth health education cloud data ethics finance innovation "
         "local market").split()
with open(os.path.join(WORK, "all.jsonl"), "w") as f:
    for i in range(1500):
        text = " ".join(random.choice(vocab) for _ in range(random.randint(6, 18)))
        f.write(json.dumps({"id": "c%04d" % i, "text": text}) + "\n")
r = subprocess.run([os.path.join(BUILD, "wsis-indexer"), "-q", "--shards", "3",
                    os.path.join(WORK, "all.jsonl"), "-o", os.path.join(WORK, "idx")],
                   capture_output=True, text=True)
if r.returncode != 0:
    print("1..0 # SKIP the indexer failed: " + r.stderr)
    sys.exit(1)
shard_dirs = [os.path.join(WORK, "idx", "shard-%d" % k) for k in (1, 2, 3)]

# ---- the three "hosts" ----
servers, names, ports = {}, {}, {}
for k in (1, 2, 3):
    host = "127.0.0.%d" % (k + 1)
    for _ in range(5):
        ports[k] = free_port(host)
        servers[k] = tcpsrv(k, ports[k], shard_dirs[k - 1])
        if servers[k] is not None:
            break
    if servers[k] is None:
        print("1..0 # SKIP xapian-tcpsrv did not start on %s" % host)
        cleanup()
        sys.exit(0)
    names[k] = "tcp:%s:%d" % (host, ports[k])
ok(True, "three xapian-tcpsrv hosts: %s" % ", ".join(names.values()))

# ---- what the replies must be: local shards searched together ----
# many distinct requests (2,800), so that the reply cache (on, as by
# default) cannot answer most of them from replies kept before the shard
# stopped, and a partial reply it kept would be found again after the
# shard is back
QUERIES = sorted(set(vocab)) + ["%s %s" % (x, y) for x in sorted(set(vocab))
                                for y in sorted(set(vocab)) if x != y]
OFFSETS = (0, 10, 20)
def search_path(q, offset=0):
    return "/search?" + urllib.parse.urlencode({"q": q, "limit": 10, "offset": offset})
def count_path(q):
    return "/count?" + urllib.parse.urlencode({"q": q})
NATIVE = [(q, o) for q in QUERIES for o in OFFSETS]
PATHS = [search_path(q, o) for (q, o) in NATIVE] + [count_path(q) for q in QUERIES[:100]]

def essence(body):
    """What must agree: the ids in order and the total."""
    j = json.loads(body)
    return (tuple(h["id"] for h in j.get("hits", [])), j.get("total"))

# two daemons on local shards, kept running: the replies are checked
# against theirs after the run
refs = {}
for label, ks in (("all", (1, 2, 3)), ("no2", (1, 3))):
    p, nat, htp = start_searchd("ref-" + label, ",".join(shard_dirs[k - 1] for k in ks))
    if p is None:
        ok(False, "reference wsis-searchd on local shards %s" % (ks,))
        cleanup()
        sys.exit(1)
    host, port = htp.rsplit(":", 1)
    refs[label] = http.client.HTTPConnection(host, int(port), timeout=30)
memo = {}


def expect(label, path):
    if (label, path) not in memo:
        try:
            refs[label].request("GET", path)
            body = refs[label].getresponse().read().decode()
        except (http.client.HTTPException, OSError):
            # an idle connection is closed after header-timeout: again
            refs[label].close()
            refs[label].request("GET", path)
            body = refs[label].getresponse().read().decode()
        memo[(label, path)] = essence(body)
    return memo[(label, path)]


class Expected:
    def __getitem__(self, key):
        return expect(*key)


expected = Expected()
ok(expected[("all", PATHS[0])] != expected[("no2", PATHS[0])],
   "the references differ without shard 2 (the test can tell a partial reply)")

# ---- the search host: the three remote shards, and one that fails ----
index = ",".join(names[k] for k in (1, 2, 3))
common = ["--shard-timeout", str(SHARD_TIMEOUT_MS), "--shard-connect-timeout", str(CONNECT_MS),
          "--shard-retry-max", str(RETRY_MAX_MS), "--workers", "4"]
sd, NAT, HTTP = start_searchd("cluster", index, *common)
# the other lists the shards in a Xapian stub file
stub = os.path.join(WORK, "cluster.stub")
with open(stub, "w") as f:
    f.write("# the three shard hosts\n" +
            "".join("remote %s\n" % names[k][len("tcp:"):] for k in (1, 2, 3)))
fsd, FNAT, FHTTP = start_searchd("cluster-fail", stub, "--shard-failure", "fail", *common)
if sd is None or fsd is None:
    ok(False, "wsis-searchd on the three remote shards")
    cleanup()
    sys.exit(1)
st, body = get(HTTP, search_path("digital"))
ok(st == 200 and essence(body) == expected[("all", search_path("digital"))],
   "three remote shards answer as the three local ones together", body[:400])
st, body = get(FHTTP, "/health")
ok(st == 200 and [x["shard"] for x in json.loads(body)["shards"]] == [names[k] for k in (1, 2, 3)],
   "a stub file's remote lines are three shards of their own", body)
st, body = get(FHTTP, search_path("digital"))
ok(st == 200 and essence(body) == expected[("all", search_path("digital"))],
   "and answer as the three local ones together", body[:400])

# ---- load: HTTP and native connections, every reply kept ----
stop = threading.Event()
replies = []      # (start, elapsed, kind, path, status, body)
lock = threading.Lock()


def http_load(seed):
    rnd = random.Random(seed)
    host, port = HTTP.rsplit(":", 1)
    c = None
    while not stop.is_set():
        path = rnd.choice(PATHS)
        t0 = time.time()
        try:
            if c is None:
                c = http.client.HTTPConnection(host, int(port), timeout=REPLY_BOUND_S + 5)
            c.request("GET", path)
            r = c.getresponse()
            status, body = r.status, r.read().decode()
        except Exception as e:   # a hang past the socket timeout lands here
            status, body = -1, repr(e)
            c = None
        with lock:
            replies.append((t0, time.time() - t0, "http", path, status, body))


def native_load(seed):
    rnd = random.Random(seed)
    host, port = NAT.rsplit(":", 1)
    s = f = None
    while not stop.is_set():
        q, off = rnd.choice(NATIVE)
        path = search_path(q, off)
        t0 = time.time()
        try:
            if s is None:
                s = socket.create_connection((host, int(port)), REPLY_BOUND_S + 5)
                f = s.makefile("rb")
                f.readline()   # the greeting
            s.sendall(("SEARCH offset=%d limit=10 -- %s\n" % (off, q)).encode())
            line = f.readline().decode()
            if line.startswith("OK "):
                body = f.read(int(line.split()[1]) + 1).decode()[:-1]
                status = 200
            else:
                status, body = int(line.split()[1]) if line.startswith("ERR ") else -1, line
        except Exception as e:
            status, body = -1, repr(e)
            s = None
        with lock:
            replies.append((t0, time.time() - t0, "native", path, status, body))


threads = [threading.Thread(target=http_load, args=(i,)) for i in range(12)]
threads += [threading.Thread(target=native_load, args=(100 + i,)) for i in range(4)]
for t in threads:
    t.start()


def shard_state(addr, name):
    st, body = get(addr, "/health")
    for s in json.loads(body)["shards"]:
        if s["shard"] == name:
            return s["state"]
    return None


def wait_state(addr, name, state, secs):
    end = time.time() + secs
    while time.time() < end:
        if shard_state(addr, name) == state:
            return True
        time.sleep(0.05)
    return False


time.sleep(0.5)
# ---- shard 2 stops answering ----
t_stop = time.time()
os.killpg(servers[2].pid, signal.SIGSTOP)
ok(wait_state(HTTP, names[2], "down", 10), "a stopped shard is taken out (/health says down)")
t_down = time.time()
ok(t_down - t_stop < REPLY_BOUND_S, "within a shard timeout or so (%.2f s)" % (t_down - t_stop))
st, body = get(HTTP, "/ready")
ok(st == 200 and '"shards_down":1' in body, "/ready: still ready with two shards of three", body)
st, body = get(HTTP, "/stats")
j = json.loads(body)
states = {s["shard"]: s["state"] for s in j["index"]["shards"]}
ok(states == {names[1]: "up", names[2]: "down", names[3]: "up"}, "/stats: each shard's state", body[:600])
st, body = get(HTTP, "/metrics")
ok('wsis_shard_up{shard="%s"} 0' % names[2] in body and
   'wsis_shard_up{shard="%s"} 1' % names[1] in body, "/metrics: wsis_shard_up 0 for the stopped shard",
   "\n".join(l for l in body.splitlines() if "shard" in l))
# a passage by id: found on a shard that answers; one on the stopped shard
# is not "no such passage" (404) but a 503 naming the shard (passage i is
# on shard i mod 3 + 1)
st1, body1 = get(HTTP, "/doc/c0000")
st2, body2 = get(HTTP, "/doc/c0001")
ok(st1 == 200 and st2 == 503 and names[2] in body2,
   "/doc: a passage on a shard that answers is found; one on the stopped shard is 503 naming it",
   "%s %s / %s %s" % (st1, body1[:200], st2, body2[:200]))
# the daemon set to fail: a clear 503 that names the shard
t0 = time.time()
st, body = get(FHTTP, search_path("governance"))
ok(st == 503 and names[2] in body and time.time() - t0 < REPLY_BOUND_S,
   "shard-failure = fail: 503 naming the shard (%.2f s)" % (time.time() - t0), "%s %s" % (st, body))
st, body = get(FHTTP, "/ready")
ok(st == 503, "shard-failure = fail: /ready is 503 while a shard is out", body)
# the command-line client warns
r = subprocess.run([os.path.join(BUILD, "wsis-search"), "--server", NAT, "rural", "women"],
                   capture_output=True, text=True, timeout=30)
ok(r.returncode == 0 and re.search(r"warning: partial results.*" + re.escape(names[2]), r.stderr),
   "wsis-search: a warning on stderr naming the missing shard", r.stderr + r.stdout[:300])

time.sleep(1.0)
# ---- then it is killed, and started again ----
os.killpg(servers[2].pid, signal.SIGKILL)
os.kill(servers[2].pid, signal.SIGCONT)
servers[2].wait()
time.sleep(1.0)
ok(shard_state(HTTP, names[2]) == "down", "a killed shard stays out")
servers[2] = tcpsrv(2, ports[2], shard_dirs[1])
t_restart = time.time()
ok(servers[2] is not None, "shard 2 started again")
ok(wait_state(HTTP, names[2], "up", RETRY_MAX_MS / 1000 + 5),
   "taken back after it answers again, without a reload (%.2f s)" % (time.time() - t_restart))
t_back = time.time()
ok(wait_state(FHTTP, names[2], "up", RETRY_MAX_MS / 1000 + 5), "shard-failure = fail: taken back too")
st, body = get(FHTTP, search_path("governance"))
ok(st == 200 and essence(body) == expected[("all", search_path("governance"))],
   "shard-failure = fail: complete again", body[:300])
# ---- a new generation of the same input, swapped in under the load ----
# Each shard host's xapian-tcpsrv opens its shard's path for each new
# connection; the daemons reconnect on a reload.  Every reply before,
# during and after must stay right (checked below with all the others).
r = subprocess.run([os.path.join(BUILD, "wsis-indexer"), "-q", "--shards", "3",
                    os.path.join(WORK, "all.jsonl"), "-o", os.path.join(WORK, "idx")],
                   capture_output=True, text=True)
ok(r.returncode == 0 and os.path.realpath(os.path.join(WORK, "idx")).endswith("gen-000002"),
   "a second generation of the shards built under load", r.stderr)
for p in (sd, fsd):
    p.send_signal(signal.SIGHUP)
time.sleep(1.0)
st, body = get(HTTP, "/stats")
ok(st == 200 and json.loads(body).get("reloads", 0) >= 1 and
   all(s["state"] == "up" for s in json.loads(body)["index"]["shards"]),
   "the daemons reload onto it, every shard up", body[:600])
time.sleep(2.0)
stop.set()
for t in threads:
    t.join()

# explain=1 over remote shards: each hit's parts add up to its score
st, body = get(HTTP, "/search?q=rural+women+digital+divide&limit=10&explain=1")
sums = []
if st == 200:
    for h in json.loads(body)["hits"]:
        e = h.get("explain") or {}
        total = sum(p["weight"] for p in e.get("parts", [])) * e.get("phrase_boost", 1)
        sums.append(abs(total - h["score"]) <= 1e-3 * max(1.0, h["score"]))
ok(st == 200 and sums and all(sums),
   "explain=1 over remote shards: every explanation adds up to its score (%d hits)" % len(sums),
   body[:600])

# ---- every reply ----
wrong, slow, failed = [], [], []
partial = complete_after = partial_after = 0
for (t0, el, kind, path, status, body) in replies:
    if status != 200:
        failed.append((kind, path, status, body[:200]))
        continue
    if el > REPLY_BOUND_S:
        slow.append((kind, path, el))
    try:
        j = json.loads(body)
    except ValueError:
        wrong.append(("not JSON", kind, path, body[:200]))
        continue
    if j.get("partial"):
        partial += 1
        if t0 > t_back + 0.2:
            partial_after += 1
        if j.get("missing_shards") != [names[2]]:
            wrong.append(("named", kind, path, j.get("missing_shards")))
        elif essence(body) != expected[("no2", path)]:
            wrong.append(("partial", kind, path, essence(body), expected[("no2", path)]))
    else:
        if t0 > t_back + 0.2:
            complete_after += 1
        if "missing_shards" in j or essence(body) != expected[("all", path)]:
            wrong.append(("complete", kind, path, essence(body), expected[("all", path)]))
print("# %d replies, %d partial, %d after the shard was taken back" %
      (len(replies), partial, complete_after + partial_after))
ok(len(replies) > 200, "many replies (%d)" % len(replies))
ok(not failed, "no request failed (%d)" % len(failed), "\n".join(map(str, failed[:10])))
ok(not slow, "none took longer than %.1f s" % REPLY_BOUND_S, "\n".join(map(str, slow[:10])))
ok(not wrong, "every reply right: complete, or partial naming shard 2 and right for shards 1 and 3",
   "\n".join(map(str, wrong[:10])))
ok(partial > 0, "some replies were partial (%d)" % partial)
ok(any(r[4] == 200 and r[2] == "native" and '"partial":true' in r[5] for r in replies),
   "the native protocol marks them too")
ok(complete_after > 0 and partial_after == 0,
   "after it was taken back every reply is complete (%d complete, %d partial)" %
   (complete_after, partial_after))
st, body = get(HTTP, "/stats")
j = json.loads(body)
ok(j.get("partial_replies", 0) > 0, "/stats counts the partial replies", body[:300])
sh2 = [s for s in j["index"]["shards"] if s["shard"] == names[2]][0]
ok(sh2["state"] == "up" and sh2["failures"] >= 1, "/stats: shard 2 up again, its failure counted", sh2)

# a clean exit (under the sanitizers, no finding: tests/test-asan.sh)
codes = []
for p in (sd, fsd):
    p.send_signal(signal.SIGTERM)
    try:
        codes.append(p.wait(30))
    except subprocess.TimeoutExpired:
        codes.append(None)
ok(codes == [0, 0], "both daemons exit 0 on SIGTERM (%s)" % codes,
   open(os.path.join(WORK, "searchd-cluster.log")).read()[-3000:])
harness.finish()
