package sputnik.datasets.grading;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordNumbersTest {
    @Test
    void wholeNumbersUpToNinetyNineAtTheStartOfAStatement() {
        assertThat(WordNumbers.leading("three")).contains(3);
        assertThat(WordNumbers.leading("Twelve.")).contains(12);
        assertThat(WordNumbers.leading("**zero**")).contains(0);
        assertThat(WordNumbers.leading("three boxes contain neither pens nor pencils")).contains(3);
        assertThat(WordNumbers.leading("twenty-one")).contains(21);
        assertThat(WordNumbers.leading("ninety nine ways")).contains(99);
        assertThat(WordNumbers.leading("forty")).contains(40);
    }

    @Test
    void notWholeNumbersOrNotNumbersAtAll() {
        assertThat(WordNumbers.leading("one half")).isEmpty();
        assertThat(WordNumbers.leading("two thirds")).isEmpty();
        assertThat(WordNumbers.leading("two hundred four")).isEmpty();
        assertThat(WordNumbers.leading("one of the roots")).isEmpty();
        assertThat(WordNumbers.leading("three 3s")).isEmpty();
        assertThat(WordNumbers.leading("threefold")).isEmpty();
        assertThat(WordNumbers.leading("the answer")).isEmpty();
        assertThat(WordNumbers.leading("204")).isEmpty();
        assertThat(WordNumbers.leading(null)).isEmpty();
    }
}
