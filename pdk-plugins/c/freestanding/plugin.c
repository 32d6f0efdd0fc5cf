/*
 * A C plugin built freestanding for wasm32 (no libc, no WASI: clang -nostdlib, wasm-ld
 * --no-entry) against plinth-extism.h. Its exports use every part of the Extism ABI: input by
 * index and by block, output, config, vars, every log level, the log level, errors, and HTTP.
 */
#include <plinth-extism.h>

#define BUFFER_SIZE 65536

static uint8_t buffer[BUFFER_SIZE];

/* Appends the decimal digits of value to out at *at. */
static void append_decimal(char *out, uint64_t *at, uint64_t value) {
    char digits[20];
    int n = 0;
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (n > 0) {
        out[(*at)++] = digits[--n];
    }
}

static void append(char *out, uint64_t *at, const char *s) {
    while (*s != 0) {
        out[(*at)++] = *s++;
    }
}

/* "Hello, <input>!" */
PLINTH_EXTISM_EXPORT(greet) int32_t greet(void) {
    static const char prefix[] = "Hello, ";
    uint64_t n = extism_input_length();
    if (n > BUFFER_SIZE - sizeof prefix) {
        return extism_fail(2, "input too long");
    }
    __builtin_memcpy(buffer, prefix, sizeof prefix - 1);
    extism_input_read(buffer + sizeof prefix - 1, n);
    buffer[sizeof prefix - 1 + n] = '!';
    extism_output(buffer, sizeof prefix + n);
    return 0;
}

/* The input back, read by index with input_load_u64 / input_load_u8 into linear memory. */
PLINTH_EXTISM_EXPORT(echo) int32_t echo(void) {
    uint64_t n = extism_input_length();
    if (n > BUFFER_SIZE) {
        return extism_fail(2, "input too long");
    }
    extism_input_read(buffer, n);
    extism_output(buffer, n);
    return 0;
}

/* The input back without copying: its block (input_offset) becomes the output. */
PLINTH_EXTISM_EXPORT(echo_block) int32_t echo_block(void) {
    extism_handle input = extism_input_offset();
    extism_output_set(input, extism_input_length());
    return 0;
}

/* The config value named by the input, or "<unset>". */
PLINTH_EXTISM_EXPORT(config) int32_t config(void) {
    uint64_t n = extism_input_length();
    if (n > BUFFER_SIZE) {
        return extism_fail(2, "key too long");
    }
    extism_input_read(buffer, n);
    extism_handle value = extism_config_get(extism_block_of(buffer, n));
    if (value == 0) {
        extism_output_string("<unset>");
        return 0;
    }
    extism_output_set(value, extism_length(value));
    return 0;
}

/* A counter in the var "count", 8 bytes little-endian; the output is the new count in decimal.
 * The host takes (frees) the key block each var function is given, as Extism's runtime does, so
 * every call passes a new one. */
PLINTH_EXTISM_EXPORT(count) int32_t count(void) {
    extism_handle old = extism_var_get(extism_block_of_string("count"));
    uint64_t value = 0;
    if (old != 0) {
        if (extism_length(old) != 8) {
            return extism_fail(3, "var count is not 8 bytes long");
        }
        value = extism_load_u64(old);
    }
    value++;
    extism_handle fresh = extism_alloc(8);
    extism_store_u64(fresh, value);
    extism_var_set(extism_block_of_string("count"), fresh);
    char text[24];
    uint64_t at = 0;
    append_decimal(text, &at, value);
    extism_output(text, at);
    return 0;
}

/* Removes the var "count"; the output says whether var_get still finds it. */
PLINTH_EXTISM_EXPORT(reset) int32_t reset(void) {
    extism_var_set(extism_block_of_string("count"), 0);
    extism_output_string(extism_var_get(extism_block_of_string("count")) == 0 ? "<removed>" : "<still there>");
    return 0;
}

/* Logs the input at every level; the output is the host's log level in decimal. */
PLINTH_EXTISM_EXPORT(log) int32_t log(void) {
    static const char *const levels[] = {"trace: ", "debug: ", "info: ", "warn: ", "error: "};
    uint64_t n = extism_input_length();
    if (n > BUFFER_SIZE - 16) {
        return extism_fail(2, "input too long");
    }
    for (int level = 0; level < 5; level++) {
        uint64_t at = 0;
        append((char *)buffer, &at, levels[level]);
        extism_input_read(buffer + at, n);
        extism_handle text = extism_block_of(buffer, at + n);
        switch (level) {
        case 0: extism_log_trace(text); break;
        case 1: extism_log_debug(text); break;
        case 2: extism_log_info(text); break;
        case 3: extism_log_warn(text); break;
        default: extism_log_error(text); break;
        }
    }
    char text[24];
    uint64_t at = 0;
    int32_t level = extism_get_log_level();
    append_decimal(text, &at, (uint64_t)(level < 0 ? 0 : level));
    extism_output(text, at);
    return 0;
}

/* Fails with "c-pdk failed on purpose: <input>" and code 9. */
PLINTH_EXTISM_EXPORT(fail) int32_t fail(void) {
    uint64_t at = 0;
    append((char *)buffer, &at, "c failed on purpose: ");
    uint64_t n = extism_input_length();
    if (n > BUFFER_SIZE - at) {
        n = BUFFER_SIZE - at;
    }
    extism_input_read(buffer + at, n);
    extism_error_set(extism_block_of(buffer, at + n));
    return 9;
}

/* Sets an error but returns 0: Extism counts that call as failed. */
PLINTH_EXTISM_EXPORT(error_but_zero) int32_t error_but_zero(void) {
    extism_error_set(extism_block_of_string("error set, yet returned 0"));
    return 0;
}

/* A trap (unreachable) in the middle of a call. */
PLINTH_EXTISM_EXPORT(trap) int32_t trap(void) {
    __builtin_trap();
}

/*
 * An HTTP GET of the URL in the input. Output: "<status> <body length> <headers block length>\n"
 * followed by the body.
 */
PLINTH_EXTISM_EXPORT(fetch) int32_t fetch(void) {
    uint64_t at = 0;
    append((char *)buffer, &at, "{\"url\": \"");
    uint64_t n = extism_input_length();
    if (n > BUFFER_SIZE - 128) {
        return extism_fail(2, "url too long");
    }
    extism_input_read(buffer + at, n);
    at += n;
    append((char *)buffer, &at, "\", \"method\": \"GET\", \"headers\": {\"X-Pdk\": \"c\"}}");
    extism_handle response = extism_http_request(extism_block_of(buffer, at), 0);
    int32_t status = extism_http_status_code();
    uint64_t body_length = response == 0 ? 0 : extism_length(response);
    extism_handle headers = extism_http_headers();
    uint64_t headers_length = headers == 0 ? 0 : extism_length(headers);
    if (body_length > BUFFER_SIZE - 64) {
        return extism_fail(2, "response too long");
    }
    at = 0;
    append_decimal((char *)buffer, &at, (uint64_t)status);
    buffer[at++] = ' ';
    append_decimal((char *)buffer, &at, body_length);
    buffer[at++] = ' ';
    append_decimal((char *)buffer, &at, headers_length);
    buffer[at++] = '\n';
    extism_copy_from_host(buffer + at, response, body_length);
    extism_output(buffer, at + body_length);
    return 0;
}
