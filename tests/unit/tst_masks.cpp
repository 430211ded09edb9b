// The "mask" transform: its pipeline-file section (a key only from ${ENV} or file:, never
// inline), each kind's output, which columns a pattern selects, the refusals that keep it fail
// closed (a key column with a mask that is not one-to-one, NULL into NOT NULL, a hash into a
// date), and masking applied to streamed row images and to snapshot COPY text.

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#ifndef Q_MOC_RUN // moc of Qt 6.4 cannot parse the C++20 standard headers these pull in
#include "config/config_loader.h"
#include "model/table_definition.h"
#include "model/type_oids.h"
#include "snapshot/copy_text.h"
#include "snapshot/masked_table_copy.h"
#include "transform/chunk_masker.h"
#include "transform/key_ledger.h"
#include "transform/tokenizer.h"
#include "transform/transform_chain.h"
#include "util/errors.h"
#endif

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>

using namespace syncline;
using namespace syncline::transform;
using namespace Qt::StringLiterals;

namespace {

constexpr std::uint32_t kVarchar = 1043;

TransformConfig step(const std::string &with, std::vector<std::string> columns = {"*"})
{
    TransformConfig config;
    config.columns = std::move(columns);
    config.with = with;
    config.key = "Jefe";
    return config;
}

Column column(const std::string &name, std::uint32_t oid = type_oids::kText, bool key = false)
{
    Column c;
    c.name = name;
    c.typeOid = oid;
    c.isKey = key;
    return c;
}

std::shared_ptr<TableSchema> usersTable()
{
    auto table = std::make_shared<TableSchema>();
    table->schema = "public";
    table->name = "users";
    table->columns = {column("id", type_oids::kInt4, true), column("email"), column("note")};
    return table;
}

std::string masked(const TransformConfig &config, const std::string &value,
                   const Column &target = column("c"))
{
    return ColumnMask(config, target, "public.t").apply(Value::fromText(value)).text;
}

// The QString of a ConfigError list, or of the config's transforms count when none.
QString load(const std::string &yaml)
{
    const auto result = parsePipelineConfig(yaml, "pipeline.yaml");
    if (const auto *errors = std::get_if<std::vector<ConfigError>>(&result))
        return QString::fromStdString(errors->front().toString());
    return QString::number(std::get<PipelineConfig>(result).transforms.size());
}

const std::string kPipelineHead = "pipeline: p\n"
                                  "source:\n  type: postgres\n  dsn: \"host=x\"\n"
                                  "  tables: [public.users]\n"
                                  "sinks:\n  - name: a\n    type: postgres\n    dsn: \"host=y\"\n";

// A snapshot source that hands out fixed COPY text, in chunks cut where the test says.
class FixedCopy : public TableCopySource
{
public:
    std::vector<std::string> chunks;
    long long copyTable(const TableDefinition &, const RowsConsumer &consume, Format) override
    {
        for (const auto &chunk : chunks)
            consume(chunk, 1);
        return (long long)chunks.size();
    }
    long long estimatedRows(const TableDefinition &) override { return 0; }
    int postgresVersion() const override { return 150000; }
};

} // namespace

class TestMasks : public QObject
{
    Q_OBJECT

private slots:
    void issueExampleLoads()
    {
        QTemporaryDir dir;
        const std::string keyFile = dir.filePath(u"fpe.key"_s).toStdString();
        std::ofstream(keyFile) << "0123456789abcdef0123456789abcdef\n";
        qputenv("PII_KEY", "k3y");
        QCOMPARE(load(kPipelineHead +
                      "transforms:\n"
                      "  - type: mask\n"
                      "    columns: [\"*.email\", \"public.users.phone\"]\n"
                      "    with: hash\n"
                      "    key: ${PII_KEY}\n"
                      "  - type: mask\n"
                      "    columns: [\"public.payments.card_number\"]\n"
                      "    with: redact\n"
                      "    key: file:" +
                      keyFile + "\n"),
                 u"2"_s);
        const auto config =
            std::get<PipelineConfig>(parsePipelineConfig(kPipelineHead + "transforms:\n"
                                                                         "  - type: mask\n"
                                                                         "    columns: [email]\n"
                                                                         "    with: hash\n"
                                                                         "    key: ${PII_KEY}\n",
                                                         "p.yaml"));
        QCOMPARE(config.transforms.front().key, std::string("k3y"));
    }

    void keyWrittenInTheFileIsRefused()
    {
        const QString inline_ = load(kPipelineHead + "transforms:\n"
                                                     "  - type: mask\n"
                                                     "    columns: [email]\n"
                                                     "    with: hash\n"
                                                     "    key: hunter2\n");
        QVERIFY2(
            inline_.startsWith(u"pipeline.yaml:14:10: error: the key is written in the file"_s),
            qPrintable(inline_));
        QVERIFY(!inline_.contains(u"hunter2"_s));
        const QString missing = load(kPipelineHead + "transforms:\n"
                                                     "  - type: mask\n"
                                                     "    columns: [email]\n"
                                                     "    with: tokenize\n");
        QVERIFY2(missing.contains(u"pipeline.yaml:11:5: error: mask with tokenize needs a key"_s),
                 qPrintable(missing));
        const QString tags = load("pipeline: p\n"
                                  "source:\n  type: mysql\n  dsn: \"host=x\"\n  server_id: 9\n"
                                  "  tables: [shop.users]\n"
                                  "sinks:\n  - name: a\n    type: postgres\n    dsn: \"host=y\"\n"
                                  "transforms:\n"
                                  "  - type: mask\n"
                                  "    tagged: [pii:*]\n"
                                  "    with: null\n");
        QVERIFY2(tags.contains(u"a mysql source's comments are not read"_s), qPrintable(tags));
        const QString kind = load(kPipelineHead + "transforms:\n"
                                                  "  - type: mask\n"
                                                  "    columns: [email]\n"
                                                  "    with: scramble\n");
        QVERIFY2(kind.contains(u"pipeline.yaml:13:11"_s) && kind.contains(u"scramble"_s),
                 qPrintable(kind));
    }

    void hashIsHmacSha256()
    {
        // RFC 4231, test case 2.
        auto config = step("hash");
        QCOMPARE(masked(config, "what do ya want for nothing?"),
                 std::string("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
        config.format = "base64";
        QCOMPARE(masked(config, "what do ya want for nothing?"),
                 std::string("W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="));
        config.format = "prefixed";
        config.keyId = "2026q4";
        QVERIFY(masked(config, "what do ya want for nothing?").starts_with("2026q4:5bdcc146"));
        // varchar(10) keeps 10 characters of it; an integer column gets a number in range.
        Column shortText = column("c", kVarchar);
        shortText.typeModifier = 10 + 4;
        config.format = "hex";
        QCOMPARE(masked(config, "what do ya want for nothing?", shortText),
                 std::string("5bdcc146bf"));
        const long long small = std::stoll(masked(config, "42", column("n", type_oids::kInt2)));
        QVERIFY(small >= 0 && small < 32768);
        QCOMPARE(masked(config, "42", column("n", type_oids::kInt2)),
                 masked(config, "42", column("m", type_oids::kInt2)));
    }

    void textMasks()
    {
        auto partial = step("partial");
        QCOMPARE(masked(partial, "4111111111111111"), std::string("************1111"));
        partial.keepEnd = false;
        partial.keep = 2;
        QCOMPARE(masked(partial, "Müller"), std::string("Mü****")); // characters, not bytes
        auto truncate = step("truncate");
        truncate.keep = 3;
        QCOMPARE(masked(truncate, "Zoë Smith"), std::string("Zoë"));
        QCOMPARE(masked(truncate, "ab"), std::string("ab"));
        QCOMPARE(masked(step("redact"), "secret"), std::string("[redacted]"));
        QVERIFY(ColumnMask(step("null"), column("c"), "t").apply(Value::fromText("x")).isNull());
        // NULL stays NULL, and a TOAST value the change did not carry stays unchanged.
        QVERIFY(ColumnMask(step("hash"), column("c"), "t").apply(Value::null()).isNull());
        QVERIFY(ColumnMask(step("redact"), column("c"), "t")
                    .apply(Value::unchangedToast())
                    .isUnchangedToast());
    }

    // FF1 under the key (tst_ff1 checks the cipher against NIST's samples): digits stay digits
    // and separators stay put, one value gives one token, and the key holder can reverse it.
    void tokenizeKeepsTheShape()
    {
        auto config = step("tokenize");
        const std::string card = "4111-1111-1111-1111";
        const std::string token = masked(config, card);
        QCOMPARE(token.size(), card.size());
        QVERIFY(token != card);
        for (std::size_t i = 0; i < card.size(); ++i)
            QVERIFY(card[i] == '-' ? token[i] == '-' : std::isdigit((unsigned char)token[i]));
        QCOMPARE(masked(config, card), token);
        QCOMPARE(Tokenizer("Jefe").detokenize(token), card);
        config.key = "another key";
        QVERIFY(masked(config, card) != token);
        // A hexadecimal AES key is used as it is; letters and digits are enciphered together.
        config.key = "2b7e151628aed2a6abf7158809cf4f3c";
        const std::string code = masked(config, "AB-12cd");
        QCOMPARE(Tokenizer(config.key).detokenize(code), std::string("AB-12cd"));
        // Too short for FF1: keyed characters of the same kinds, the same every time.
        const std::string pin = masked(config, "1234");
        QCOMPARE(pin.size(), std::size_t(4));
        QVERIFY(pin != "1234" && pin.find_first_not_of("0123456789") == std::string::npos);
        QCOMPARE(masked(config, "1234"), pin);
        // Only character columns: a token is text.
        QVERIFY_THROWS_EXCEPTION(PermanentError,
                                 ColumnMask(config, column("n", type_oids::kInt8), "t"));
    }

    // Every date of a row moves by the same days, which the key and the row's key decide.
    void dateShiftKeepsIntervalsWithinARow()
    {
        auto config = step("date_shift");
        config.days = 30;
        const ColumnMask born(config, column("born", type_oids::kDate), "public.users");
        const ColumnMask seen(config, column("seen", type_oids::kTimestamptz), "public.users");
        const std::string row7 = std::string("7") + '\0';
        const std::string a = born.apply(Value::fromText("2000-02-28"), row7).text;
        const std::string b = seen.apply(Value::fromText("2000-03-01 12:30:00+00"), row7).text;
        QVERIFY(a != "2000-02-28");
        const auto daysOf = [](const std::string &text) {
            int y = 0;
            unsigned m = 0, d = 0;
            std::sscanf(text.c_str(), "%d-%u-%u", &y, &m, &d);
            return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} /
                                         std::chrono::day{d}}
                .time_since_epoch()
                .count();
        };
        const auto shift = daysOf(a) - daysOf("2000-02-28");
        QVERIFY(shift != 0 && shift >= -30 && shift <= 30);
        QCOMPARE(daysOf(b) - daysOf("2000-03-01"), shift); // across the leap day too
        QVERIFY(b.ends_with(" 12:30:00+00"));
        QCOMPARE(born.apply(Value::fromText("2000-02-28"), row7).text, a); // deterministic
        QCOMPARE(born.apply(Value::fromText("infinity"), row7).text, std::string("infinity"));
        // Another row (most likely) moves otherwise; the shift goes through the whole plan.
        config.columns = {"born"};
        TransformChain chain({config});
        auto table = std::make_shared<TableSchema>();
        table->schema = "public";
        table->name = "users";
        table->columns = {column("id", type_oids::kInt4, true), column("born", type_oids::kDate)};
        const auto plan = chain.planFor(*table);
        QVERIFY_THROWS_EXCEPTION(PermanentError, // a key, and text
                                 TransformChain({step("date_shift")}).planFor(*usersTable()));
        Row row{Value::fromText("7"), Value::fromText("2000-02-28")};
        plan->apply(row);
        QCOMPARE(row[1].text, a);
        QCOMPARE(row[0].text, std::string("7"));
        QVERIFY_THROWS_EXCEPTION(PermanentError, ColumnMask(config, column("note"), "t"));
    }

    // A key changed under the same key_id is refused; a new key_id is a rotation.
    void keyChangesNeedANewKeyId()
    {
        QTemporaryDir state;
        const std::filesystem::path dir = state.filePath(u"state"_s).toStdString();
        auto hash = step("hash", {"*.email"});
        checkKeyLedger(dir, {hash, step("redact")});
        checkKeyLedger(dir, {hash}); // the same key again
        auto changed = hash;
        changed.key = "another key";
        QVERIFY_THROWS_EXCEPTION(PermanentError, checkKeyLedger(dir, {changed}));
        try {
            checkKeyLedger(dir, {changed});
        } catch (const PermanentError &error) {
            const std::string message = error.what();
            QVERIFY(message.find("its key changed while its key_id stayed 1") != std::string::npos);
            QVERIFY(message.find("another key") == std::string::npos);
        }
        changed.keyId = "2";
        checkKeyLedger(dir, {changed}); // rotated
        checkKeyLedger(dir, {hash});    // the old key under its old id is still known
        // Nothing of the key itself is kept.
        QFile ledger(QString::fromStdString((dir / "transform_keys.sqlite").string()));
        QVERIFY(ledger.open(QIODevice::ReadOnly));
        const QByteArray bytes = ledger.readAll();
        QVERIFY(!bytes.contains("Jefe") && !bytes.contains("another key"));
    }

    void refusesWhatWouldBreakRowsOrTypes()
    {
        const auto refusal = [](const TransformConfig &config, const Column &target) {
            try {
                ColumnMask(config, target, "public.users");
            } catch (const PermanentError &error) {
                return std::string(error.what());
            }
            return std::string();
        };
        const Column key = column("id", type_oids::kText, true);
        QVERIFY(refusal(step("redact"), key).find("the key column public.users.id") !=
                std::string::npos);
        QVERIFY(refusal(step("partial"), key).find("only hash and tokenize") != std::string::npos);
        QCOMPARE(refusal(step("hash"), key), std::string());
        Column required = column("email");
        required.notNull = true;
        QVERIFY(refusal(step("null"), required).find("NOT NULL") != std::string::npos);
        Column birthday = column("born", type_oids::kDate);
        birthday.sqlType = "date";
        QVERIFY(refusal(step("hash"), birthday).find("(date) cannot hold") != std::string::npos);
        QCOMPARE(refusal(step("null"), birthday), std::string());
    }

    void patternsSelectColumns()
    {
        QVERIFY(selectsColumn("email", "public", "users", "email"));
        QVERIFY(selectsColumn("*.email", "sales", "customers", "email"));
        QVERIFY(selectsColumn("public.users.phone", "public", "users", "phone"));
        QVERIFY(!selectsColumn("public.users.phone", "private", "users", "phone"));
        QVERIFY(selectsColumn("public.*.*_card", "public", "payments", "credit_card"));
        QVERIFY(!selectsColumn("*.email", "public", "users", "email_verified"));
        QVERIFY(!selectsColumn("a.b.c.d", "a", "b", "c"));
    }

    void piiTagsFailClosed()
    {
        QCOMPARE(piiTags("Work address. pii:email, pii:contact"),
                 (std::vector<std::string>{"pii:email", "pii:contact"}));
        QVERIFY(piiTags("no tags: pii").empty());
        auto table = usersTable();
        table->columns[1].comment = "pii:email";
        table->columns[2].comment = "Free text, may hold anything. pii:free_text";
        // Nothing masks them: both are named.
        TransformChain none({step("hash", {"orders.*"})});
        QCOMPARE(none.unmaskedPii(*table),
                 (std::vector<std::string>{"public.users.email (pii:email)",
                                           "public.users.note (pii:free_text)"}));
        QVERIFY_THROWS_EXCEPTION(PermanentError, checkMasks(none, *table));
        // A step by tag covers the e-mail; allow_unmasked lets the note through.
        auto byTag = step("hash", {});
        byTag.tagged = {"pii:e*"};
        TransformChain tagged({byTag}, {"users.note"});
        QVERIFY(tagged.unmaskedPii(*table).empty());
        checkMasks(tagged, *table);
        const auto plan = tagged.planFor(*table);
        QCOMPARE(plan->operations.size(), std::size_t(1));
        QCOMPARE(plan->operations.front().column, std::size_t(1));
    }

    void streamedImagesAreMasked()
    {
        TransformChain chain({step("hash", {"*.email", "users.id"})});
        ChunkMasker masker(chain);
        auto table = usersTable();
        auto chunk = std::make_shared<TransactionChunk>();
        ChangeEvent update;
        update.op = Operation::Update;
        update.table = table;
        update.before = Row{Value::fromText("7"), Value::null(), Value::null()};
        update.after =
            Row{Value::fromText("7"), Value::fromText("a@example.com"), Value::fromText("kept")};
        chunk->events.push_back(update);
        const auto out = masker.apply(chunk);
        QVERIFY(out != chunk);
        const auto &event = out->events.front();
        QCOMPARE(event.before->at(0).text,
                 masked(step("hash"), "7", column("id", type_oids::kInt4, true)));
        QCOMPARE(event.after->at(0), event.before->at(0)); // the key, the same both sides
        QCOMPARE(event.after->at(1).text, masked(step("hash"), "a@example.com"));
        QCOMPARE(event.after->at(2).text, std::string("kept"));
        QCOMPARE(chunk->events.front().after->at(1).text, std::string("a@example.com"));

        // A chunk nobody else holds is masked in place.
        const TransactionChunk *address = chunk.get();
        const auto inPlace = masker.apply(std::move(chunk));
        QCOMPARE(inPlace.get(), address);
        QCOMPARE(inPlace->events.front().after->at(1).text, masked(step("hash"), "a@example.com"));
        chunk = std::const_pointer_cast<TransactionChunk>(out);

        // A column added with a default: the value the rows that existed get is masked too.
        auto added = std::make_shared<TableSchema>(*table);
        added->columns[1].existingRowsValue = "ops@example.com";
        auto withDefault = std::make_shared<TransactionChunk>();
        withDefault->events.push_back(update);
        withDefault->events.front().table = added;
        const auto defaulted = masker.apply(withDefault);
        QCOMPARE(*defaulted->events.front().table->columns[1].existingRowsValue,
                 masked(step("hash"), "ops@example.com"));
        QCOMPARE(*added->columns[1].existingRowsValue, std::string("ops@example.com"));

        TransformChain other({step("hash", {"orders.*"})});
        ChunkMasker untouched(other);
        QCOMPARE(untouched.apply(chunk), chunk); // nothing selected: the same chunk
    }

    void snapshotCopyTextIsMasked()
    {
        TransformChain chain({step("redact", {"email"})});
        auto inner = std::make_unique<FixedCopy>();
        // A value that needs escaping in COPY text; chunks hold whole rows.
        inner->chunks = {"1\ta@example.com\tline\\none\n", "2\tb@example.com\t\\N\n"};
        TableDefinition users;
        users.schema = "public";
        users.name = "users";
        users.columns = {{"id", "integer", true, type_oids::kInt4, -1, 0},
                         {"email", "text", false, type_oids::kText, -1, 0},
                         {"note", "text", false, type_oids::kText, -1, 0}};
        users.keyColumns = {"id"};
        MaskedTableCopy copy(std::move(inner), chain, {users});
        QCOMPARE(copy.postgresVersion(), 0); // never binary COPY
        std::string out;
        copy.copyTable(
            users, [&](std::string_view data, long long) { out += data; },
            TableCopySource::Format::Text);
        QCOMPARE(out, std::string("1\t[redacted]\tline\\none\n2\t[redacted]\t\\N\n"));
    }
};

QTEST_GUILESS_MAIN(TestMasks)
#include "tst_masks.moc"
