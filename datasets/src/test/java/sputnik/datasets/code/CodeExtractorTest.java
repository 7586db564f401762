package sputnik.datasets.code;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import sputnik.harness.api.Completion;
import sputnik.harness.api.FinishReason;

class CodeExtractorTest {
    static ExtractedCode extract(String text) {
        return CodeExtractor.extract(new Completion(text, null, FinishReason.STOP, 0, 0, null));
    }

    @Test
    void theLastPythonBlockWins() {
        ExtractedCode c = extract("First try:\n```python\nx = 1\n```\nBetter:\n```python\nx = 2\n```\nDone.");
        assertThat(c.code()).isEqualTo("x = 2\n");
        assertThat(c.rule()).isEqualTo("fenced");
    }

    @Test
    void aPythonBlockBeatsALaterBlockInAnotherLanguage() {
        ExtractedCode c = extract("```python\nprint(1)\n```\nRun it with:\n```bash\npython a.py\n```\n");
        assertThat(c.code()).isEqualTo("print(1)\n");
    }

    @Test
    void pyAndPython3TagsCount() {
        assertThat(extract("```py\na = 1\n```").code()).isEqualTo("a = 1\n");
        assertThat(extract("```Python3\na = 1\n```").code()).isEqualTo("a = 1\n");
    }

    @Test
    void anUntaggedBlockIsUsedWhenNoneIsTaggedPython() {
        ExtractedCode c = extract("```\ndef f():\n    return 1\n```");
        assertThat(c.rule()).isEqualTo("fenced_untagged");
        assertThat(c.code()).startsWith("def f()");
    }

    @Test
    void noFenceMeansTheWholeResponse() {
        ExtractedCode c = extract("    return 1\n");
        assertThat(c.rule()).isEqualTo("whole_response");
        assertThat(c.code()).isEqualTo("    return 1\n");
    }

    @Test
    void codeInsideTheThinkingIsNotTheAnswer() {
        ExtractedCode c = extract("<think>\n```python\nwrong = True\n```\n</think>\nFinal:\n```python\nright = True\n```");
        assertThat(c.code()).isEqualTo("right = True\n");
    }

    @Test
    void anUnclosedThinkHasNoCode() {
        ExtractedCode c = extract("<think>\nlet me write\n```python\nx = 1\n```\nhmm");
        assertThat(c.found()).isFalse();
        assertThat(c.truncated()).isTrue();
        assertThat(c.rule()).isEqualTo("none");
    }

    @Test
    void aBlockCutByTheLengthLimitIsStillTriedAndFlagged() {
        ExtractedCode c = CodeExtractor.extract(new Completion("```python\ndef f():\n    return", null, FinishReason.LENGTH, 0, 0, null));
        assertThat(c.rule()).isEqualTo("unclosed_fence");
        assertThat(c.truncated()).isTrue();
        assertThat(c.code()).isEqualTo("def f():\n    return");
    }

    @Test
    void longerFencesAndTildesWork() {
        assertThat(extract("````python\ns = '```'\n````").code()).isEqualTo("s = '```'\n");
        assertThat(extract("~~~python\nx = 3\n~~~").code()).isEqualTo("x = 3\n");
    }

    @Test
    void identicalProgramsVoteTogether() {
        assertThat(CodeGrader.voteKey("x = 1  \ny = 2\n")).isEqualTo(CodeGrader.voteKey("x = 1\ny = 2"));
        assertThat(CodeGrader.voteKey("x = 1")).isNotEqualTo(CodeGrader.voteKey("x = 2"));
    }

    /** The code graders read the same thinking formats as the math graders (FinalAnswerText). */
    @Test
    void otherThinkingFormatsHideTheirDraftsAndAnUnclosedOneLeavesNoCode() {
        ExtractedCode solution = extract("<|begin_of_thought|>\n```python\ndraft = 1\n```\n<|end_of_thought|>\n\n"
                + "<|begin_of_solution|>\n```python\nfinal = 2\n```\n<|end_of_solution|>\nExtra:\n```python\nafter = 3\n```\n");
        assertThat(solution.code()).isEqualTo("final = 2\n");
        ExtractedCode kimi = extract("\u25c1think\u25b7```python\ndraft = 1\n```\u25c1/think\u25b7```python\nfinal = 2\n```");
        assertThat(kimi.code()).isEqualTo("final = 2\n");
        ExtractedCode open = extract("<|begin_of_thought|>\nMaybe:\n```python\ndraft = 1\n```\n");
        assertThat(open.found()).isFalse();
        assertThat(open.truncated()).isTrue();
    }
}
