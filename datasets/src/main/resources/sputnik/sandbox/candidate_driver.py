"""Runs model-written code inside the sandbox.

This file is trusted only up to the moment the solution starts: from then on the solution can rewrite
anything in this process, so nothing it sends is believed beyond "this is my output" or "this is my
return value". Pass or fail is decided elsewhere (in the JVM, or by tester.py in another sandbox),
and the expected answers are never in this process.

Usage: python3 candidate.py MODE LIMITS TASK
  MODE   program    run TASK/solution.py as __main__ with the test input on stdin (contest problems);
                    before the solution starts, the first line on stderr is a status line
         functions  say {"ready": true}, wait for {"go": true, "cpu": SECONDS} (the JVM starts
                    these sandboxes ahead of time and writes the task files while they wait),
                    then load TASK/solution.py as a module and answer requests (JSON lines) on the
                    original stdin/stdout; the solution's own stdin is /dev/null, its stdout goes
                    to stderr
  LIMITS as=BYTES,cpu=SECONDS,nproc=N,fsize=BYTES,nofile=N (hard resource limits)
  TASK   the task directory: solution.py, and optionally prelude.py (dataset code run first in the
         same namespace, e.g. the imports a benchmark's own harness adds) and setup.py (dataset code
         run after the solution, e.g. MBPP's test_setup_code that builds objects from its classes)
"""
import builtins
import os
import resource
import sys

import codec

STATUS = "\x1esputnik:"
RLIMITS = {
    "as": resource.RLIMIT_AS,
    "cpu": resource.RLIMIT_CPU,
    "nproc": resource.RLIMIT_NPROC,
    "fsize": resource.RLIMIT_FSIZE,
    "nofile": resource.RLIMIT_NOFILE,
    "core": resource.RLIMIT_CORE,
}


def set_limits(spec):
    for item in spec.split(","):
        name, value = item.split("=")
        v = int(value)
        resource.setrlimit(RLIMITS[name], (v, v))


def read(task, name):
    path = os.path.join(task, name)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def compile_all(task):
    """(prelude, solution, setup) compiled, or an error message: nothing untrusted has run yet."""
    compiled = []
    for name in ("prelude.py", "solution.py", "setup.py"):
        source = read(task, name)
        if source is None:
            compiled.append(None)
            continue
        try:
            compiled.append(compile(source, name, "exec", dont_inherit=True))
        except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError) as e:
            if name != "solution.py":
                raise
            return None, "%s: %s" % (type(e).__name__, e)
    return compiled, None


def run_all(compiled, g):
    for code in compiled:
        if code is not None:
            exec(code, g)


def describe(e):
    try:
        import traceback

        tb = "".join(traceback.format_exception(type(e), e, e.__traceback__))[-4000:]
        message = str(e)[:2000]
    except BaseException:  # an exception whose __str__ raises
        tb, message = "", "<unprintable>"
    return {"type": type(e).__name__, "message": message, "traceback": tb}


def run_program(task):
    compiled, error = compile_all(task)
    if compiled is None:
        sys.stderr.write(STATUS + "compile_error " + codec.dumps(error) + "\n")
        sys.stderr.flush()
        os._exit(0)
    sys.stderr.write(STATUS + "ready\n")
    sys.stderr.flush()
    g = {"__name__": "__main__", "__builtins__": builtins, "__file__": "solution.py"}
    try:
        run_all(compiled, g)
    except SystemExit:
        raise
    except MemoryError:
        os.write(2, b"\nMemoryError\n")
        os._exit(1)
    except BaseException:
        import traceback

        traceback.print_exc()
        sys.stderr.flush()
        sys.stdout.flush()
        os._exit(1)


class Handles:
    """Objects that are not plain data stay here; the other side holds only their numbers."""

    def __init__(self):
        self.objects = {}

    def ref(self, x):
        key = id(x)
        self.objects[key] = x
        return key

    def deref(self, key, _type_name):
        return self.objects[key]


def serve_functions(task):
    proto_in = os.fdopen(os.dup(0), "r", encoding="utf-8", newline="\n")
    proto_out = os.fdopen(os.dup(1), "w", encoding="utf-8", newline="\n")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(2, 1)

    def send(message):
        proto_out.write(codec.dumps(message) + "\n")
        proto_out.flush()

    send({"ready": True})
    go = proto_in.readline()
    if not go:
        return
    resource.setrlimit(resource.RLIMIT_CPU, (int(codec.loads(go)["cpu"]),) * 2)
    compiled, error = compile_all(task)
    if compiled is None:
        send({"compile_error": error})
        return
    g = {"__name__": "solution", "__builtins__": builtins, "__file__": "solution.py"}
    handles = Handles()
    try:
        run_all(compiled, g)
    except BaseException as e:  # SystemExit too: exiting while loading is a failure to load
        send({"raised": describe(e)})
        return
    send({"loaded": True})

    for line in proto_in:
        request = codec.loads(line)
        rid = request["id"]
        try:
            reply = {"id": rid}
            reply.update(answer(request, g, handles, codec))
        except codec.Unencodable as e:
            reply = {"id": rid, "unencodable": str(e)}
        except BaseException as e:
            reply = {"id": rid, "raised": describe(e)}
        try:
            send(reply)
        except Exception as e:  # a str the JSON encoder refuses, a nesting it cannot handle
            send({"id": rid, "unencodable": "%s: %s" % (type(e).__name__, e)})


def answer(request, g, handles, codec):
    op = request["op"]
    if op == "resolve":
        kinds = {}
        for name in request["names"]:
            if name not in g:
                kinds[name] = ["undefined"]
            elif type(g[name]).__name__ == "module" and isinstance(getattr(g[name], "__name__", None), str):
                kinds[name] = ["module", g[name].__name__]
            elif callable(g[name]):
                kinds[name] = ["callable"]
            else:
                kinds[name] = ["value", codec.encode(g[name], handles.ref)]
        return {"names": kinds}
    args = [codec.decode(a, handles.deref) for a in request.get("args", [])]
    kwargs = {k: codec.decode(v, handles.deref) for k, v in request.get("kwargs", {}).items()}
    if op == "call":
        target = request["target"]
        fn = g[target] if isinstance(target, str) else handles.deref(target, None)
        result = fn(*args, **kwargs)
    elif op == "method":
        # LeetCode style: a fresh Solution() per test, as LiveCodeBench's grader does.
        result = getattr(g[request["class"]](), request["name"])(*args, **kwargs)
        if type(result) is tuple:
            result = list(result)
    else:
        raise ValueError("unknown request %r" % (op,))
    return {"value": codec.encode(result, handles.ref)}


def quitter(code=None):
    raise SystemExit(code)


def main():
    mode, limits, task = sys.argv[1], sys.argv[2], sys.argv[3]
    set_limits(limits)
    # Python runs with -S (no site module: it is a third of the start-up time), which also leaves out
    # the exit() and quit() that programs call; they get the same behaviour here.
    if not hasattr(builtins, "exit"):
        builtins.exit = builtins.quit = quitter
    if mode == "program":
        run_program(task)
    else:
        serve_functions(task)
