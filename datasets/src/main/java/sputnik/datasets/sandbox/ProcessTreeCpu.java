package sputnik.datasets.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * CPU time (user + system) of a process and all its descendants, read from Linux's /proc by the JVM,
 * outside the sandbox, so the program cannot change what is counted. For every process of the tree:
 * its own time and the time of the children it has reaped (utime, stime, cutime, cstime of
 * /proc/PID/stat); the tree is followed through /proc/PID/task/TID/children. A sandbox's processes are
 * reaped inside it (by their parent, or by the sandbox's init, which adopts orphans), so what a fork
 * bomb's dead processes used still counts.
 *
 * <p>The tree is read parent before children: a child reaped between the two reads is then missed
 * once (read too low, never too high), so a reading never makes a program look slower than it is.
 */
final class ProcessTreeCpu {
    private ProcessTreeCpu() {}

    /** /proc/PID/stat counts in clock ticks of USER_HZ, which is 100 on every architecture the JDK runs Linux on. */
    static final long MILLIS_PER_TICK = 10;

    private static final boolean AVAILABLE = probe();

    /** Whether CPU time can be read here (Linux with /proc and its children lists). */
    static boolean available() {
        return AVAILABLE;
    }

    private static boolean probe() {
        long self = ProcessHandle.current().pid();
        return Files.isReadable(Path.of("/proc", "" + self, "task", "" + self, "children")) && startTime(self) >= 0;
    }

    /**
     * CPU milliseconds used so far by the tree rooted at {@code rootPid}, or -1 when the root is gone
     * or is no longer the process that started at {@code rootStartTime} (its pid was reused).
     */
    static long millis(long rootPid, long rootStartTime) {
        long[] root = stat(rootPid);
        if (root == null || root[1] != rootStartTime) return -1;
        long ticks = root[0];
        Set<Long> seen = new HashSet<>();
        seen.add(rootPid);
        Deque<Long> todo = new ArrayDeque<>(children(rootPid));
        while (!todo.isEmpty()) {
            long pid = todo.pop();
            if (!seen.add(pid)) continue; // listed twice: a thread that forked it ended while the tree was read
            long[] s = stat(pid);
            if (s == null) continue; // reaped since it was listed: its time is in its parent's now
            ticks += s[0];
            todo.addAll(children(pid));
        }
        return ticks * MILLIS_PER_TICK;
    }

    /** The start time (in ticks since boot) that tells this process from a later one with its pid; -1 if it is gone. */
    static long startTime(long pid) {
        long[] s = stat(pid);
        return s == null ? -1 : s[1];
    }

    /** {utime + stime + cutime + cstime, starttime} of one process, or null when it is gone. */
    private static long[] stat(long pid) {
        String line;
        try {
            line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        // The command name (field 2) is in parentheses and may hold spaces or parentheses itself.
        int close = line.lastIndexOf(')');
        if (close < 0) return null;
        String[] f = line.substring(close + 2).split(" ");
        // f[0] is field 3 (state): field n is f[n - 3]. utime 14, stime 15, cutime 16, cstime 17, starttime 22.
        if (f.length < 20) return null;
        try {
            long cpu = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return new long[] {cpu, Long.parseLong(f[19])};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The children of every thread of {@code pid} (a child is listed under the thread that forked it). */
    private static Set<Long> children(long pid) {
        Set<Long> out = new HashSet<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String list;
                try {
                    list = Files.readString(task.resolve("children"));
                } catch (IOException e) {
                    continue; // the thread ended
                }
                for (String c : list.trim().split("\\s+")) {
                    if (!c.isEmpty()) out.add(Long.parseLong(c));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended
        }
        return out;
    }
}
