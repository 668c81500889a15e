/* SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2026 imagemill developers
 *
 * GstImReporter: the on-error policy, the skipped counter and the one
 * message wording, shared by every element that can skip an input.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <gst/imagemill/imagemill.h>

struct _GstImReporter
{
  GstElement *element;          /* not a reference: the reporter is its part */
  GMutex lock;
  GstImOnError on_error;
  guint64 skipped;
};

GType
gst_im_on_error_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_IM_ON_ERROR_FAIL, "Post an error naming the input and stop", "fail"},
    {GST_IM_ON_ERROR_SKIP, "Post a warning naming the input and go on",
        "skip"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type)) {
    GType _type = g_enum_register_static ("GstImOnError", values);
    g_once_init_leave (&type, _type);
  }
  return type;
}

/**
 * gst_im_reporter_new: (skip)
 * @element: the element that posts the messages; the reporter does not
 *   keep a reference: free it before @element is finalized
 *
 * Returns: (transfer full): a reporter with on-error=fail and nothing
 *   skipped
 */
GstImReporter *
gst_im_reporter_new (GstElement * element)
{
  GstImReporter *reporter = g_new0 (GstImReporter, 1);

  reporter->element = element;
  reporter->on_error = GST_IM_ON_ERROR_FAIL;
  g_mutex_init (&reporter->lock);
  return reporter;
}

/**
 * gst_im_reporter_free:
 * @reporter: (transfer full) (nullable): a reporter
 */
void
gst_im_reporter_free (GstImReporter * reporter)
{
  if (reporter == NULL)
    return;
  g_mutex_clear (&reporter->lock);
  g_free (reporter);
}

/**
 * gst_im_reporter_install_properties:
 * @klass: an element's class
 * @on_error_id: the property id to give `on-error`
 * @skipped_id: the property id to give `skipped`
 *
 * Installs `on-error` (#GstImOnError, default fail, changeable while
 * playing) and the read-only `skipped` (guint64: inputs dropped under
 * on-error=skip since the element left READY) on @klass.
 */
void
gst_im_reporter_install_properties (GObjectClass * klass, guint on_error_id,
    guint skipped_id)
{
  g_object_class_install_property (klass, on_error_id,
      g_param_spec_enum ("on-error", "On error",
          "What to do with an input that cannot be processed: fail posts an "
          "error naming it and stops; skip posts a warning naming it, counts "
          "it in skipped and goes on", GST_IM_TYPE_ON_ERROR,
          GST_IM_ON_ERROR_FAIL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (klass, skipped_id,
      g_param_spec_uint64 ("skipped", "Skipped",
          "Inputs dropped under on-error=skip since the element left READY",
          0, G_MAXUINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}

/**
 * gst_im_reporter_set_property:
 * @reporter: a reporter
 * @pspec: the property being set
 * @value: its new value
 *
 * For an element's set_property: sets `on-error`.
 *
 * Returns: %TRUE if @pspec was `on-error`, %FALSE if it is not the
 *   reporter's to set
 */
gboolean
gst_im_reporter_set_property (GstImReporter * reporter, GParamSpec * pspec,
    const GValue * value)
{
  if (strcmp (pspec->name, "on-error") != 0)
    return FALSE;
  g_mutex_lock (&reporter->lock);
  reporter->on_error = g_value_get_enum (value);
  g_mutex_unlock (&reporter->lock);
  return TRUE;
}

/**
 * gst_im_reporter_get_property:
 * @reporter: a reporter
 * @pspec: the property being read
 * @value: (out caller-allocates): where to put its value
 *
 * For an element's get_property: reads `on-error` or `skipped`.
 *
 * Returns: %TRUE if @pspec was one of the reporter's properties
 */
gboolean
gst_im_reporter_get_property (GstImReporter * reporter, GParamSpec * pspec,
    GValue * value)
{
  if (strcmp (pspec->name, "on-error") == 0)
    g_value_set_enum (value, gst_im_reporter_get_on_error (reporter));
  else if (strcmp (pspec->name, "skipped") == 0)
    g_value_set_uint64 (value, gst_im_reporter_get_skipped (reporter));
  else
    return FALSE;
  return TRUE;
}

/**
 * gst_im_reporter_get_on_error:
 * @reporter: a reporter
 *
 * Returns: the policy now
 */
GstImOnError
gst_im_reporter_get_on_error (GstImReporter * reporter)
{
  GstImOnError on_error;

  g_mutex_lock (&reporter->lock);
  on_error = reporter->on_error;
  g_mutex_unlock (&reporter->lock);
  return on_error;
}

/**
 * gst_im_reporter_get_skipped:
 * @reporter: a reporter
 *
 * Returns: inputs skipped since the last gst_im_reporter_reset()
 */
guint64
gst_im_reporter_get_skipped (GstImReporter * reporter)
{
  guint64 skipped;

  g_mutex_lock (&reporter->lock);
  skipped = reporter->skipped;
  g_mutex_unlock (&reporter->lock);
  return skipped;
}

/**
 * gst_im_reporter_reset:
 * @reporter: a reporter
 *
 * Sets the skipped count back to 0; call it when the element leaves READY.
 */
void
gst_im_reporter_reset (GstImReporter * reporter)
{
  g_mutex_lock (&reporter->lock);
  reporter->skipped = 0;
  g_mutex_unlock (&reporter->lock);
}

/**
 * gst_im_reporter_report:
 * @reporter: a reporter
 * @what: the input, as a person knows it (gst_im_describe_buffer(), or
 *   `"a/b.jpg" (item 12)`)
 * @error: why it could not be processed; its domain and code are those of
 *   the message
 *
 * Applies the policy to one failed input. on-error=fail posts an error
 * "Could not process WHAT: REASON"; on-error=skip posts a warning
 * "Skipped WHAT: REASON" and counts the input in `skipped`. Either keeps
 * @error's domain and code (a full disk stays RESOURCE NO_SPACE_LEFT).
 * Call it in input order, from any thread.
 *
 * Returns: %GST_FLOW_OK when the input was skipped, %GST_FLOW_ERROR when the
 *   element must stop
 */
GstFlowReturn
gst_im_reporter_report (GstImReporter * reporter, const gchar * what,
    const GError * error)
{
  gboolean skip;

  g_mutex_lock (&reporter->lock);
  skip = reporter->on_error == GST_IM_ON_ERROR_SKIP;
  if (skip)
    reporter->skipped++;
  g_mutex_unlock (&reporter->lock);

  gst_element_message_full (reporter->element, skip ? GST_MESSAGE_WARNING :
      GST_MESSAGE_ERROR, error->domain, error->code,
      g_strdup_printf ("%s %s: %s", skip ? "Skipped" : "Could not process",
          what, error->message),
      g_strdup (skip ? "on-error=skip: dropped, going on" : "on-error=fail"),
      __FILE__, GST_FUNCTION, __LINE__);
  return skip ? GST_FLOW_OK : GST_FLOW_ERROR;
}
