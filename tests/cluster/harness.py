"""harness.py - what the cluster and replica runs share: TAP output,
processes started in sessions of their own and killed with their children
at exit, a watchdog that fails a run that hangs, and waiting for a port or
a wsis-searchd to come up."""
import atexit
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

BUILD, WORK = sys.argv[1], sys.argv[2]
RUN_LIMIT_S = 240   # the whole run: a hang anywhere is a failure, not a stuck CI

n_tests = 0
n_failed = 0
procs = []


def ok(cond, desc, diag=None):
    global n_tests, n_failed
    n_tests += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n_tests, desc), flush=True)
    if not cond:
        n_failed += 1
        for line in str(diag or "")[:3000].splitlines():
            print("#   " + line)
    return cond


def cleanup():
    """Kills every process started, with its children (xapian-tcpsrv forks
    one per connection), stopped ones included."""
    for p in procs:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            os.kill(p.pid, signal.SIGCONT)
        except ProcessLookupError:
            pass


def finish():
    """Ends the run: the processes killed, the plan printed, the status."""
    cleanup()
    print("1..%d" % n_tests)
    sys.exit(1 if n_failed else 0)


def _watchdog():
    print("not ok %d - the run ended within %d s" % (n_tests + 1, RUN_LIMIT_S), flush=True)
    print("1..%d" % (n_tests + 1), flush=True)
    cleanup()
    os._exit(1)


atexit.register(cleanup)
_dog = threading.Timer(RUN_LIMIT_S, _watchdog)
_dog.daemon = True
_dog.start()


def spawn(args, log):
    p = subprocess.Popen(args, stdout=open(log, "w"), stderr=subprocess.STDOUT,
                         start_new_session=True)
    procs.append(p)
    return p


def free_port(host):
    s = socket.socket()
    s.bind((host, 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_accepting(host, port, p, secs=60):
    end = time.time() + secs
    while time.time() < end:
        if p.poll() is not None:
            return False
        try:
            socket.create_connection((host, port), 0.5).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def start_searchd(name, index, *extra):
    """A wsis-searchd on free loopback ports: (process, native, http), or
    Nones when it did not start."""
    log = os.path.join(WORK, "searchd-%s.log" % name)
    p = spawn([os.path.join(BUILD, "wsis-searchd"), "--index", index,
               "--listen", "127.0.0.1:0", "--http", "127.0.0.1:0", "--foreground",
               "--query-log", "no"] + list(extra), log)
    end = time.time() + 60
    while time.time() < end:
        text = open(log).read()
        nat = re.findall(r"native protocol listening on (\S+)", text)
        htp = re.findall(r"http listening on (\S+)", text)
        if nat and htp and "serving" in text:
            return p, nat[-1], htp[-1]
        if p.poll() is not None:
            break
        time.sleep(0.05)
    print("# wsis-searchd %s did not start:\n# %s" % (name, open(log).read().replace("\n", "\n# ")))
    return None, None, None


def get(addr, path, timeout=10):
    host, port = addr.rsplit(":", 1)
    c = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        c.request("GET", path)
        r = c.getresponse()
        return r.status, r.read().decode()
    finally:
        c.close()
