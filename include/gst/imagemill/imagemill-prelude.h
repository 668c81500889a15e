/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __GST_IM_PRELUDE_H__
#define __GST_IM_PRELUDE_H__

#include <gst/gst.h>

#ifndef GST_IM_API
# ifdef BUILDING_GST_IM
#  define GST_IM_API GST_API_EXPORT
# else
#  define GST_IM_API GST_API_IMPORT
# endif
#endif

#endif /* __GST_IM_PRELUDE_H__ */
