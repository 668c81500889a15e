/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_FRAMER_H__
#define __GST_IM_FRAMER_H__

#include <gst/imagemill/imagemill-prelude.h>

G_BEGIN_DECLS

/**
 * GstImFramer:
 *
 * Cuts a stream of bytes into whole JPEG and PNG images. A buffer that holds
 * exactly one image (multifilesrc, dataset-src, jpegparse) passes through
 * without a copy; anything else (filesrc's 4 KiB blocks, several images in
 * one buffer) is gathered and cut at image boundaries.
 */
typedef struct _GstImFramer GstImFramer;

/**
 * GST_IM_FRAMER_DEFAULT_MAX_BYTES:
 *
 * The most bytes one image of a byte stream may take when no other limit is
 * set: 1 GiB.
 */
#define GST_IM_FRAMER_DEFAULT_MAX_BYTES (G_GUINT64_CONSTANT (1) << 30)

/**
 * GstImSecondaryImages:
 * @GST_IM_SECONDARY_IMAGES_DROP: only the primary image of a file is framed;
 *   the secondary images its MPF index lists are dropped
 * @GST_IM_SECONDARY_IMAGES_EMIT: each secondary image is a further frame,
 *   marked with its number in the index (#GstImSourceMeta.image)
 *
 * What the framer does with the secondary images of a JPEG (CIPA DC-007
 * Multi-Picture Format: Ultra HDR gain maps, depth maps, the second view of
 * an MPO stereo pair), which follow the primary image in the same file.
 *
 * Since: 0.1
 */
typedef enum
{
  GST_IM_SECONDARY_IMAGES_DROP,
  GST_IM_SECONDARY_IMAGES_EMIT,
} GstImSecondaryImages;

GST_IM_API
GType        gst_im_secondary_images_get_type (void);
#define GST_IM_TYPE_SECONDARY_IMAGES (gst_im_secondary_images_get_type ())

GST_IM_API
GstImFramer *gst_im_framer_new (void);

GST_IM_API
void         gst_im_framer_free (GstImFramer * framer);

GST_IM_API
void         gst_im_framer_set_caps (GstImFramer * framer,
                                     const GstCaps * caps);

GST_IM_API
void         gst_im_framer_set_max_bytes (GstImFramer * framer,
                                          guint64 max_bytes);

GST_IM_API
guint64      gst_im_framer_max_bytes_for_pixels (guint64 max_pixels);

GST_IM_API
void         gst_im_framer_set_secondary_images (GstImFramer * framer,
                                                 GstImSecondaryImages mode);

GST_IM_API
void         gst_im_framer_push (GstImFramer * framer, GstBuffer * buffer);

GST_IM_API
void         gst_im_framer_drain (GstImFramer * framer);

GST_IM_API
GstBuffer *  gst_im_framer_pop (GstImFramer * framer, GError ** error);

GST_IM_API
void         gst_im_framer_clear (GstImFramer * framer);

G_END_DECLS

#endif /* __GST_IM_FRAMER_H__ */
