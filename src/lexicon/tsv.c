/* comention: the TSV form of the lexicon, one alias per line:
 *   id<TAB>type<TAB>name<TAB>alias[<TAB>subtype[<TAB>case]]
 * '#' starts a comment line; blank lines are skipped. The lines of one id build one
 * entity, as the XML form's <alias> elements do. */
#include <string.h>
#include "lexicon/lexicon_int.h"

#define MAX_FIELDS 6

/* Split `line` (NUL-terminated, changed in place) at tabs. */
static size_t split(char *line, char **fields)
{
    size_t n = 0;
    char *p = line;
    while (n < MAX_FIELDS) {
        fields[n++] = p;
        p = strchr(p, '\t');
        if (!p) {
            break;
        }
        *p++ = '\0';
    }
    return p ? MAX_FIELDS + 1 : n;
}

static cm_status add_line(lex_reader *r, char *line, long lineno)
{
    char *f[MAX_FIELDS];
    size_t n = split(line, f), idx = 0;
    int rule = -1;
    cm_status rc;

    if (n < 4 || n > MAX_FIELDS) {
        return cm_lex_fail(r, lineno,
                           "want id<TAB>type<TAB>name<TAB>alias[<TAB>subtype[<TAB>case]]");
    }
    if (n == 6 && *f[5]) {
        for (int i = 0; i < 3; i++) {
            rule = strcmp(f[5], cm_rule_names[i]) == 0 ? i : rule;
        }
        if (rule < 0) {
            return cm_lex_fail(r, lineno, "unknown case rule: %s", f[5]);
        }
    }
    rc = cm_lex_put_entity(r, lineno, f[0], f[1], n >= 5 ? f[4] : NULL, f[2], NULL, &idx);
    if (rc == CM_OK) {
        rc = cm_lexicon_add_alias(r->lex, idx, f[2], CM_ALIAS_NAME, -1, 0, r->path, lineno, r->err);
        if (rc == CM_EINPUT) {
            rc = cm_lex_fail(r, lineno, "entity with an empty name: %s", f[0]);
        }
    }
    if (rc == CM_OK) {
        rc = cm_lexicon_add_alias(r->lex, idx, f[3], CM_ALIAS_NAME, rule, 0, r->path, lineno,
                                  r->err);
        if (rc == CM_EINPUT) {
            rc = cm_lex_fail(r, lineno, "empty alias");
        }
    }
    return rc;
}

cm_status cm_lex_read_tsv(lex_reader *r, const char *data, size_t len)
{
    cm_buf line;
    long lineno = 0;
    cm_status rc = CM_OK;

    r->repeat_ids = 1;
    cm_buf_init(&line);
    for (size_t i = 0; i < len && rc != CM_ENOMEM;) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - data) : len, stop = end;
        lineno++;
        if (stop > i && data[stop - 1] == '\r') {
            stop--;
        }
        cm_buf_clear(&line);
        cm_buf_put(&line, data + i, stop - i);
        i = end + 1;
        if (line.failed) {
            rc = cm_error_set(r->err, CM_ENOMEM, NULL, 0, "out of memory");
            break;
        }
        if (line.len == 0 || line.data[0] == '#' || strspn(line.data, " \t") == line.len) {
            continue;
        }
        if (memchr(line.data, '\0', line.len)) {
            rc = cm_lex_fail(r, lineno, "NUL byte in line");
        } else {
            rc = add_line(r, line.data, lineno);
        }
        if (rc == CM_EINPUT && r->report) {
            rc = CM_OK; /* checking: report and go on */
        } else if (rc != CM_OK) {
            break;
        }
    }
    cm_buf_destroy(&line);
    return rc == CM_OK && r->report && r->n_errors > 0 ? CM_EINPUT : rc;
}
