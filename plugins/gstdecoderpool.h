/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_DECODER_POOL_H__
#define __GST_DECODER_POOL_H__

#include <gst/imagemill/imagemill.h>

G_BEGIN_DECLS

#define GST_TYPE_DECODER_POOL (gst_decoder_pool_get_type ())
G_DECLARE_FINAL_TYPE (GstDecoderPool, gst_decoder_pool, GST, DECODER_POOL,
    GstImFrameParallel);
GST_ELEMENT_REGISTER_DECLARE (decoder_pool);

G_END_DECLS

#endif /* __GST_DECODER_POOL_H__ */
