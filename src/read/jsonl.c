/* comention: JSON Lines (one object per line, https://jsonlines.org) through json-c. The
 * fields are looked up by name at the top level of each object; an id may be a string or a
 * number. */
#include <limits.h>
#include <string.h>
#include <json-c/json.h>
#include "read/read_int.h"

/* Nesting deeper than this is no news record (json-c's default is 32). */
#define JSON_DEPTH 64

/* A top-level field as text: strings as they are, numbers and booleans written out;
 * objects, arrays and null count as missing. */
static const char *field(json_object *o, const char *name, size_t *len)
{
    json_object *v;
    *len = 0;
    if (!json_object_object_get_ex(o, name, &v) || !v || json_object_is_type(v, json_type_object) ||
        json_object_is_type(v, json_type_array)) {
        return NULL;
    }
    if (json_object_is_type(v, json_type_string)) {
        *len = (size_t)json_object_get_string_len(v);
    }
    const char *s = json_object_get_string(v);
    if (s && *len == 0) {
        *len = strlen(s);
    }
    return s;
}

static cm_status one_line(cm_records *out, const cm_record_spec *spec, json_tokener *tok,
                          const char *s, size_t n, size_t line, cm_error *err)
{
    char why[CM_REASON_LEN];
    json_object *o;
    size_t len, text_len;

    if (n > INT_MAX) {
        return cm_records_skip(out, spec, line, "line longer than 2 GiB", err);
    }
    json_tokener_reset(tok);
    o = json_tokener_parse_ex(tok, s, (int)n);
    enum json_tokener_error e = json_tokener_get_error(tok);
    if (!o || e != json_tokener_success ||
        !cm_is_blank(s + json_tokener_get_parse_end(tok), n - json_tokener_get_parse_end(tok))) {
        snprintf(why, sizeof(why), "not JSON (%s)",
                 e == json_tokener_success    ? "more after the value"
                 : e == json_tokener_continue ? "unexpected end of line"
                                              : json_tokener_error_desc(e));
        json_object_put(o);
        return cm_records_skip(out, spec, line, why, err);
    }
    if (!json_object_is_type(o, json_type_object)) {
        json_object_put(o);
        snprintf(why, sizeof(why), "not a JSON object");
        return cm_records_skip(out, spec, line, why, err);
    }
    const char *text = field(o, spec->text, &text_len);
    cm_status rc =
        cm_records_add(out, spec, line, field(o, spec->id, &len), field(o, spec->title, &len), text,
                       text_len, field(o, spec->date, &len), err);
    json_object_put(o);
    return rc;
}

cm_status cm_jsonl_read(cm_records *out, const cm_record_spec *spec, const char *s, size_t n,
                        cm_error *err)
{
    json_tokener *tok = json_tokener_new_ex(JSON_DEPTH);
    cm_status rc = CM_OK;
    size_t line = 0;

    if (!tok) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < n && rc == CM_OK;) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - s) : n;
        line++;
        if (!cm_is_blank(s + i, e - i)) {
            rc = one_line(out, spec, tok, s + i, e - i, line, err);
        }
        i = e + 1;
    }
    json_tokener_free(tok);
    return rc == CM_OK ? cm_records_finish(out, spec->file, err) : rc;
}
