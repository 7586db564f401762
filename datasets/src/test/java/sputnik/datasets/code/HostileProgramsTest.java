package sputnik.datasets.code;

import static org.assertj.core.api.Assertions.assertThat;
import static sputnik.datasets.code.SandboxTesting.fenced;
import static sputnik.datasets.code.SandboxTesting.returnOne;
import static sputnik.datasets.code.SandboxTesting.stdinProblem;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import sputnik.datasets.testing.RequiresSandbox;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Verdict;

/**
 * Programs that attack the grader. Each is written so that it is graded correct only if its attack
 * worked (it returns 1, the right answer, only after a breach, or it must fool the comparison), so
 * "not correct" means "contained". After all of them: nothing of theirs is left running, the host's
 * canary files are untouched, a listening socket on the host got no connection, and an honest
 * solution still passes (the graders survived).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@RequiresSandbox
class HostileProgramsTest {
    /** Unique in every process command line it appears in, so leftovers can be found. */
    static final String MARKER = "987654321";

    @TempDir
    static Path host;

    static Path canary;
    static ServerSocket listener;
    static final AtomicInteger connections = new AtomicInteger();
    static HumanEvalGrader functions;
    static LiveCodeBenchGrader programs;

    @BeforeAll
    static void setUp() throws IOException {
        functions = SandboxTesting.configured(new HumanEvalGrader(), 2);
        programs = SandboxTesting.configured(new LiveCodeBenchGrader(), 2);
        canary = host.resolve("canary.txt");
        Files.writeString(canary, "untouched");
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!listener.isClosed()) {
                try {
                    listener.accept().close();
                    connections.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (functions != null) functions.close();
        if (programs != null) programs.close();
        if (listener != null) listener.close();
    }

    /** Hostile solutions of return1(); the first argument names the attack. */
    static Stream<Arguments> functionAttacks() {
        String canaryPath = canary.toString();
        int port = listener.getLocalPort();
        return Stream.of(
                Arguments.of("fork bomb", """
                        import os
                        def return1():
                            while True:
                                try:
                                    os.fork()
                                except OSError:
                                    pass
                        """),
                Arguments.of("memory bomb", """
                        def return1():
                            x = bytearray(8 * 1024 ** 3)
                            return 1
                        """),
                Arguments.of("memory growth", """
                        def return1():
                            hog = []
                            while True:
                                hog.append(' ' * 10 ** 7)
                        """),
                Arguments.of("infinite loop ignoring signals", """
                        import signal
                        def return1():
                            for s in (signal.SIGTERM, signal.SIGINT, signal.SIGXCPU, signal.SIGALRM, signal.SIGHUP, signal.SIGUSR1):
                                signal.signal(s, signal.SIG_IGN)
                            while True:
                                pass
                        """),
                Arguments.of("sleep past the limit", """
                        import time
                        def return1():
                            time.sleep(3600)
                            return 1
                        """),
                Arguments.of("flood of prints", """
                        def return1():
                            while True:
                                print('x' * 100000)
                        """),
                Arguments.of("network to the internet", """
                        import socket
                        def return1():
                            socket.create_connection(('1.1.1.1', 53), timeout=1).close()
                            return 1
                        """),
                Arguments.of("network to a host port", """
                        import socket
                        def return1():
                            socket.create_connection(('127.0.0.1', %d), timeout=1).close()
                            return 1
                        """.formatted(port)),
                Arguments.of("read host files", """
                        def return1():
                            for path in ('/etc/passwd', '/etc/shadow', '/root/.bashrc', '%s'):
                                try:
                                    open(path).read()
                                    return 1
                                except OSError:
                                    pass
                            return 0
                        """.formatted(canaryPath)),
                Arguments.of("read the parent's environment", """
                        import os
                        def return1():
                            seen = ''.join('%%s=%%s' %% kv for kv in os.environ.items())
                            for pid in os.listdir('/proc'):
                                if pid.isdigit():
                                    try:
                                        seen += open('/proc/%%s/environ' %% pid).read()
                                    except OSError:
                                        pass
                            return 1 if ('JAVA_HOME' in seen or 'MAVEN' in seen or 'HOME=/root' in seen) else 0
                        """),
                Arguments.of("see host processes in /proc", """
                        import os
                        def return1():
                            pids = [p for p in os.listdir('/proc') if p.isdigit()]
                            return 1 if len(pids) > 5 else 0
                        """),
                Arguments.of("write outside the temp dir", """
                        import os
                        def return1():
                            for d in ('/', '/usr', '/sandbox', '/task', '/dev', '/proc/1', '%s'):
                                try:
                                    with open(os.path.join(d, 'pwned'), 'w') as f:
                                        f.write('x')
                                    return 1
                                except OSError:
                                    pass
                            return 0
                        """.formatted(host)),
                Arguments.of("delete a host file", """
                        import os, shutil
                        def return1():
                            try:
                                os.remove('%s')
                            except OSError:
                                pass
                            shutil.rmtree('%s', ignore_errors=True)
                            return 0
                        """.formatted(canaryPath, host)),
                Arguments.of("kill the parent and everything", """
                        import os, signal
                        def return1():
                            for target in (os.getppid(), 1):
                                try:
                                    os.kill(target, signal.SIGKILL)
                                except OSError:
                                    pass
                            try:
                                os.kill(-1, signal.SIGKILL)
                            except OSError:
                                pass
                            return 0
                        """),
                Arguments.of("kill the process group", """
                        import os, signal
                        def return1():
                            os.killpg(0, signal.SIGKILL)
                            return 1
                        """),
                Arguments.of("os._exit(0) before the tests", """
                        import os
                        os._exit(0)
                        def return1():
                            return 0
                        """),
                Arguments.of("os._exit(0) inside the call", """
                        import os
                        def return1():
                            os._exit(0)
                        """),
                Arguments.of("sys.exit(0) at import", """
                        import sys
                        sys.exit(0)
                        """),
                Arguments.of("atexit exits cleanly", """
                        import atexit, os
                        atexit.register(lambda: os._exit(0))
                        def return1():
                            raise RuntimeError('boom')
                        """),
                Arguments.of("sys.excepthook hides the failure", """
                        import sys
                        sys.excepthook = lambda *a: None
                        def return1():
                            raise AssertionError('hidden')
                        """),
                Arguments.of("always-equal object", """
                        class AlwaysEqual:
                            def __eq__(self, other):
                                return True
                            def __ne__(self, other):
                                return False
                            __hash__ = object.__hash__
                        def return1():
                            return AlwaysEqual()
                        """),
                Arguments.of("always-equal int subclass", """
                        class Liar(int):
                            def __eq__(self, other):
                                return True
                            __hash__ = int.__hash__
                        def return1():
                            return Liar(7)
                        """),
                Arguments.of("object lying about its class", """
                        class Fake:
                            __class__ = property(lambda self: int)
                            def __eq__(self, other):
                                return True
                        def return1():
                            return Fake()
                        """),
                // A forged reply carrying a value is only the candidate's answer in another form (it could
                // return that value); what must not work is a forged verdict or an out-of-turn message.
                Arguments.of("forged verdict messages", """
                        import os
                        def return1():
                            for fd in range(0, 20):
                                try:
                                    os.write(fd, b'{"done": "passed"}\\n{"id": 2, "value": ["I", "0x1"]}\\n')
                                except OSError:
                                    pass
                            return 2
                        """),
                Arguments.of("daemon left behind", """
                        import os, time
                        def return1():
                            if os.fork() == 0:
                                os.setsid()
                                if os.fork() == 0:
                                    os.execv('/usr/bin/sleep', ['sleep', '%s'])
                                os._exit(0)
                            time.sleep(0.2)
                            return 2
                        """.formatted(MARKER)),
                Arguments.of("fill the disk", """
                        def return1():
                            try:
                                with open('/tmp/big', 'wb') as f:
                                    while True:
                                        f.write(b'x' * 10 ** 6)
                            except OSError:
                                pass
                            return 0
                        """),
                Arguments.of("escape with a shell", """
                        import subprocess
                        def return1():
                            out = subprocess.run(['/bin/sh', '-c', 'cat /etc/passwd; ls /root; echo pwned > %s'],
                                                 capture_output=True, text=True)
                            return 1 if 'root:' in out.stdout else 0
                        """.formatted(canaryPath)),
                Arguments.of("gain privileges", """
                        import os
                        def return1():
                            for attempt in (lambda: os.setuid(0), lambda: os.chroot('/'), lambda: os.setgroups([0])):
                                try:
                                    attempt()
                                    return 1
                                except (OSError, PermissionError):
                                    pass
                            return 0
                        """),
                Arguments.of("new user namespace", """
                        import ctypes
                        def return1():
                            libc = ctypes.CDLL(None, use_errno=True)
                            return 1 if libc.unshare(0x10000000) == 0 else 0
                        """),
                Arguments.of("unbounded recursion", """
                        import sys
                        sys.setrecursionlimit(10 ** 8)
                        def return1():
                            def down(n):
                                return down(n + 1) + 1
                            return down(0)
                        """));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("functionAttacks")
    void functionAttackIsContained(String attack, String code) {
        Grade g = functions.grade(returnOne(), fenced(code));
        assertThat(g.verdict()).as(attack + ": " + g.detail()).isNotIn(Verdict.CORRECT, Verdict.SANDBOX_ERROR);
    }

    @Test
    void expectedOutputIsNowhereTheProgramCanLook() {
        // The expected output is a token made now, so the program cannot know it; it searches every
        // file it can see for it (its own source does not match the pattern) and prints what it found.
        String token = "TOKEN-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "-END";
        String code = """
                import os, re
                pattern = re.compile('TOKEN-[0-9a-f]{8}-END')
                found = 'nothing'
                for root, dirs, files in os.walk('/'):
                    if root == '/':
                        dirs[:] = [d for d in dirs if d not in ('proc', 'sys', 'usr', 'dev')]
                    for f in files:
                        try:
                            m = pattern.search(open(os.path.join(root, f), errors='ignore').read())
                            if m:
                                found = m.group(0)
                        except OSError:
                            pass
                print(found)
                """;
        Grade g = programs.grade(stdinProblem("Print the token.", "", token), fenced(code));
        assertThat(g.verdict()).as(g.detail().toString()).isEqualTo(Verdict.INCORRECT);
        assertThat(g.detail().get("reason").toString()).contains("got 'nothing'");
    }

    @Test
    void outputFloodOnStdoutIsStoppedAtTheCap() {
        Grade g = programs.grade(stdinProblem("Print 1.", "", "1"), fenced("import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n"));
        assertThat(g.verdict()).isEqualTo(Verdict.RUNTIME_ERROR);
        assertThat(g.detail().get("reason").toString()).contains("output limit");
    }

    @Test
    void exitingEarlyWithTheRightOutputStillPassesForStdinPrograms() {
        // A contest program may exit as soon as it printed its answer: that is not an attack.
        Grade g = programs.grade(stdinProblem("Print 1.", "", "1"), fenced("import sys\nprint(1)\nsys.exit(0)\n"));
        assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
    }

    @Order(2)
    @Test
    void afterTheAttacksTheHostIsUnchangedAndNothingIsLeftRunning() throws Exception {
        assertThat(Files.readString(canary)).isEqualTo("untouched");
        try (Stream<Path> files = Files.list(host)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("canary.txt");
        }
        // The graders keep their (trusted) testers alive between gradings: closed, nothing may remain.
        functions.close();
        programs.close();
        // Give the kernel a moment to reap killed trees, then look for any process of theirs.
        List<String> leftovers = List.of();
        for (int i = 0; i < 50; i++) {
            leftovers = leftovers();
            if (leftovers.isEmpty()) break;
            Thread.sleep(100);
        }
        assertThat(leftovers).as("processes left running").isEmpty();
        // Nothing broke for good: an honest solution still passes.
        functions = SandboxTesting.configured(new HumanEvalGrader(), 2);
        programs = SandboxTesting.configured(new LiveCodeBenchGrader(), 2);
        assertThat(functions.grade(returnOne(), fenced("def return1():\n    return 1\n")).verdict()).isEqualTo(Verdict.CORRECT);
    }

    /**
     * Processes still running from this JVM's sandboxes: the daemon's marker, or a process whose command
     * line names this JVM's driver directory (every sandbox of this JVM mounts it; sandboxes of other
     * builds running on the same machine mount their own).
     */
    static List<String> leftovers() {
        String driverDir = sputnik.datasets.sandbox.SandboxTestAccess.driverDir().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().commandLine().map(c -> c.contains(MARKER) || c.contains(driverDir)).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .toList();
    }

    @Test
    void aHostPortReachableFromTheHostGetsNoConnectionFromTheSandbox() throws Exception {
        String code = "import socket\ndef return1():\n    socket.create_connection(('127.0.0.1', %d), timeout=1).close()\n    return 1\n"
                .formatted(listener.getLocalPort());
        int before = connections.get();
        assertThat(functions.grade(returnOne(), fenced(code)).verdict()).isNotEqualTo(Verdict.CORRECT);
        Thread.sleep(200);
        assertThat(connections.get()).as("connections from the sandbox").isEqualTo(before);
        // ...and the port is really open: from the host, the same connection is accepted.
        new java.net.Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort()).close();
        for (int i = 0; i < 50 && connections.get() == before; i++) Thread.sleep(20);
        assertThat(connections.get()).isEqualTo(before + 1);
    }
}
