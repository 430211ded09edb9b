#pragma once

#include <QApplication>
#include <QStandardPaths>
#include <QTest>

// Like QTEST_MAIN, but offscreen unless QT_QPA_PLATFORM says otherwise (so a test run from a
// terminal opens no window), and with settings in QStandardPaths' test locations so a test never
// reads or writes the user's console settings.
#define SYNCLINE_GUI_TEST_MAIN(TestClass)                                                          \
    int main(int argc, char *argv[])                                                               \
    {                                                                                              \
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))                                        \
            qputenv("QT_QPA_PLATFORM", "offscreen");                                               \
        QStandardPaths::setTestModeEnabled(true);                                                  \
        QApplication app(argc, argv);                                                              \
        QApplication::setOrganizationName(QStringLiteral("SynclineTests"));                        \
        QApplication::setApplicationName(QStringLiteral(#TestClass));                              \
        TestClass test;                                                                            \
        QTEST_SET_MAIN_SOURCE_PATH                                                                 \
        return QTest::qExec(&test, argc, argv);                                                    \
    }
