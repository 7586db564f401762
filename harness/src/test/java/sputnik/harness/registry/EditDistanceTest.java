package sputnik.harness.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EditDistanceTest {

    @Test
    void equalStringsAreZeroApart() {
        assertThat(EditDistance.between("replay", "replay")).isZero();
        assertThat(EditDistance.between("", "")).isZero();
    }

    @Test
    void distanceFromEmptyIsTheLength() {
        assertThat(EditDistance.between("", "arith")).isEqualTo(5);
        assertThat(EditDistance.between("arith", "")).isEqualTo(5);
    }

    @Test
    void insertionDeletionAndSubstitutionCostOneEach() {
        assertThat(EditDistance.between("aime204", "aime2024")).isEqualTo(1);
        assertThat(EditDistance.between("aime2024", "aime204")).isEqualTo(1);
        assertThat(EditDistance.between("aime2024", "aime2025")).isEqualTo(1);
        assertThat(EditDistance.between("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void adjacentTranspositionCostsOne() {
        assertThat(EditDistance.between("repaly", "replay")).isEqualTo(1);
        assertThat(EditDistance.between("ab", "ba")).isEqualTo(1);
    }

    @Test
    void isSymmetric() {
        String[] words = {"replay", "repaly", "openai", "llama", "aime2024", "gsm8k", ""};
        for (String a : words) {
            for (String b : words) {
                assertThat(EditDistance.between(a, b)).as("%s vs %s", a, b).isEqualTo(EditDistance.between(b, a));
            }
        }
    }
}
