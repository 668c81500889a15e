/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 */
#ifndef __IM_COMMANDS_H__
#define __IM_COMMANDS_H__

#include <math.h>
#include "im-tool.h"

G_BEGIN_DECLS

typedef struct
{
  const gchar *name, *summary;
} ImCommandInfo;

const ImCommandInfo *im_commands_list (guint * n);
gint im_commands_run (gchar ** argv);

G_END_DECLS
#endif /* __IM_COMMANDS_H__ */
