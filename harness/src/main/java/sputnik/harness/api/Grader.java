package sputnik.harness.api;

/**
 * Scores one response against one problem; discovered with {@link java.util.ServiceLoader} and named
 * by suites. Must be thread-safe and deterministic: the same input always gets the same grade.
 */
public interface Grader {

    String name();

    /** One line for {@code sputnik graders}. */
    String description();

    Grade grade(Problem problem, Completion completion);
}
