#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace syncline::test {

// One column type of the type matrix and the values it goes through. Values are SQL
// expressions; for a type used as the key they are distinct under its btree equality, and the
// last one is kept back for a key move.
struct MatrixType
{
    QString table;   // m_<family>_<type>
    QString sqlType; // as written in CREATE TABLE
    bool keyed;      // the type is the table's primary key (else an int id is)
    QStringList values;
    // For a domain that PostgreSQL cannot compare as itself (over an enum): its base type.
    QString compareAs = {};
};

// Types, enums, composites, domains and extensions the matrix's tables use, on the source.
QString matrixTypesSql();
QList<MatrixType> matrixTypes();

} // namespace syncline::test
