package sputnik.datasets.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks tests (a class: all of its tests) that run model-written code in the real sandbox. Where no
 * sandbox can run (bubblewrap is not installed, or cannot create namespaces), each of them is reported
 * skipped, with the reason, rather than left out; see {@link SandboxCondition}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SandboxCondition.class)
public @interface RequiresSandbox {}
