package sputnik.datasets.code;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sputnik.datasets.sandbox.CodeSandbox;
import sputnik.datasets.sandbox.Judgement;
import sputnik.datasets.sandbox.Program;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Verdict;
import sputnik.harness.util.Json;

/**
 * LiveCodeBench-style contest problems, graded as LiveCodeBench's own grader does, but with the
 * program in a sandbox and the comparison in the JVM:
 * <ul>
 *   <li>stdin tests (AtCoder, Codeforces): the program runs once per test, in a fresh sandbox, with
 *       the test's input on stdin; its stdout is compared by {@link OutputJudge};</li>
 *   <li>functional tests (LeetCode, {@code func_name} given): {@code Solution().func_name(*args)} per
 *       test, the arguments being the input's JSON lines; the returned value (a tuple becomes a list)
 *       must equal the expected JSON under Python's {@code ==} ({@link PyValues}).</li>
 * </ul>
 * Both get LiveCodeBench's import block first (from string/re/collections/heapq/... import *), as
 * its grader prepends it. 6 s per test (LiveCodeBench's default), of CPU time ({@link TimeLimits}); the
 * first failing test decides.
 */
public final class LiveCodeBenchGrader extends CodeGrader {
    static final TimeLimits LIMITS = new TimeLimits(6000, 0, "per test");

    /** The imports LiveCodeBench's grader puts before every program (lcb_runner/evaluation/testing_util.py). */
    static final String IMPORTS = String.join("\n",
            "from string import *", "from re import *", "from datetime import *", "from collections import *",
            "from heapq import *", "from bisect import *", "from copy import *", "from math import *",
            "from random import *", "from statistics import *", "from itertools import *", "from functools import *",
            "from operator import *", "from io import *", "from sys import *", "from json import *",
            "from builtins import *", "from typing import *", "import string", "import re", "import datetime",
            "import collections", "import heapq", "import bisect", "import copy", "import math", "import random",
            "import statistics", "import itertools", "import functools", "import operator", "import io", "import sys",
            "import json", "sys.setrecursionlimit(50000)", "");

    @Override
    public String name() {
        return "livecodebench";
    }

    @Override
    public String description() {
        return "contest problems: stdin/stdout tests compared as judges do, or LeetCode-style Solution().method tests (correct = every test passes)";
    }

    @Override
    protected TimeLimits timeLimits() {
        return LIMITS;
    }

    @Override
    protected List<String> requiredFields() {
        return List.of("tests");
    }

    @Override
    protected Judgement judge(Problem problem, ExtractedCode code, CodeSandbox sandbox) {
        List<Map<String, Object>> tests = tests(problem);
        Program program = new Program(code.code(), IMPORTS, null);
        String func = ProblemData.optionalString(problem, "func_name");
        Judgement j = func != null ? functional(problem, program, func, tests, sandbox) : stdin(problem, program, tests, sandbox);
        return j.with(Map.of("tests_total", tests.size())).with(LIMITS.floorDetail());
    }

    private Judgement stdin(Problem problem, Program program, List<Map<String, Object>> tests, CodeSandbox sandbox) {
        OutputJudge judge = OutputJudge.forStatement(problem.prompt().display());
        for (int t = 0; t < tests.size(); t++) {
            String input = String.valueOf(tests.get(t).get("input"));
            String expected = String.valueOf(tests.get(t).get("output"));
            CodeSandbox.ProgramRun run = sandbox.runProgram(program, input, LIMITS.floorMillis());
            if (run.failure() != null) return run.failure().with(Map.of("test", t + 1));
            String wrong = judge.mismatch(run.stdout(), expected);
            if (wrong != null) return Judgement.of(Verdict.INCORRECT, "reason", "test " + (t + 1) + ": " + wrong, "test", t + 1);
        }
        Judgement ok = Judgement.of(Verdict.CORRECT, "tests", tests.size());
        return judge.tolerance() > 0 ? ok.with(Map.of("float_tolerance", judge.tolerance())) : ok;
    }

    private Judgement functional(Problem problem, Program program, String func, List<Map<String, Object>> tests, CodeSandbox sandbox) {
        List<List<Object>> args = new ArrayList<>();
        List<JsonNode> expected = new ArrayList<>();
        for (Map<String, Object> t : tests) {
            List<Object> a = new ArrayList<>();
            for (String line : String.valueOf(t.get("input")).split("\n")) a.add(PyValues.fromJson(parse(problem, line)));
            args.add(a);
            expected.add(parse(problem, String.valueOf(t.get("output"))));
        }
        return sandbox.callEach(program, "Solution", func, args, LIMITS.floorMillis(), (i, value) ->
                PyValues.equal(value, expected.get(i)) ? null : "expected " + expected.get(i) + ", got " + PyValues.show(value));
    }

    private static JsonNode parse(Problem problem, String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("problem " + problem.id() + ": a test is not valid JSON: " + e.getOriginalMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tests(Problem problem) {
        Object t = problem.data().get("tests");
        if (!(t instanceof List<?> l) || l.isEmpty()) throw new IllegalArgumentException("problem " + problem.id() + " has no tests");
        return (List<Map<String, Object>>) l;
    }
}
