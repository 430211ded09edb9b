#pragma once

#include "transform/chain_preview.h"

#include <QAbstractTableModel>

namespace syncline::ui {

// Sampled rows before and after the transform chain, one line per row and column. The raw
// values ("Before") read "hidden" until setRawVisible(true), which the preview dialog calls
// only after the user confirmed; a row a filter step drops reads "filtered out".
class TransformPreviewModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        RowColumn,
        NameColumn,
        BeforeColumn,
        AfterColumn,
        ColumnCount
    };

    explicit TransformPreviewModel(QObject *parent = nullptr);

    void setPreview(transform::ChainPreview preview); // hides raw values again
    void clear();
    void setRawVisible(bool visible);
    bool rawVisible() const { return m_rawVisible; }
    int sampledRows() const { return int(m_preview.rows.size()); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant afterValue(const transform::PreviewedRow &row, std::size_t column, int role) const;

    transform::ChainPreview m_preview;
    bool m_rawVisible = false;
};

} // namespace syncline::ui
