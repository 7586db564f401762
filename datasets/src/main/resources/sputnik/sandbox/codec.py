"""Plain data across the sandbox boundary, as tagged JSON.

Values of the built-in types None, bool, int, float, complex, str, bytes, list, tuple, dict, set and
frozenset cross as their content, read with the base type's own methods (int.__int__, dict.items,
list.__iter__...), so a subclass crosses as its base value and its methods stay behind: an int whose
__eq__ always says True arrives as a plain int, and a Counter or an OrderedDict as a plain dict (equal
to a dict, as in Python). Anything else crosses as an opaque reference ["R", id, type name] that
compares equal to nothing but itself. Integers travel in hex: int(str, 16) has no digit limit,
unlike int(str) since Python 3.11.
"""

MAX_DEPTH = 200
MAX_ITEMS = 1_000_000

# JSON without the json module: importing it (and re, enum with it) is most of a candidate's
# start-up time, and every execution starts a fresh interpreter. Messages from the JVM are JSON
# that Python can read as a literal once true/false/null are named (loads); messages to it are
# written by dumps, which knows only what the protocol sends.
_JSON_NAMES = {"__builtins__": {}, "true": True, "false": False, "null": None}
_ESCAPES = {i: "\\u%04x" % i for i in range(32)}
_ESCAPES.update({ord('"'): '\\"', ord("\\"): "\\\\", ord("\n"): "\\n", ord("\t"): "\\t", ord("\r"): "\\r"})


def loads(line):
    """A JSON line from the JVM (trusted input, read before any model-written code runs)."""
    return eval(line, dict(_JSON_NAMES))


def _string(s):
    out = s.translate(_ESCAPES)
    try:
        out.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: JSON can only carry them escaped
        out = "".join("\\u%04x" % ord(c) if 0xD800 <= ord(c) <= 0xDFFF else c for c in out)
    return '"' + out + '"'


def dumps(x):
    if x is None:
        return "null"
    if x is True:
        return "true"
    if x is False:
        return "false"
    t = type(x)
    if t is str:
        return _string(x)
    if t is int:
        return str(x)
    if t is list or t is tuple:
        return "[" + ",".join(dumps(v) for v in x) + "]"
    if t is dict:
        return "{" + ",".join(_string(k) + ":" + dumps(v) for k, v in x.items()) + "}"
    raise Unencodable("cannot write a %s to the protocol" % t.__name__)


class Unencodable(Exception):
    pass


def encode(x, ref=None, depth=0, budget=None):
    if budget is None:
        budget = [MAX_ITEMS]
    budget[0] -= 1
    if budget[0] < 0:
        raise Unencodable("value too large to compare (over %d items)" % MAX_ITEMS)
    if depth > MAX_DEPTH:
        raise Unencodable("value nested deeper than %d levels" % MAX_DEPTH)
    if x is None:
        return ["N"]
    if isinstance(x, bool):
        return ["B", x is True]
    if isinstance(x, int):
        return ["I", hex(int.__int__(x))]
    if isinstance(x, float):
        return ["F", float.hex(float.__float__(x))]
    if isinstance(x, complex):
        c = complex.__complex__(x)
        return ["C", float.hex(c.real), float.hex(c.imag)]
    if isinstance(x, str):
        return ["S", str.__str__(x)]
    if isinstance(x, bytes):
        return ["Y", bytes.hex(x)]
    d = depth + 1
    if isinstance(x, list):
        return ["L", [encode(v, ref, d, budget) for v in list.__iter__(x)]]
    if isinstance(x, tuple):
        return ["T", [encode(v, ref, d, budget) for v in tuple.__iter__(x)]]
    if isinstance(x, dict):
        return ["D", [[encode(k, ref, d, budget), encode(v, ref, d, budget)] for k, v in dict.items(x)]]
    if isinstance(x, set):
        return ["E", [encode(v, ref, d, budget) for v in set.__iter__(x)]]
    if isinstance(x, frozenset):
        return ["Z", [encode(v, ref, d, budget) for v in frozenset.__iter__(x)]]
    if ref is None:
        raise Unencodable("a value of type %s cannot be compared as data" % type(x).__name__)
    return ["R", ref(x), type(x).__name__]


def decode(v, deref=None):
    tag = v[0]
    if tag == "N":
        return None
    if tag == "B":
        return bool(v[1])
    if tag == "I":
        return int(v[1], 16)
    if tag == "F":
        return float.fromhex(v[1])
    if tag == "C":
        return complex(float.fromhex(v[1]), float.fromhex(v[2]))
    if tag == "S":
        return str(v[1])
    if tag == "Y":
        return bytes.fromhex(v[1])
    if tag == "L":
        return [decode(e, deref) for e in v[1]]
    if tag == "T":
        return tuple(decode(e, deref) for e in v[1])
    if tag == "D":
        return {decode(k, deref): decode(e, deref) for k, e in v[1]}
    if tag == "E":
        return set(decode(e, deref) for e in v[1])
    if tag == "Z":
        return frozenset(decode(e, deref) for e in v[1])
    if tag == "R" and deref is not None:
        return deref(int(v[1]), str(v[2]))
    raise ValueError("unknown value tag %r" % (tag,))
