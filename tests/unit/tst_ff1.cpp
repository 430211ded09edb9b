// FF1 format-preserving encryption (NIST SP 800-38G): the nine published samples (AES-128, -192,
// -256; radix 10 without and with a tweak, radix 36 with one), round trips across radices and
// lengths, the domain rules, and the text-level tokenizeDigits that keeps separators in place.

#include <QCryptographicHash>
#include <QTest>

#ifndef Q_MOC_RUN // moc of Qt 6.4 cannot parse the C++20 standard headers these pull in
#include "transform/ff1.h"
#include "transform/format_preserving.h"

#include <random>
#include <stdexcept>
#include <thread>
#endif

using syncline::transform::detokenizeDigits;
using syncline::transform::Ff1;
using syncline::transform::tokenAlphabet;
using syncline::transform::tokenizeDigits;

namespace {

std::vector<std::uint8_t> keyFromHex(const QByteArray &hex)
{
    const QByteArray bytes = QByteArray::fromHex(hex);
    return {bytes.begin(), bytes.end()};
}

std::string tweakFromHex(const QByteArray &hex)
{
    return QByteArray::fromHex(hex).toStdString();
}

// The samples write numerals as 0-9a-z.
std::vector<std::uint32_t> numeralsOf(const QString &text)
{
    const std::string_view alphabet = tokenAlphabet(36);
    std::vector<std::uint32_t> numerals;
    for (const QChar ch : text)
        numerals.push_back(static_cast<std::uint32_t>(alphabet.find(ch.toLatin1())));
    return numerals;
}

QString textOf(const std::vector<std::uint32_t> &numerals)
{
    const std::string_view alphabet = tokenAlphabet(36);
    QString text;
    for (const std::uint32_t numeral : numerals)
        text.append(QLatin1Char(numeral < alphabet.size() ? alphabet[numeral] : '?'));
    return text;
}

std::vector<std::uint8_t> randomKey(std::mt19937 &random, std::size_t size)
{
    std::vector<std::uint8_t> key(size);
    for (auto &byte : key)
        byte = static_cast<std::uint8_t>(random());
    return key;
}

const std::vector<std::uint8_t> cardKey =
    keyFromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

// Runs f and returns the std::invalid_argument message it throws, or a failure marker.
template <typename F> QString invalidArgumentOf(F &&f)
{
    try {
        f();
    } catch (const std::invalid_argument &error) {
        return QString::fromUtf8(error.what());
    }
    return QStringLiteral("(no std::invalid_argument thrown)");
}

} // namespace

class TestFf1 : public QObject
{
    Q_OBJECT

private slots:
    void nistSamples_data();
    void nistSamples();
    void nistSamplesThroughText();
    void roundTrip_data();
    void roundTrip();
    void concurrentCallsAgree();
    void sameCiphertextsAsBefore_data();
    void sameCiphertextsAsBefore();
    void minimumLengths();
    void domainErrors_data();
    void domainErrors();
    void cardNumberKeepsItsShape_data();
    void cardNumberKeepsItsShape();
    void alphanumericTokens();
    void textDomainErrors();
};

// NIST SP 800-38G FF1 samples 1-9 ("Examples with Intermediate Values", FF1samples.pdf,
// https://csrc.nist.gov/CSRC/media/Projects/Cryptographic-Standards-and-Guidelines/documents/examples/FF1samples.pdf),
// as published in capitalone/fpe ff1/ff1_test.go (commit 072a96a1) and cross-checked against a
// second independent test suite.
void TestFf1::nistSamples_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("tweak");
    QTest::addColumn<int>("radix");
    QTest::addColumn<QString>("plaintext");
    QTest::addColumn<QString>("ciphertext");

    const QByteArray aes128 = "2B7E151628AED2A6ABF7158809CF4F3C";
    const QByteArray aes192 = aes128 + "EF4359D8D580AA4F";
    const QByteArray aes256 = aes192 + "7F036D6F04FC6A94";
    const QByteArray digitsTweak = "39383736353433323130";
    const QByteArray radix36Tweak = "3737373770717273373737";
    const QString digits = QStringLiteral("0123456789");
    const QString letters = QStringLiteral("0123456789abcdefghi");

    QTest::addRow("sample 1 AES-128 radix 10")
        << aes128 << QByteArray() << 10 << digits << QStringLiteral("2433477484");
    QTest::addRow("sample 2 AES-128 radix 10 tweak")
        << aes128 << digitsTweak << 10 << digits << QStringLiteral("6124200773");
    QTest::addRow("sample 3 AES-128 radix 36 tweak")
        << aes128 << radix36Tweak << 36 << letters << QStringLiteral("a9tv40mll9kdu509eum");
    QTest::addRow("sample 4 AES-192 radix 10")
        << aes192 << QByteArray() << 10 << digits << QStringLiteral("2830668132");
    QTest::addRow("sample 5 AES-192 radix 10 tweak")
        << aes192 << digitsTweak << 10 << digits << QStringLiteral("2496655549");
    QTest::addRow("sample 6 AES-192 radix 36 tweak")
        << aes192 << radix36Tweak << 36 << letters << QStringLiteral("xbj3kv35jrawxv32ysr");
    QTest::addRow("sample 7 AES-256 radix 10")
        << aes256 << QByteArray() << 10 << digits << QStringLiteral("6657667009");
    QTest::addRow("sample 8 AES-256 radix 10 tweak")
        << aes256 << digitsTweak << 10 << digits << QStringLiteral("1001623463");
    QTest::addRow("sample 9 AES-256 radix 36 tweak")
        << aes256 << radix36Tweak << 36 << letters << QStringLiteral("xs8a0azh2avyalyzuwd");
}

void TestFf1::nistSamples()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, tweak);
    QFETCH(int, radix);
    QFETCH(QString, plaintext);
    QFETCH(QString, ciphertext);

    const Ff1 cipher(keyFromHex(key), static_cast<std::uint32_t>(radix));
    const std::string t = tweakFromHex(tweak);
    QCOMPARE(textOf(cipher.encrypt(numeralsOf(plaintext), t)), ciphertext);
    QCOMPARE(textOf(cipher.decrypt(numeralsOf(ciphertext), t)), plaintext);
}

// The text helper maps characters to the same numerals the samples use.
void TestFf1::nistSamplesThroughText()
{
    const Ff1 decimal(keyFromHex("2B7E151628AED2A6ABF7158809CF4F3C"), 10);
    QCOMPARE(tokenizeDigits(decimal, "0123456789", ""), std::string("2433477484"));
    QCOMPARE(tokenizeDigits(decimal, "01234-56789", ""), std::string("24334-77484"));
    QCOMPARE(detokenizeDigits(decimal, "2433477484", ""), std::string("0123456789"));

    const Ff1 base36(keyFromHex("2B7E151628AED2A6ABF7158809CF4F3C"), 36);
    const std::string tweak = tweakFromHex("3737373770717273373737");
    QCOMPARE(tokenizeDigits(base36, "0123456789abcdefghi", tweak),
             std::string("a9tv40mll9kdu509eum"));
}

void TestFf1::roundTrip_data()
{
    QTest::addColumn<int>("radix");
    for (const int radix : {2, 3, 10, 16, 26, 36, 62, 255, 256, 1000, 65535, 65536})
        QTest::addRow("radix %d", radix) << radix;
}

// Random keys of each size, random tweaks, lengths from the minimum up to a few hundred (long
// enough that S spans several AES blocks): decrypt(encrypt(x)) == x, the ciphertext stays in the
// domain, and it is not the plaintext.
void TestFf1::roundTrip()
{
    QFETCH(int, radix);
    std::mt19937 random(static_cast<std::uint32_t>(radix));
    for (const std::size_t keySize : {16, 24, 32}) {
        const Ff1 cipher(randomKey(random, keySize), static_cast<std::uint32_t>(radix));
        const std::size_t minimum = cipher.minLength();
        for (const std::size_t length :
             {minimum, minimum + 1, minimum + 2, minimum + 7, std::size_t(33), std::size_t(64),
              std::size_t(129), std::size_t(300)}) {
            std::vector<std::uint32_t> plain(length);
            for (auto &numeral : plain)
                numeral = static_cast<std::uint32_t>(random() % static_cast<unsigned>(radix));
            std::string tweak(random() % 40, '\0');
            for (auto &byte : tweak)
                byte = static_cast<char>(random());

            const std::vector<std::uint32_t> encrypted = cipher.encrypt(plain, tweak);
            QCOMPARE(encrypted.size(), plain.size());
            for (const std::uint32_t numeral : encrypted)
                QVERIFY(numeral < static_cast<std::uint32_t>(radix));
            QVERIFY2(encrypted != plain, qPrintable(QStringLiteral("length %1").arg(length)));
            QVERIFY(cipher.decrypt(encrypted, tweak) == plain);
            QVERIFY(cipher.encrypt(plain, tweak) == encrypted);
        }
    }
}

void TestFf1::sameCiphertextsAsBefore_data()
{
    QTest::addColumn<int>("radix");
    QTest::addColumn<int>("longest");
    QTest::addColumn<QByteArray>("digest");
    // SHA-256 of the ciphertexts below as computed with OpenSSL BIGNUM arithmetic alone (checked
    // against the NIST samples), before halves below 2^64 were computed in machine integers.
    QTest::addRow("radix 2")
        << 2 << 140
        << QByteArray("97d54a7d225fbff730fcc33419af830bd0c49ded815874efc6725e18ea4dde8a");
    QTest::addRow("radix 10")
        << 10 << 44
        << QByteArray("f4c4602f914032069ea3c97a2d28b488b6da0e4ae7b8b5ddd35ea1c178d1454e");
    QTest::addRow("radix 36")
        << 36 << 30
        << QByteArray("2f4781f41a0e8f2a3ea52087b3461e41be5d0b09eec7372ea8e41b78e76a09e2");
    QTest::addRow("radix 62")
        << 62 << 28
        << QByteArray("347b92518cb47c8394da0f56215c8e78caaad5c9221cebe0217f773c43dafaee");
    QTest::addRow("radix 65536")
        << 65536 << 12
        << QByteArray("23969d35c847d5657c743976a764269d7224e280c3c39ac2c6bd0678ea9659a4");
}

// Every length from the minimum to past the one whose half (radix^v) no longer fits in 64 bits,
// 8 inputs each with random tweaks, AES-128 and -256: the ciphertexts are exactly the ones
// computed before, and decrypt to the plaintext.
void TestFf1::sameCiphertextsAsBefore()
{
    QFETCH(int, radix);
    QFETCH(int, longest);
    QFETCH(QByteArray, digest);
    std::mt19937 random(static_cast<std::uint32_t>(radix) + 1);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const std::size_t keySize : {16, 32}) {
        const Ff1 cipher(randomKey(random, keySize), static_cast<std::uint32_t>(radix));
        for (std::size_t length = cipher.minLength(); length <= std::size_t(longest); ++length)
            for (int k = 0; k < 8; ++k) {
                std::vector<std::uint32_t> plain(length);
                for (auto &numeral : plain)
                    numeral = static_cast<std::uint32_t>(random() % static_cast<unsigned>(radix));
                std::string tweak(random() % 20, '\0');
                for (auto &byte : tweak)
                    byte = static_cast<char>(random());
                const std::vector<std::uint32_t> encrypted = cipher.encrypt(plain, tweak);
                QVERIFY(cipher.decrypt(encrypted, tweak) == plain);
                hash.addData(QByteArrayView(reinterpret_cast<const char *>(encrypted.data()),
                                            qsizetype(encrypted.size() * sizeof(std::uint32_t))));
            }
    }
    QCOMPARE(hash.result().toHex(), digest);
}

// encrypt() is const and may be shared between threads.
void TestFf1::concurrentCallsAgree()
{
    const Ff1 cipher(cardKey, 10);
    const std::vector<std::uint32_t> plain = {4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    const std::vector<std::uint32_t> expected = cipher.encrypt(plain, "card");
    std::vector<int> agreed(4, 0);
    std::vector<std::thread> threads;
    for (std::size_t k = 0; k < agreed.size(); ++k) {
        threads.emplace_back([&, k] {
            for (int i = 0; i < 200; ++i)
                agreed[k] += cipher.encrypt(plain, "card") == expected ? 1 : 0;
        });
    }
    for (auto &thread : threads)
        thread.join();
    for (const int count : agreed)
        QCOMPARE(count, 200);
}

void TestFf1::minimumLengths()
{
    QCOMPARE(Ff1::minLengthFor(2), std::size_t(20));
    QCOMPARE(Ff1::minLengthFor(10), std::size_t(6));
    QCOMPARE(Ff1::minLengthFor(36), std::size_t(4));
    QCOMPARE(Ff1::minLengthFor(62), std::size_t(4));
    QCOMPARE(Ff1::minLengthFor(100), std::size_t(3));
    QCOMPARE(Ff1::minLengthFor(1000), std::size_t(2));
    QCOMPARE(Ff1::minLengthFor(65536), std::size_t(2));
    QCOMPARE(Ff1(cardKey, 10).minLength(), std::size_t(6));
}

void TestFf1::domainErrors_data()
{
    QTest::addColumn<int>("keySize");
    QTest::addColumn<int>("radix");
    QTest::addColumn<int>("length");
    QTest::addColumn<int>("badNumeral"); // -1: all numerals valid
    QTest::addColumn<QString>("message");

    QTest::addRow("15-byte key") << 15 << 10 << 10 << -1 << QStringLiteral("16, 24 or 32 bytes");
    QTest::addRow("empty key") << 0 << 10 << 10 << -1 << QStringLiteral("16, 24 or 32 bytes");
    QTest::addRow("33-byte key") << 33 << 10 << 10 << -1 << QStringLiteral("16, 24 or 32 bytes");
    QTest::addRow("radix 0") << 16 << 0 << 10 << -1 << QStringLiteral("between 2 and 65536");
    QTest::addRow("radix 1") << 16 << 1 << 10 << -1 << QStringLiteral("between 2 and 65536");
    QTest::addRow("radix 65537") << 16 << 65537 << 10 << -1
                                 << QStringLiteral("between 2 and 65536");
    QTest::addRow("5 digits") << 16 << 10 << 5 << -1
                              << QStringLiteral("minimum length for radix 10 is 6");
    QTest::addRow("empty") << 16 << 10 << 0 << -1
                           << QStringLiteral("minimum length for radix 10 is 6");
    QTest::addRow("3 base-36") << 32 << 36 << 3 << -1
                               << QStringLiteral("minimum length for radix 36 is 4");
    QTest::addRow("19 bits") << 24 << 2 << 19 << -1
                             << QStringLiteral("minimum length for radix 2 is 20");
    QTest::addRow("digit 10 in radix 10")
        << 16 << 10 << 10 << 10 << QStringLiteral("is 10, not below the radix 10");
    QTest::addRow("numeral 65536")
        << 16 << 65536 << 4 << 65536 << QStringLiteral("not below the radix 65536");
}

void TestFf1::domainErrors()
{
    QFETCH(int, keySize);
    QFETCH(int, radix);
    QFETCH(int, length);
    QFETCH(int, badNumeral);
    QFETCH(QString, message);

    const std::vector<std::uint8_t> key(static_cast<std::size_t>(keySize), 7);
    std::vector<std::uint32_t> numerals(static_cast<std::size_t>(length), 1);
    if (badNumeral >= 0)
        numerals.back() = static_cast<std::uint32_t>(badNumeral);
    const auto encrypt = [&] { Ff1(key, static_cast<std::uint32_t>(radix)).encrypt(numerals, ""); };
    const auto decrypt = [&] { Ff1(key, static_cast<std::uint32_t>(radix)).decrypt(numerals, ""); };
    const QString encryptError = invalidArgumentOf(encrypt);
    QVERIFY2(encryptError.contains(message), qPrintable(encryptError));
    const QString decryptError = invalidArgumentOf(decrypt);
    QVERIFY2(decryptError.contains(message), qPrintable(decryptError));
}

void TestFf1::cardNumberKeepsItsShape_data()
{
    QTest::addColumn<QString>("card");
    QTest::addRow("dashes") << QStringLiteral("4111-1111-1111-1111");
    QTest::addRow("spaces") << QStringLiteral("4111 1111 1111 1111");
    QTest::addRow("plain") << QStringLiteral("4111111111111111");
    QTest::addRow("amex") << QStringLiteral("3782 822463 10005");
    QTest::addRow("leading and trailing") << QStringLiteral(" (555) 010-9999 ");
}

void TestFf1::cardNumberKeepsItsShape()
{
    QFETCH(QString, card);
    const std::string text = card.toStdString();
    const Ff1 cipher(cardKey, 10);
    const std::string token = tokenizeDigits(cipher, text, "payments.card_number");

    QCOMPARE(token.size(), text.size());
    QVERIFY(token != text);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool digit = text[i] >= '0' && text[i] <= '9';
        if (digit)
            QVERIFY2(token[i] >= '0' && token[i] <= '9', token.c_str());
        else
            QCOMPARE(token[i], text[i]);
    }
    // Deterministic: the same key, tweak and value give the same token (joins still match).
    QCOMPARE(tokenizeDigits(Ff1(cardKey, 10), text, "payments.card_number"), token);
    QCOMPARE(detokenizeDigits(cipher, token, "payments.card_number"), text);
    // Another tweak or another key gives another token.
    QVERIFY(tokenizeDigits(cipher, text, "orders.card_number") != token);
    std::vector<std::uint8_t> otherKey = cardKey;
    otherKey[0] ^= 1;
    QVERIFY(tokenizeDigits(Ff1(otherKey, 10), text, "payments.card_number") != token);
}

void TestFf1::alphanumericTokens()
{
    const std::string text = "User_42-Abc.def@Example.org";
    const Ff1 cipher62(cardKey, 62);
    const std::string token = tokenizeDigits(cipher62, text, "users.email");
    const std::string_view alphabet62 = tokenAlphabet(62);
    QCOMPARE(token.size(), text.size());
    QVERIFY(token != text);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (alphabet62.find(text[i]) == std::string_view::npos)
            QCOMPARE(token[i], text[i]);
        else
            QVERIFY(alphabet62.find(token[i]) != std::string_view::npos);
    }
    QCOMPARE(tokenizeDigits(cipher62, text, "users.email"), token);
    QCOMPARE(detokenizeDigits(cipher62, token, "users.email"), text);

    // Radix 36: uppercase letters are outside the alphabet and stay in place.
    const Ff1 cipher36(cardKey, 36);
    const std::string mixed = "ab-CD-1234";
    const std::string token36 = tokenizeDigits(cipher36, mixed, "t");
    QCOMPARE(token36.substr(2, 4), std::string("-CD-"));
    QCOMPARE(detokenizeDigits(cipher36, token36, "t"), mixed);
}

void TestFf1::textDomainErrors()
{
    const Ff1 decimal(cardKey, 10);
    QVERIFY(invalidArgumentOf([&] {
                tokenizeDigits(decimal, "12-34-5", "t");
            }).contains(QStringLiteral("minimum length for radix 10 is 6")));
    QVERIFY(invalidArgumentOf([&] {
                tokenizeDigits(decimal, "no digits here", "t");
            }).contains(QStringLiteral("minimum length for radix 10 is 6")));
    QVERIFY(invalidArgumentOf([&] {
                tokenizeDigits(Ff1(cardKey, 16), "0123456789", "t");
            }).contains(QStringLiteral("no text alphabet for radix 16")));
    QVERIFY(invalidArgumentOf([&] { tokenAlphabet(7); }).contains(QStringLiteral("radix 7")));
}

QTEST_GUILESS_MAIN(TestFf1)
#include "tst_ff1.moc"
