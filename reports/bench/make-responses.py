#!/usr/bin/env python3
"""Writes the simulated model responses that make-runs.sh replays (sputnik run --engine replay).

For every commit, suite/seed and simulated model it writes one plain replay file,
    OUT/<commit8>/<suite>-s<seed>/<model>
with exactly <samples> lines per problem ({"problem_id", "response", "reasoning"?, "finish_reason",
"prompt_tokens", "completion_tokens"}), so sample i of a problem replays line i (no cycling). The file is
named after the model because the replay engine records the model of a plain file as "replay:<file name>".

A line is correct with probability sigmoid(skill[model] - difficulty[problem] + drift[model, commit]):
the difficulty is a fixed per-problem value from a seeded hash (MATH-500: also its level), the drift a
small per-(model, commit) shift so that history charts move. Everything is deterministic (hash-seeded).
A correct line ends "so the answer is \\boxed{<reference answer>}"; a wrong one boxes another integer,
gives no boxed answer, or is cut off at max_tokens (finish_reason "length").
"""
import argparse
import hashlib
import json
import math
import os
import random
import sys

# name, skill (logit), tokenizer factor (prompt tokens), writes reasoning
MODELS = [
    ("sim-a-7b", 0.6, 1.00, True),
    ("sim-a-14b", 1.5, 1.00, True),
    ("sim-a-32b", 2.3, 1.00, True),
    ("sim-b-8b", 0.2, 0.94, False),
    ("sim-b-70b", 1.9, 0.94, False),
    ("sim-c-1.5b", -1.2, 1.03, True),
    ("sim-c-7b", 0.9, 1.03, True),
    ("sim-d-3b", -0.6, 1.09, False),
    ("sim-d-24b", 1.2, 1.09, False),
    ("sim-e-671b", 3.4, 0.97, True),
]

# suite -> dataset file (under --data), id field, suite difficulty offset (logit)
SUITES = {
    "aime2024": ("aime2024/aime2024.jsonl", "id", 2.2),
    "aime2025": ("aime2025/aime2025.jsonl", "id", 3.0),
    "math500": ("math500/math500.jsonl", "unique_id", -1.5),
}

MAX_TOKENS = 32768
PROMPT_SUFFIX = "\nPlease reason step by step, and put your final answer within \\boxed{}."

CORRECT = [
    "Setting up the equations and simplifying carefully, so the answer is \\boxed{%s}.",
    "After checking each case and verifying the result, so the answer is \\boxed{%s}.",
    "Combining the pieces above gives the final value, so the answer is \\boxed{%s}.",
    "Substituting back confirms it, so the answer is \\boxed{%s}.",
]
WRONG = [
    "Counting the cases this way, so the answer is \\boxed{%s}.",
    "Simplifying the expression once more, so the answer is \\boxed{%s}.",
    "Putting everything together, so the answer is \\boxed{%s}.",
]
NO_BOX = [
    "I could not finish the computation; the approach via symmetry seems most promising.",
    "This needs a more careful case analysis than I have done here.",
]
TRUNCATED = "Let me reconsider the setup. Wait, let me recount the cases again. Hmm, actually"
REASONING = "Let me think about what the problem asks and try a direct approach first."


def unit(*parts):
    """A deterministic number in [0, 1) from the parts."""
    h = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(h[:8], "big") / 2.0 ** 64


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


def difficulty(suite, rec, pid):
    u = unit("difficulty", suite, pid)
    base = SUITES[suite][2]
    if suite == "math500":
        return base + 0.7 * (int(rec.get("level", 3)) - 3) + 3.0 * (u - 0.5)
    return base + 5.0 * (u - 0.5)


def drift(model, commit_index, commit):
    # a slow improvement over the history, a per-(model, commit) wobble, and a regression at the middle
    # commit for three models (fixed in the next one)
    d = 0.06 * commit_index + 0.4 * (unit("drift", model, commit) - 0.5)
    if commit_index == 2 and model in ("sim-a-14b", "sim-b-70b", "sim-d-3b"):
        d -= 0.6
    return d


def answer_text(suite, rec):
    a = rec["answer"]
    if suite.startswith("aime"):
        return str(int(a))  # "025" -> "25"
    return str(a)


def wrong_answer(rng, suite, right):
    while True:
        w = str(rng.randrange(0, 1000)) if suite.startswith("aime") else str(rng.randrange(1000, 100000))
        if w != right:
            return w


def write_file(path, suite, records, model, skill, tok_factor, reasons, commit, commit_index, seed, samples):
    lines = []
    for rec in records:
        pid = str(rec[SUITES[suite][1]])
        right = answer_text(suite, rec)
        logit = skill - difficulty(suite, rec, pid) + drift(model, commit_index, commit)
        p = sigmoid(logit)
        prompt_tokens = int((len(rec["problem"]) + len(PROMPT_SUFFIX)) / 3.6 * tok_factor) + 12
        rng = random.Random("|".join(["line", model, commit, suite, str(seed), pid]))
        # harder problem (for this model) -> longer answers
        scale = 2500.0 * math.exp(0.35 * max(-2.0, min(3.0, -logit + 1.0)))
        for i in range(samples):
            r = rng.random()
            finish = "stop"
            completion = int(min(30000, max(300, rng.lognormvariate(math.log(scale), 0.45))))
            if r < p:
                text = rng.choice(CORRECT) % right
            else:
                q = rng.random()
                if q < 0.12:
                    text, finish, completion = TRUNCATED, "length", MAX_TOKENS
                elif q < 0.17:
                    text = rng.choice(NO_BOX)
                else:
                    text = rng.choice(WRONG) % wrong_answer(rng, suite, right)
                    completion = int(min(30000, completion * 1.4))
            line = {"problem_id": pid, "response": text}
            if reasons:
                line["reasoning"] = REASONING
            line["finish_reason"] = finish
            line["prompt_tokens"] = prompt_tokens
            line["completion_tokens"] = completion
            lines.append(json.dumps(line, ensure_ascii=False))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="datasets directory (aime2024/aime2024.jsonl, ...)")
    ap.add_argument("--out", required=True, help="where the response files go")
    ap.add_argument("--commits", required=True, help="comma-separated commit ids, oldest first")
    ap.add_argument("--plan", action="append", required=True,
                    help="SUITE:SAMPLES:SEED, e.g. aime2024:64:1 (repeatable)")
    args = ap.parse_args()
    commits = [c for c in args.commits.split(",") if c]
    data = {}
    n = 0
    for plan in args.plan:
        suite, samples, seed = plan.split(":")
        if suite not in data:
            with open(os.path.join(args.data, SUITES[suite][0]), encoding="utf-8") as f:
                data[suite] = [json.loads(l) for l in f if l.strip()]
        for ci, commit in enumerate(commits):
            for model, skill, tok, reasons in MODELS:
                path = os.path.join(args.out, commit[:8], "%s-s%s" % (suite, seed), model)
                write_file(path, suite, data[suite], model, skill, tok, reasons, commit, ci, int(seed), int(samples))
                n += 1
    print("make-responses: wrote %d response files under %s" % (n, args.out))


if __name__ == "__main__":
    if sys.argv[1:] == ["--list-models"]:
        print(" ".join(m[0] for m in MODELS))
    else:
        main()
