package sputnik.datasets.code;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sputnik.datasets.sandbox.CodeSandbox;
import sputnik.datasets.sandbox.Program;
import sputnik.harness.util.Resources;

/**
 * The tester job that runs EvalPlus's differential test of one problem on one set of its inputs (base
 * or plus): the prelude is the problem as data (SPEC_JSON) followed by {@code sputnik/evalplus/check.py}
 * (with {@code mbpp_inputs.py} for MBPP+), which computes the reference solution's outputs in the tester
 * sandbox and compares the candidate's with them; the one assert calls {@code evalplus_check} with two
 * functions the tester resolves in the candidate's sandbox ({@link #program}), which call the entry point.
 */
final class PlusCheck {
    /** Non-finite floats (MBPP+ task 404 has infinities) are written as Python's json reads them, not as strings. */
    private static final JsonMapper JSON = JsonMapper.builder().disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();
    private static final String CHECK = resource("check.py");
    private static final String MBPP_INPUTS = resource("mbpp_inputs.py");
    private static final String CANDIDATE_CALLS = resource("candidate_calls.py");

    private PlusCheck() {}

    /**
     * The job for {@code inputs} (each an argument list, as in the data) of a problem whose reference
     * solution is {@code reference}; {@code dataset} is "humaneval" or "mbpp" (their special cases
     * differ), {@code task} the MBPP+ task number (its inputs' types depend on it), {@code label} names
     * the inputs in a failure ("base input 3 of 7: ...").
     */
    static CodeSandbox.TestJob job(String dataset, int task, String entryPoint, String reference, List<?> inputs, Object atol, String label) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("dataset", dataset);
        spec.put("task", task);
        spec.put("entry_point", entryPoint);
        spec.put("reference", reference);
        spec.put("inputs", inputs);
        spec.put("atol", atol);
        spec.put("label", label);
        String prelude = "SPEC_JSON = " + pythonString(json(spec)) + "\n" + ("mbpp".equals(dataset) ? MBPP_INPUTS + "\n" : "") + CHECK;
        return CodeSandbox.TestJob.asserts(prelude, List.of("evalplus_check(evalplus_call, evalplus_part)"));
    }

    /**
     * {@code solution} (the candidate's, or the reference for its time) as the program such a job calls:
     * {@code candidate_calls.py} runs after it, in its namespace, to call the entry point and send long
     * outputs back in parts.
     */
    static Program program(String solution, String entryPoint) {
        return new Program(solution, null, "EVALPLUS_ENTRY = " + pythonString(entryPoint) + "\n" + CANDIDATE_CALLS);
    }

    /** A JSON string literal is a Python string literal too (the same escapes), holding exactly {@code text}. */
    static String pythonString(String text) {
        return json(text);
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an EvalPlus problem as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String resource(String name) {
        return Resources.text(PlusCheck.class, "/sputnik/evalplus/" + name);
    }
}
