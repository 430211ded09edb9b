#pragma once

#include "dlq/dead_letter.h"

namespace syncline::ui {

// Whether the filter an audit entry records ("table=public.acct class=check_violation",
// "id=4,7", "all") covers this dead letter, for its history in the console. Status and time
// are left out: they describe the dead letter as it was then.
bool auditCovers(const dlq::AuditEntry &entry, const dlq::DeadLetter &letter);

} // namespace syncline::ui
