#pragma once

#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>

namespace syncline::test {

// Accepts (Yes) the next modal message box named `objectName` once it shows, and keeps its
// text in `question`.
inline void acceptNextMessageBox(const QString &objectName, QString *question)
{
    auto *timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, objectName, question] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box || box->objectName() != objectName)
            return;
        *question = box->text();
        box->button(QMessageBox::Yes)->click();
        timer->deleteLater();
    });
    timer->start();
}

} // namespace syncline::test
