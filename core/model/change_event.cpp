#include "model/change_event.h"

namespace syncline {

std::string ChangeEvent::describeKey() const
{
    if (!table)
        return {};
    const Row *row = after ? &*after : (before ? &*before : nullptr);
    if (!row)
        return {};
    std::string out;
    for (int index : table->keyColumnIndexes()) {
        if (index >= int(row->size()))
            continue;
        if (!out.empty())
            out += ", ";
        const Value &value = (*row)[index];
        out += table->columns[index].name + '=' + (value.isNull() ? "NULL" : value.text);
    }
    if (out.empty())
        out = "(no key: replica identity full)";
    return out;
}

} // namespace syncline
