// harfbuzz-parley.cc — HarfBuzz for the web build's shaping module: Debian's sources, one unity
// file like HarfBuzz's own harfbuzz.cc, compiled with HB_TINY, without the shapers of scripts no
// shipped font draws (Indic, Khmer, Myanmar, the Universal Shaping Engine, Hangul, Hebrew, Thai).
// Text in those scripts is shaped by HarfBuzz's default shaper, and drawn as missing-glyph boxes
// anyway.
// The native build links Debian's full libharfbuzz.
#include "hb-aat-layout.cc"
#include "hb-aat-map.cc"
#include "hb-blob.cc"
#include "hb-buffer-serialize.cc"
#include "hb-buffer-verify.cc"
#include "hb-buffer.cc"
#include "hb-common.cc"
#include "hb-draw.cc"
#include "hb-face.cc"
#include "hb-fallback-shape.cc"
#include "hb-font.cc"
#include "hb-map.cc"
#include "hb-number.cc"
#include "hb-ot-cff1-table.cc"
#include "hb-ot-cff2-table.cc"
#include "hb-ot-color.cc"
#include "hb-ot-face.cc"
#include "hb-ot-font.cc"
#include "hb-ot-layout.cc"
#include "hb-ot-map.cc"
#include "hb-ot-math.cc"
#include "hb-ot-meta.cc"
#include "hb-ot-metrics.cc"
#include "hb-ot-name.cc"
#include "hb-ot-shape-fallback.cc"
#include "hb-ot-shape-normalize.cc"
#include "hb-ot-shape.cc"
#include "hb-ot-shaper-arabic.cc"
#include "hb-ot-shaper-default.cc"
#include "hb-ot-tag.cc"
#include "hb-ot-var.cc"
#include "hb-set.cc"
#include "hb-shape-plan.cc"
#include "hb-shape.cc"
#include "hb-shaper.cc"
#include "hb-static.cc"
#include "hb-style.cc"
#include "hb-ucd.cc"
#include "hb-unicode.cc"

const hb_ot_shaper_t _hb_ot_shaper_hangul = _hb_ot_shaper_default;
const hb_ot_shaper_t _hb_ot_shaper_indic = _hb_ot_shaper_default;
const hb_ot_shaper_t _hb_ot_shaper_khmer = _hb_ot_shaper_default;
const hb_ot_shaper_t _hb_ot_shaper_myanmar = _hb_ot_shaper_default;
const hb_ot_shaper_t _hb_ot_shaper_use = _hb_ot_shaper_default;
const hb_ot_shaper_t _hb_ot_shaper_hebrew = _hb_ot_shaper_default;
const hb_ot_shaper_t _hb_ot_shaper_thai = _hb_ot_shaper_default;
