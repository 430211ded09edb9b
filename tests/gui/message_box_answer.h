#pragma once

#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>

namespace syncline::test {

// Answers the next modal message box named `objectName` with `button` once it shows, and keeps
// its text in `question`.
inline void answerNextMessageBox(const QString &objectName, QMessageBox::StandardButton button,
                                 QString *question)
{
    auto *timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, objectName, button, question] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box || box->objectName() != objectName)
            return;
        *question = box->text();
        box->button(button)->click();
        timer->deleteLater();
    });
    timer->start();
}

// Accepts (Yes) the next modal message box named `objectName` once it shows, and keeps its
// text in `question`.
inline void acceptNextMessageBox(const QString &objectName, QString *question)
{
    answerNextMessageBox(objectName, QMessageBox::Yes, question);
}

// Answers the next modal message box, whatever its name (QMessageBox::question() gives none),
// with `button`, as a user would.
inline void answerNextQuestion(QMessageBox::StandardButton button)
{
    auto *timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, button] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        box->button(button)->click();
        timer->deleteLater();
    });
    timer->start();
}

} // namespace syncline::test
