package sputnik.engines.builtin.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import sputnik.harness.util.Json;

/**
 * A request the server refuses, answered with an HTTP status and OpenAI's error body: {@code {"error": {"message",
 * "type", "param", "code"}}}, which OpenAI's SDKs turn into their typed exceptions.
 */
final class ApiError extends Exception {
    final int status;
    final String type, param, code;

    ApiError(int status, String type, String message, String param, String code) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    /** 400: a field is missing, of the wrong type or out of range. */
    static ApiError invalid(String param, String message) {
        return new ApiError(400, "invalid_request_error", message, param, null);
    }

    static ApiError invalid(String param, String message, String code) {
        return new ApiError(400, "invalid_request_error", message, param, code);
    }

    ObjectNode body() {
        return body(type, getMessage(), param, code);
    }

    static ObjectNode body(String type, String message, String param, String code) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode e = root.putObject("error");
        e.put("message", message);
        e.put("type", type);
        e.put("param", param);
        e.put("code", code);
        return root;
    }
}
