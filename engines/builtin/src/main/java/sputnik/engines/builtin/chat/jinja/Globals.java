package sputnik.engines.builtin.chat.jinja;

import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The global functions transformers gives chat templates: {@code raise_exception(msg)} (how templates reject
 * conversations they cannot format), {@code range}, {@code namespace} and {@code strftime_now}. Variables passed to
 * render shadow them, as in Jinja2.
 */
final class Globals {
    private Globals() { }

    static Map<String, Object> create(String templateName) {
        Map<String, Object> g = new HashMap<>();
        g.put("raise_exception", (JinjaFunction) (args, kwargs) -> {
            throw JinjaException.raised(templateName, args.isEmpty() ? "" : Values.str(args.getFirst()));
        });
        g.put("range", (JinjaFunction) (args, kwargs) -> range(args));
        g.put("namespace", (JinjaFunction) (args, kwargs) -> {
            Namespace ns = new Namespace();
            for (Object a : args) {
                if (!(a instanceof Map<?, ?> m)) throw new EvalException("namespace() takes a dict, not " + Values.typeName(a));
                m.forEach((k, v) -> ns.attributes.put(Values.str(k), v));
            }
            ns.attributes.putAll(kwargs);
            return ns;
        });
        g.put("strftime_now", (JinjaFunction) (args, kwargs) -> {
            if (args.size() != 1 || !(args.getFirst() instanceof String fmt)) throw new EvalException("strftime_now() takes a format string");
            return strftime(LocalDateTime.now(), fmt);
        });
        return g;
    }

    private static List<Object> range(List<Object> args) {
        for (Object a : args) if (!(a instanceof Long)) throw new EvalException("range() takes int arguments, not " + Values.typeName(a));
        long start = 0;
        long stop;
        long step = 1;
        switch (args.size()) {
            case 1 -> stop = (Long) args.get(0);
            case 2 -> {
                start = (Long) args.get(0);
                stop = (Long) args.get(1);
            }
            case 3 -> {
                start = (Long) args.get(0);
                stop = (Long) args.get(1);
                step = (Long) args.get(2);
            }
            default -> throw new EvalException("range() takes 1 to 3 arguments, got " + args.size());
        }
        if (step == 0) throw new EvalException("range() arg 3 must not be zero");
        List<Object> out = new ArrayList<>();
        for (long k = start; step > 0 ? k < stop : k > stop; k += step) {
            out.add(k);
            if (out.size() > 1_000_000) throw new EvalException("range() too large");
        }
        return out;
    }

    /** Python's {@code strftime} for the directives templates use (%d %m %Y %y %b %B %a %A %H %I %M %S %p %j %%). */
    static String strftime(LocalDateTime t, String fmt) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < fmt.length(); k++) {
            char c = fmt.charAt(k);
            if (c != '%' || k + 1 == fmt.length()) {
                sb.append(c);
                continue;
            }
            char d = fmt.charAt(++k);
            switch (d) {
                case 'd' -> sb.append(String.format("%02d", t.getDayOfMonth()));
                case 'm' -> sb.append(String.format("%02d", t.getMonthValue()));
                case 'Y' -> sb.append(t.getYear());
                case 'y' -> sb.append(String.format("%02d", t.getYear() % 100));
                case 'b' -> sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.US));
                case 'B' -> sb.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.US));
                case 'a' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US));
                case 'A' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US));
                case 'H' -> sb.append(String.format("%02d", t.getHour()));
                case 'I' -> sb.append(String.format("%02d", (t.getHour() + 11) % 12 + 1));
                case 'M' -> sb.append(String.format("%02d", t.getMinute()));
                case 'S' -> sb.append(String.format("%02d", t.getSecond()));
                case 'p' -> sb.append(t.getHour() < 12 ? "AM" : "PM");
                case 'j' -> sb.append(String.format("%03d", t.getDayOfYear()));
                case '%' -> sb.append('%');
                default -> throw new EvalException("strftime_now() does not support '%" + d + "'");
            }
        }
        return sb.toString();
    }
}
