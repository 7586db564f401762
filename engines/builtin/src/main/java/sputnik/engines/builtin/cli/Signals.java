package sputnik.engines.builtin.cli;

/**
 * SIGTERM and SIGINT as a request to stop, for a long-running command: the JVM's default would run the shutdown hooks
 * and exit 143 / 130 at once, with no time for requests in flight. {@code sun.misc.Signal} (module jdk.unsupported)
 * is the JDK's supported way to take over a signal.
 */
final class Signals {
    private Signals() {}

    @SuppressWarnings("restricted")
    static void onStop(Runnable action) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> action.run());
            } catch (IllegalArgumentException e) {
                // this platform or JVM (-Xrs) does not let the signal be handled: the default stands
            }
        }
    }
}
