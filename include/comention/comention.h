/* comention: news articles in, an entity co-mention network out. The umbrella header:
 * one header per pipeline stage, in pipeline order, then running them (run.h, config.h). */
#ifndef COMENTION_H
#define COMENTION_H

#include "comention/entity.h"
#include "comention/error.h"
#include "comention/read.h"
#include "comention/text.h"
#include "comention/lexicon.h"
#include "comention/extract.h"
#include "comention/count.h"
#include "comention/graph.h"
#include "comention/analyze.h"
#include "comention/timeline.h"
#include "comention/frame.h"
#include "comention/layout.h"
#include "comention/scene.h"
#include "comention/style.h"
#include "comention/draw.h"
#include "comention/export.h"
#include "comention/import.h"
#include "comention/run.h"
#include "comention/config.h"

#endif
