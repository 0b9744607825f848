/* comention fuzz targets: the JSONL and the CSV reader (cm_jsonl_read, cm_csv_read) with the
 * default field names, and the marking of repeated ids that follows them. Built twice, as
 * fuzz_jsonl (CM_FUZZ_JSONL) and fuzz_csv. */
#include "fuzz.h"
#include "read/read_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cm_records rs = {NULL, 0, 0};
    cm_record_spec spec;
    cm_error err;
    cm_status rc;

#ifdef CM_FUZZ_JSONL
    cm_record_spec_init(&spec, "fuzz.jsonl", NULL);
    rc = cm_jsonl_read(&rs, &spec, (const char *)data, size, &err);
#else
    cm_record_spec_init(&spec, "fuzz.csv", NULL);
    rc = cm_csv_read(&rs, &spec, (const char *)data, size, &err);
#endif
    if (rc == CM_OK) {
        (void)cm_records_finish(&rs, spec.file, &err);
    }
    cm_records_destroy(&rs);
    return 0;
}
