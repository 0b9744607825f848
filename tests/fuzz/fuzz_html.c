/* comention fuzz target: the HTML reader (cm_html_read): the limits of util/xml.h, libxml2's
 * HTML parser, the walk of the article text and the page's title and dates. */
#include "fuzz.h"
#include "read/read_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cm_html_page page;
    cm_error err;

    (void)cm_html_read(&page, (const char *)data, size, &err);
    cm_html_page_destroy(&page);
    (void)cm_looks_like_html((const char *)data, size);
    return 0;
}
