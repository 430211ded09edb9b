#pragma once

#include "config/pipeline_config.h"

#include <string>

namespace syncline::http {

// syncline validate's check of an http sink: POSTs an empty batch ("[]"), signed and with the
// configured headers, Idempotency-Key "syncline-validate". Returns what the receiver answered
// (2xx); throws TransientError when it could not be reached or answered 429 or 5xx, and
// PermanentError for another answer (a 401: the headers or the secret are wrong).
std::string probeHttpSink(const PostgresSinkConfig &config);

} // namespace syncline::http
