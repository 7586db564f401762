package sputnik.datasets.sandbox;

import java.util.List;

/**
 * How Python is started, in and out of the sandbox. The environment is set explicitly (nothing is
 * inherited): a fixed hash seed, because some datasets' asserts depend on set and dict order and a
 * grader must be deterministic; UTF-8 I/O whatever the locale; no bytecode files; /tmp as home.
 * {@code -S}: no site module, so only the standard library is importable (no site-packages, the
 * user's or the system's), and start-up is a third faster, which counts when every execution starts
 * a fresh interpreter; candidate.py puts back the exit() and quit() that site would add. {@code -I}
 * cannot be used since it would also ignore the PYTHONHASHSEED set here.
 */
final class Interpreter {
    private Interpreter() {}

    static final String[][] ENVIRONMENT = {
        {"PYTHONHASHSEED", "0"},
        {"PYTHONUTF8", "1"},
        {"PYTHONDONTWRITEBYTECODE", "1"},
        {"PYTHONIOENCODING", "utf-8"},
        {"HOME", "/tmp"},
        {"TMPDIR", "/tmp"},
        {"PATH", "/usr/local/bin:/usr/bin:/bin"},
        {"LANG", "C.UTF-8"},
    };

    static final List<String> FLAGS = List.of("-S");
}
