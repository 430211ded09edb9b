#pragma once

#include <QString>

namespace syncline::test {

// GET http://127.0.0.1:<port><path> over a plain socket (HTTP/1.0): the body, or an empty string
// when there is no 200 answer within 5 s.
QString httpGet(int port, const char *path);

// The value of the sample `series` (name and labels exactly as exposed) in Prometheus' text
// format; NaN when absent.
double sampleValue(const QString &text, const QString &series);

} // namespace syncline::test
