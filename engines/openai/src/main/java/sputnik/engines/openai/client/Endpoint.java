package sputnik.engines.openai.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import sputnik.harness.api.UsageException;

/**
 * An OpenAI-compatible endpoint's base URL, as given to {@code --base-url}: scheme, host, port and the
 * path the API lives under ({@code /v1} is added when the URL has no path, as openai-python expects
 * it there). {@link #display()} is the form that may be written down: query values hidden (some
 * gateways take a key as a query parameter); credentials in the URL itself are refused.
 */
public record Endpoint(URI base) {

    static Endpoint parse(String url) throws UsageException {
        if (url == null || url.isBlank()) throw new UsageException("--base-url is required (e.g. http://localhost:8000/v1)");
        URI u;
        try {
            u = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new UsageException("--base-url '" + url + "' is not a URL (" + e.getReason() + "); e.g. http://localhost:8000/v1");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
            throw new UsageException("--base-url '" + url + "' must be an http:// or https:// URL with a host, e.g. http://localhost:8000/v1");
        }
        if (u.getRawUserInfo() != null) {
            throw new UsageException("--base-url must not carry credentials (user:password@); put the API key in an environment"
                    + " variable and name it with --api-key-env");
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        if (path.isEmpty()) path = "/v1";
        return new Endpoint(URI.create(scheme + "://" + u.getRawAuthority() + path + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery())));
    }

    boolean plainHttp() {
        return base.getScheme().equals("http");
    }

    /** The URL of an API route such as {@code /chat/completions}, keeping the base's query string. */
    URI resolve(String route) {
        String q = base.getRawQuery();
        String s = base.getScheme() + "://" + base.getRawAuthority() + base.getRawPath() + route + (q == null ? "" : "?" + q);
        return URI.create(s);
    }

    /** The base URL with query values hidden: safe for run.json, logs and errors. */
    public String display() {
        return display("");
    }

    /** An API route's URL with query values hidden. */
    public String display(String route) {
        String q = base.getRawQuery();
        String query = "";
        if (q != null) {
            StringBuilder b = new StringBuilder("?");
            for (String kv : q.split("&")) {
                if (b.length() > 1) b.append('&');
                int eq = kv.indexOf('=');
                b.append(eq < 0 ? kv : kv.substring(0, eq) + "=…");
            }
            query = b.toString();
        }
        return base.getScheme() + "://" + base.getRawAuthority() + base.getRawPath() + route + query;
    }

    @Override
    public String toString() {
        return display();
    }
}
