package dev.openevolve.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Request bodies: read with a hard bound (refused with 413 from the declared length before reading, or as
 * soon as the stream passes the bound) and mapped strictly (400 naming the unknown or mistyped field, or
 * where the JSON breaks). Thread safe.
 */
final class Bodies {
    /** {@code POST /api/v1/trigger-evolution}. */
    record Trigger(String component, String operation, Map<String, String> context) {
        Trigger {
            context = context == null ? Map.of() : Map.copyOf(context);
        }
    }

    /** {@code POST /api/v1/suggestions/{id}/{decision}}. */
    record DecisionBody(String reason) {
        DecisionBody {
            reason = reason == null ? "" : reason;
        }
    }

    /** {@code PUT /api/v1/flags/{name}}. */
    record Flag(Boolean enabled) {
    }

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final int maxBytes;

    Bodies(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The body, at most {@code maxBytes}; a longer one is refused with 413 without reading it whole. */
    byte[] read(String contentLength, InputStream in) throws IOException {
        if (contentLength != null) {
            long declared;
            try {
                declared = Long.parseLong(contentLength.strip());
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("Content-Length", "header Content-Length must be a number but was '"
                        + contentLength + "'");
            }
            if (declared > maxBytes) {
                throw tooLarge();
            }
        }
        var out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer, 0, Math.min(buffer.length, maxBytes + 1 - out.size()))) > 0) {
            out.write(buffer, 0, n);
            if (out.size() > maxBytes) {
                throw tooLarge();
            }
        }
        return out.toByteArray();
    }

    private ApiError tooLarge() {
        return new ApiError(413, "payload_too_large", "the request body is larger than the limit of " + maxBytes
                + " bytes", null);
    }

    /** {@code body} as a {@code type}; an empty body is an empty object. */
    static <T> T parse(byte[] body, Class<T> type) {
        try {
            return JSON.readValue(body.length == 0 ? "{}".getBytes() : body, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiError.badRequest(e.getPropertyName(), "unknown field '" + e.getPropertyName() + "'; known fields: "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.toList()));
        } catch (MismatchedInputException e) {
            String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                    : String.valueOf(r.getIndex())).collect(Collectors.joining("."));
            if (field.isEmpty()) {
                throw ApiError.badRequest(null, "the body must be a JSON object");
            }
            throw ApiError.badRequest(field, "field '" + field + "' has the wrong type: " + e.getOriginalMessage()
                    .lines().findFirst().orElse(""));
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            throw ApiError.badRequest(null, "malformed JSON" + (where == null ? "" : " at line " + where.getLineNr()
                    + ", column " + where.getColumnNr()) + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw ApiError.badRequest(null, "unreadable body: " + e.getMessage());
        }
    }
}
