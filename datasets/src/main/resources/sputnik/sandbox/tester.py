"""Runs a dataset's own tests against a candidate that lives in another sandbox.

The tests (HumanEval's check(candidate), MBPP's asserts) run here, in a process the model-written code
cannot reach: every call to a candidate function goes out as a request (JSON lines on stdout, relayed
by the JVM to candidate.py) and its result comes back as plain data (codec.py). A returned object
that is not plain data arrives as an opaque reference equal only to itself, so an "always equal"
object cannot pass an `==` assert, and a candidate that exits early simply never answers.

One tester serves many jobs, one at a time: each job gets fresh namespaces. Messages from the JVM:
  {"op": "job", "kind": "check", "prelude": SRC, "test": SRC, "entry_point": NAME}
  {"op": "job", "kind": "asserts", "prelude": SRC, "asserts": [SRC, ...]}
  {"id": N, ...}   the candidate's reply to request N, or {"id": N, "failed": REASON}
To the JVM: {"to": "candidate", "id": N, "op": ...} requests, then one {"done": ...} per job.
"""
import ast
import builtins
import importlib
import json
import linecache
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import codec  # noqa: E402

proto_in = os.fdopen(os.dup(0), "r", encoding="utf-8", newline="\n")
proto_out = os.fdopen(os.dup(1), "w", encoding="utf-8", newline="\n")
os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
os.dup2(2, 1)  # prints in test code must not corrupt the protocol


def send(message):
    proto_out.write(json.dumps(message, ensure_ascii=False) + "\n")
    proto_out.flush()


class CandidateFailed(BaseException):
    """The candidate process died, timed out or broke the protocol. BaseException, so that a test's
    own `except Exception` cannot swallow it."""


class CandidateRaised(Exception):
    """Base of the exceptions re-raised here for exceptions the candidate raised."""


_raised_types = {}


def raised_type(name):
    """A local exception class named like the candidate's, and a subclass of the builtin of that name
    when there is one, so that a test's `except ValueError` still catches a remote ValueError."""
    if name not in _raised_types:
        base = getattr(builtins, name, None)
        bases = (CandidateRaised,)
        if isinstance(base, type) and issubclass(base, Exception) and base is not Exception:
            bases = (base, CandidateRaised)
        try:
            _raised_types[name] = type(name, bases, {})
        except TypeError:  # layout conflicts (e.g. OSError subclasses): keep the plain base
            _raised_types[name] = type(name, (CandidateRaised,), {})
    return _raised_types[name]


class Unencodable(Exception):
    pass


class TestsBroken(Exception):
    """The dataset's own test code failed before any call to the candidate: not the candidate's fault."""


class Job:
    def __init__(self):
        self.next_id = 0
        self.remote_error = None

    def request(self, op, **fields):
        self.next_id += 1
        message = {"to": "candidate", "id": self.next_id, "op": op}
        message.update(fields)
        send(message)
        line = proto_in.readline()
        if not line:
            sys.exit(0)
        reply = json.loads(line)
        if reply.get("id") != self.next_id or "failed" in reply:
            raise CandidateFailed(reply.get("failed", "protocol"))
        if "raised" in reply:
            r = reply["raised"]
            self.remote_error = r
            raise raised_type(str(r.get("type", "Exception")))(r.get("message", ""))
        if "unencodable" in reply:
            raise Unencodable(reply["unencodable"])
        return reply

    def value(self, reply):
        try:
            return codec.decode(reply["value"], self.remote)
        except (KeyError, TypeError, ValueError, IndexError) as e:
            raise CandidateFailed("protocol") from e

    def remote(self, key, type_name):
        return RemoteObject(self, key, type_name)

    def arg(self, x):
        if isinstance(x, RemoteObject):
            if x.job is not self:
                raise TypeError("an object from another job")
            return ["R", x.key, x.type_name]
        t = type(x)
        if t is list or t is tuple or t is set or t is frozenset:
            tag = {list: "L", tuple: "T", set: "E", frozenset: "Z"}[t]
            return [tag, [self.arg(v) for v in x]]
        if t is dict:
            return ["D", [[self.arg(k), self.arg(v)] for k, v in x.items()]]
        return codec.encode(x)

    def call(self, target, args, kwargs):
        reply = self.request("call", target=target, args=[self.arg(a) for a in args],
                             kwargs={k: self.arg(v) for k, v in kwargs.items()})
        return self.value(reply)


class RemoteFunction:
    def __init__(self, job, name):
        self.job, self.name, self.__name__ = job, name, name

    def __call__(self, *args, **kwargs):
        return self.job.call(self.name, args, kwargs)


class RemoteObject:
    """A candidate's object that is not plain data: equal to nothing but itself."""

    def __init__(self, job, key, type_name):
        self.job, self.key, self.type_name = job, key, type_name

    def __eq__(self, other):
        return isinstance(other, RemoteObject) and other.key == self.key and other.job is self.job

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self.key)

    def __call__(self, *args, **kwargs):
        return self.job.call(["R", self.key, self.type_name], args, kwargs)

    def __repr__(self):
        return "<%s object from the candidate>" % self.type_name


def compile_source(src, filename):
    linecache.cache[filename] = (len(src), None, src.splitlines(True), filename)
    return compile(src, filename, "exec")


def failing_line(e):
    """Where in the test source the failure happened: the deepest frame in a <test...> file."""
    where = None
    for frame, lineno in traceback.walk_tb(e.__traceback__):
        name = frame.f_code.co_filename
        if name.startswith("<test"):
            where = {"file": name, "line": lineno, "source": linecache.getline(name, lineno).strip()[:500]}
    return where


def outcome(e, job, test_index=None):
    detail = {}
    if test_index is not None:
        detail["test"] = test_index
    where = failing_line(e)
    if where:
        detail["at"] = where
    if isinstance(e, TestsBroken):
        return {"done": "tests_broken", "message": str(e)}
    if isinstance(e, CandidateFailed):
        return {"done": "candidate_failed", "reason": str(e), **detail}
    if isinstance(e, CandidateRaised):
        r = job.remote_error or {}
        return {"done": "raised", "type": r.get("type"), "message": r.get("message"),
                "traceback": r.get("traceback"), **detail}
    if isinstance(e, Unencodable):
        return {"done": "failed", "message": str(e), **detail}
    if isinstance(e, AssertionError):
        return {"done": "failed", "message": ("assertion failed: " + str(e)) if str(e) else "assertion failed", **detail}
    return {"done": "failed", "message": "%s: %s" % (type(e).__name__, str(e)[:1000]), **detail}


def load_tests(sources, ns):
    try:
        for src, filename in sources:
            if src:
                exec(compile_source(src, filename), ns)
    except Exception as e:
        raise TestsBroken("%s: %s" % (type(e).__name__, e)) from e


def run_check(job, message):
    ns = {"__name__": "__test__", "__builtins__": builtins}
    load_tests([(message.get("prelude"), "<test-prelude>"), (message["test"], "<test>")], ns)
    candidate = RemoteFunction(job, message["entry_point"])
    # The tests may call the function by its own name too (HumanEval/33 compares with sort_third(...)):
    # in the original program that name is the completed function, so here it is the candidate.
    ns[message["entry_point"]] = candidate
    ns["check"](candidate)


def free_names(tree):
    bound = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    loaded = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id not in bound and n.id not in loaded:
            loaded.append(n.id)
    return loaded


def run_asserts(job, message):
    base = {"__name__": "__test__", "__builtins__": builtins}
    load_tests([(message.get("prelude"), "<test-prelude>")], base)
    for i, src in enumerate(message["asserts"]):
        filename = "<test-%d>" % i
        code = compile_source(src, filename)
        names = [n for n in free_names(ast.parse(src)) if n not in base]
        ns = dict(base)
        if names:
            kinds = job.request("resolve", names=names).get("names", {})
            for name in names:
                kind = kinds.get(name, ["undefined"])
                if kind[0] == "callable":
                    ns[name] = RemoteFunction(job, name)
                elif kind[0] == "module":
                    # The program imported a module the asserts use too (MBPP 596: sys.getsizeof): the
                    # tests get their own copy of it, never the candidate's.
                    try:
                        ns[name] = importlib.import_module(str(kind[1]))
                    except Exception:
                        pass
                elif kind[0] == "value":
                    try:
                        ns[name] = codec.decode(kind[1], job.remote)
                    except (TypeError, ValueError, IndexError) as e:
                        raise CandidateFailed("protocol") from e
        try:
            exec(code, ns)
        except BaseException as e:
            e.test_index = i
            raise


def main():
    while True:
        line = proto_in.readline()
        if not line:
            return
        message = json.loads(line)
        job = Job()
        try:
            if message["kind"] == "check":
                run_check(job, message)
            else:
                run_asserts(job, message)
            result = {"done": "passed"}
        except SystemExit:
            raise
        except BaseException as e:
            result = outcome(e, job, getattr(e, "test_index", None))
        send(result)


main()
