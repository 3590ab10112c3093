#!/usr/bin/env python3
"""replicate.py BUILDDIR WORKDIR - an indexing host and a read replica on
one machine: wsis-indexer writes generations on the "indexer" side,
xapian-replicate-server (on 127.0.0.5) serves them, xapian-replicate
copies each to the replica, and the replica's wsis-searchd, told by
SIGHUP, serves it, under query load from many connections.  Two
successive generations are shipped; no query may fail, and every reply
must come whole from one generation.  Prints TAP."""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

import harness
from harness import BUILD, WORK, ok, spawn, cleanup

def run(args):
    return subprocess.run(args, capture_output=True, text=True, timeout=120)


MASTER = os.path.join(WORK, "indexer")      # the indexing host's data
REPLICA = os.path.join(WORK, "replica")     # the replica's copy
os.makedirs(MASTER)
os.makedirs(REPLICA)
PASSAGES = 400


def build(gen):
    """Generation `gen`: every passage says which generation it is in."""
    src = os.path.join(WORK, "gen%d.jsonl" % gen)
    with open(src, "w") as f:
        for i in range(PASSAGES + gen * 10):
            f.write(json.dumps({"id": "g%d-%04d" % (gen, i),
                                "text": "shared words in passage %d of generation gen%d" % (i, gen)}) + "\n")
    r = run([os.path.join(BUILD, "wsis-indexer"), "-q", src, "-o", os.path.join(MASTER, "idx")])
    return r.returncode == 0


ok(build(1), "generation 1 built on the indexing host")

# ---- the replication server on the indexing host ----
srv = None
for _ in range(5):
    s = socket.socket()
    s.bind(("127.0.0.5", 0))
    port = s.getsockname()[1]
    s.close()
    srv = spawn(["xapian-replicate-server", "-I", "127.0.0.5", "-p", str(port), MASTER],
                os.path.join(WORK, "replicate-server.log"))
    end = time.time() + 30
    up = False
    while time.time() < end and srv.poll() is None:
        try:
            socket.create_connection(("127.0.0.5", port), 0.5).close()
            up = True
            break
        except OSError:
            time.sleep(0.05)
    if up:
        break
    srv = None
if not ok(srv is not None, "xapian-replicate-server on 127.0.0.5"):
    cleanup()
    sys.exit(1)


def replicate():
    """One pass of the replica's client: the replica brought up to date."""
    r = run(["xapian-replicate", "-h", "127.0.0.5", "-p", str(port), "-m", "idx", "-o",
             os.path.join(REPLICA, "idx")])
    return r.returncode == 0, r.stdout + r.stderr


good, out = replicate()
ok(good and os.path.exists(os.path.join(REPLICA, "idx", "XAPIANDB")),
   "xapian-replicate: the first generation copied to the replica (a stub and its copy)", out)

# ---- the replica's wsis-searchd ----
log = os.path.join(WORK, "searchd.log")
sd = spawn([os.path.join(BUILD, "wsis-searchd"), "--index", os.path.join(REPLICA, "idx"),
            "--listen", "127.0.0.1:0", "--http", "127.0.0.1:0", "--foreground",
            "--query-log", "no", "--workers", "4"], log)
HTTP = None
end = time.time() + 60
while time.time() < end and sd.poll() is None:
    m = re.findall(r"http listening on (\S+)", open(log).read())
    if m and "serving" in open(log).read():
        HTTP = m[-1]
        break
    time.sleep(0.05)
if not ok(HTTP is not None, "wsis-searchd serves the replica", open(log).read()):
    cleanup()
    sys.exit(1)

stop = threading.Event()
lock = threading.Lock()
replies = []   # (start, status, generations seen, total, body)


def load(seed):
    host, p = HTTP.rsplit(":", 1)
    c = None
    i = seed
    while not stop.is_set():
        i += 1
        # distinct requests, so most reach a worker and its database
        path = "/search?" + urllib.parse.urlencode({"q": "shared words", "limit": 5,
                                                     "offset": i % 300})
        t0 = time.time()
        try:
            if c is None:
                c = http.client.HTTPConnection(host, int(p), timeout=10)
            c.request("GET", path)
            r = c.getresponse()
            status, body = r.status, r.read().decode()
        except Exception as e:
            status, body, c = -1, repr(e), None
        gens, total = set(), None
        if status == 200:
            j = json.loads(body)
            total = j["total"]
            gens = {h["id"].split("-")[0] for h in j["hits"]}
        with lock:
            replies.append((t0, status, gens, total, body[:300]))


threads = [threading.Thread(target=load, args=(k * 1000,)) for k in range(12)]
for t in threads:
    t.start()


def serving(gen, secs=20):
    end = time.time() + secs
    while time.time() < end:
        st, body = None, ""
        c = http.client.HTTPConnection(*HTTP.rsplit(":", 1), timeout=10)
        c.request("GET", "/search?q=gen%d&limit=1" % gen)
        j = json.loads(c.getresponse().read().decode())
        c.close()
        if j["total"] > 0:
            return True
        time.sleep(0.1)
    return False


time.sleep(1.0)
for gen in (2, 3):
    ok(build(gen), "generation %d built on the indexing host, under load" % gen)
    good, out = replicate()
    ok(good, "xapian-replicate: generation %d shipped to the replica" % gen, out)
    os.kill(sd.pid, signal.SIGHUP)
    ok(serving(gen), "the replica's wsis-searchd serves generation %d after SIGHUP" % gen)
    time.sleep(1.0)
stop.set()
for t in threads:
    t.join()

failed = [r for r in replies if r[1] != 200]
mixed = [r for r in replies if r[1] == 200 and len(r[2]) > 1]
# a generation's total: PASSAGES + gen * 10 passages, all matching
wrong_total = [r for r in replies if r[1] == 200 and len(r[2]) == 1 and
               r[3] != PASSAGES + int(next(iter(r[2]))[1:]) * 10]
seen = sorted({g for r in replies for g in r[2]})
print("# %d replies; generations seen: %s" % (len(replies), ", ".join(seen)))
ok(len(replies) > 300, "many replies (%d)" % len(replies))
ok(not failed, "zero failed queries (%d)" % len(failed), "\n".join(map(str, failed[:10])))
ok(not mixed and not wrong_total, "every reply comes whole from one generation",
   "\n".join(map(str, (mixed + wrong_total)[:10])))
ok(seen == ["g1", "g2", "g3"], "the load saw the three generations in turn (%s)" % seen)
last = [r for r in replies if r[1] == 200][-50:]
ok(all(r[2] == {"g3"} for r in last), "and ends on the last one")

sd.send_signal(signal.SIGTERM)
try:
    code = sd.wait(30)
except subprocess.TimeoutExpired:
    code = None
ok(code == 0, "the replica's daemon exits 0 on SIGTERM (%s)" % code, open(log).read()[-3000:])
harness.finish()
