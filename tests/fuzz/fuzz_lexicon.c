/* comention fuzz target: a lexicon file, read (XML or TSV, as cm_lexicon_add_file decides
 * by the first non-blank byte) and compiled. The seeds and dictionaries of the XML and the
 * TSV form are separate runs of this one target (scripts/fuzz.sh: lexicon_xml, lexicon_tsv). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cm_lexicon *lex = NULL;
    cm_error err;

    if (cm_lexicon_new(&lex, &err) == CM_OK &&
        cm_lexicon_add_memory(lex, "fuzz.lexicon", (const char *)data, size, &err) == CM_OK) {
        (void)cm_lexicon_compile(lex, NULL, NULL, &err);
    }
    cm_lexicon_free(lex);
    return 0;
}
