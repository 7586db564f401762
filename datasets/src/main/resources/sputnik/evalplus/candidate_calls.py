# Run after the model's code in the candidate's sandbox (a Program's setup), with EVALPLUS_ENTRY set
# before it: the tester calls the entry point through evalplus_call, which sends back a long list or
# tuple in parts. EvalPlus's plus inputs ask for outputs of over a million items (HumanEval/100's pile,
# HumanEval/130's sequence, Mbpp/255's combinations), more than one value may hold when it crosses the
# sandbox boundary. These functions run beside the model's code and could be replaced by it, which
# gains nothing: what they send is data that the model's function could have returned itself.

EVALPLUS_PART_ITEMS = 20000
_evalplus_last = None


def evalplus_call(*args):
    global _evalplus_last
    fn = globals().get(EVALPLUS_ENTRY)
    if fn is None:
        raise NameError("name %r is not defined" % EVALPLUS_ENTRY)
    out = fn(*args)
    if type(out) in (list, tuple) and len(out) > EVALPLUS_PART_ITEMS:
        _evalplus_last = out
        return ["parts", type(out).__name__, len(out)]
    _evalplus_last = None
    return ["whole", out]


def evalplus_part(start):
    return list(_evalplus_last[start:start + EVALPLUS_PART_ITEMS])
