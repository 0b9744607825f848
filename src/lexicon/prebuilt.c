/* comention: the built-in lexicon, from the image made when the program was built
 * (src/lexicon/gen/lexicon_image.c) into an empty lexicon, else from its XML files. Apart
 * from the rest of the stage so that the image generator, which reads the XML files with
 * the same code, links without the image it makes. */
#include "lexicon/builtin.h"
#include "lexicon/lexicon_int.h"

cm_status cm_lexicon_add_builtin(cm_lexicon *lex, cm_error *err)
{
    /* Added to a lexicon that holds something already, the files are merged entity by
     * entity (an id defined twice is extended), which only reading them does. */
    if (lex->n_entities || lex->n_aliases || lex->n_titles || lex->nodes) {
        return cm_lex_add_builtin_xml(lex, err);
    }
    return cm_lex_image_read(lex, cm_builtin_image, cm_builtin_image_size, err);
}
