#pragma once

#include "dead_letter_results.h"

#include <QAbstractTableModel>

namespace syncline::ui {

class DeadLetterService;

// The dead letters matching the service's current filter, fetched lazily in pages of
// kPageSize as a view scrolls (canFetchMore/fetchMore). A new filter replaces the rows when
// its counts arrive, so the table never flickers empty. Display strings are made on demand.
class DeadLetterModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Time,
        Table,
        Key,
        ErrorClass,
        Message,
        Attempts,
        Replays,
        Status,
        ColumnCount
    };
    static constexpr int IdRole = Qt::UserRole + 1;
    static constexpr int kPageSize = 500;

    explicit DeadLetterModel(DeadLetterService *service, QObject *parent = nullptr);

    int totalCount() const { return m_total; } // matching the filter, loaded or not
    const dlq::DeadLetter *letterAt(int row) const;
    bool isLoading() const { return m_fetching || m_generation != currentGeneration(); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

signals:
    void countsChanged(const syncline::ui::DeadLetterCounts &counts);
    void loadFailed(const QString &error);
    void pageLoaded(); // rows were added (or the last page said there are no more)

private:
    quint64 currentGeneration() const;
    void onCounts(quint64 generation, const DeadLetterCounts &counts);
    void onPage(quint64 generation, const DeadLetterPagePtr &page);

    DeadLetterService *m_service;
    std::vector<dlq::DeadLetter> m_letters;
    quint64 m_generation = 0;
    int m_total = 0;
    bool m_atEnd = true;
    bool m_fetching = false;
};

// A dead letter's status as the console shows it ("Quarantined", ...), translated.
QString statusText(dlq::DeadLetterStatus status);
// An ISO 8601 UTC time as "yyyy-MM-dd HH:mm:ss" in local time; empty stays empty.
QString localTimeText(const std::string &isoUtc);

} // namespace syncline::ui
