package sputnik.reports.web;

import java.nio.charset.StandardCharsets;

/** What a route answers: a status, a content type and the body. */
record Response(int status, String contentType, byte[] body) {
    static Response html(String html) {
        return new Response(200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    static Response png(byte[] png) {
        return new Response(200, "image/png", png);
    }

    static Response notFound(String what) {
        return error(404, "Not found", what);
    }

    static Response error(int status, String title, String message) {
        String html = Page.open(title) + "<p class=warn>" + sputnik.reports.format.Html.esc(message) + "</p>\n</body></html>\n";
        return new Response(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }
}
